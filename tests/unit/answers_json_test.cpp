// The two answers-JSON readers behind Answers::read_json (src/io/answers_json.hpp): which
// documents the flat reader takes, that on those it gives exactly the Answers the Boost.JSON
// reader gives (numbers bit for bit, text, errors and their order), and that on every other
// document it gives up and read_json gives the Boost reader's Answers (invalid JSON with its
// line and column); and the JsonKeys a batch reader plugs into the same reader.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "io/answers_json.hpp"
#include "test_helpers.hpp"

namespace {

using rftest::load_body;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

/// The first difference between two Answers, or "" when they are the same: values (numbers bit
/// for bit), text, and errors in order.
std::string difference(const redflag::Answers& a, const redflag::Answers& b) {
  std::string out;
  const auto errors = [](const redflag::Answers& x) {
    std::string s;
    for (const auto& e : x.errors())
      s += e.question + " | " + e.code + " | " + e.message + "\n";
    return s;
  };
  if (errors(a) != errors(b)) return "errors:\n" + errors(a) + "versus\n" + errors(b);
  for (std::size_t q = 0; q < a.ruleset().questions().size(); ++q) {
    const redflag::Value x = a.get(q), y = b.get(q);
    if (x.kind != y.kind || x.boolean != y.boolean || x.text != y.text ||
        std::bit_cast<std::uint64_t>(x.number) != std::bit_cast<std::uint64_t>(y.number)) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "question %zu: %.17g versus %.17g", q, x.number, y.number);
      return buf + std::string(" ") + testing::PrintToString(x) + " versus " +
             testing::PrintToString(y);
    }
  }
  return out;
}

class AnswersJsonTest : public testing::Test {
 protected:
  const redflag::Ruleset rs = load_body(rftest::kEveryQuestionType);

  std::size_t q(std::string_view id) const { return *rs.find_question(id); }

  /// "question code" for each error, in order.
  static std::vector<std::string> errors(const redflag::Answers& a) {
    std::vector<std::string> out;
    for (const auto& e : a.errors())
      out.push_back(e.question + " " + e.code);
    return out;
  }

  /// Reads `json` into Answers that held other answers and errors: nothing of them remains.
  redflag::Answers read(std::string_view json) const {
    redflag::Answers a(rs);
    a.set("flag", true);
    a.set("nosuch", 1.0);
    a.read_json(json);
    return a;
  }

  /// Reads `json` with both readers and with read_json, and checks they agree. Returns whether
  /// the flat reader took the document.
  bool flat_takes(std::string_view json) {
    redflag::Answers full(rs);
    redflag::io::read_answers_json_full(full, json);
    redflag::Answers flat(rs);
    const bool taken = redflag::io::read_answers_json_flat(flat, json);
    if (taken) {
      EXPECT_EQ(difference(flat, full), "") << json;
    }
    redflag::Answers combined(rs);
    combined.set("flag", true);  // read_json starts afresh
    combined.set("nosuch", 1.0);
    combined.read_json(json);
    EXPECT_EQ(difference(combined, full), "") << json;
    return taken;
  }
};

// ---------------------------------------------------------------------------------------------
// What the flat reader takes

TEST_F(AnswersJsonTest, FlatReaderTakesEveryType) {
  EXPECT_TRUE(flat_takes(
      R"({"flag": true, "leg": "both", "age": 42, "temp": 37.5, "any_int": -3, "weight": 70.25,)"
      R"( "note": "since Monday"})"));
  // The values are the answers (not only the same as the other reader's).
  redflag::Answers a(rs);
  ASSERT_TRUE(redflag::io::read_answers_json_flat(
      a, R"({"flag":false,"leg":"one","age":16,"temp":34,"weight":-0.5,"note":""})"));
  EXPECT_TRUE(a.ok());
  EXPECT_EQ(a.get(q("flag")), redflag::Value::of(false));
  EXPECT_EQ(a.get(q("leg")), redflag::Value::choice("one"));
  EXPECT_EQ(a.get(q("age")), redflag::Value::of(16.0));
  EXPECT_EQ(a.get(q("temp")), redflag::Value::of(34.0));
  EXPECT_EQ(a.get(q("weight")), redflag::Value::of(-0.5));
  EXPECT_EQ(a.get(q("note")), redflag::Value::text_value(""));
  EXPECT_FALSE(a.answered(q("any_int")));  // missing is unknown, never false
}

TEST_F(AnswersJsonTest, FlatReaderTakesTheExampleDocuments) {
  const auto low_back_pain = redflag::load_file("tests/fixtures/rules/low_back_pain.rf");
  ASSERT_TRUE(low_back_pain);
  std::size_t documents = 0;
  for (const auto& entry : std::filesystem::directory_iterator("tests/fixtures/answers")) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().string());
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string json{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    redflag::Answers flat(low_back_pain.value()), full(low_back_pain.value());
    EXPECT_TRUE(redflag::io::read_answers_json_flat(flat, json));
    redflag::io::read_answers_json_full(full, json);
    EXPECT_EQ(difference(flat, full), "");
    ++documents;
  }
  EXPECT_GE(documents, 10u);
}

TEST_F(AnswersJsonTest, FlatReaderTakesWhiteSpaceAndEmptyObjects) {
  EXPECT_TRUE(flat_takes("{}"));
  EXPECT_TRUE(flat_takes(" \t\r\n{ \t\r\n}"));
  EXPECT_TRUE(flat_takes("{\n\t\"flag\"\r\n:\ttrue\n,\n\"age\" : 30 }"));
  // After the object, as the Boost reader: any white space std::isspace knows.
  EXPECT_TRUE(flat_takes("{\"flag\": true}\n\v\f\r\t "));
}

TEST_F(AnswersJsonTest, FlatReaderRecordsEveryErrorAsTheOtherReader) {
  for (const char* json : {
           R"({"flag": true, "fevr": true, "flag": false})",         // unknown, duplicate
           R"({"flag": null, "flag": true})",                        // null then a value
           R"({"flag": "true", "leg": 1, "note": false})",           // wrong types
           R"({"age": 121, "temp": 33.99, "leg": "three"})",         // range, option
           R"({"age": 42.5, "any_int": 0.1, "weight": 1e22})",       // not integers
           R"({"nosuch": "x", "also": null, "": 3, "flag": true})",  // unknown keys, empty key
       }) {
    EXPECT_TRUE(flat_takes(json));
  }
  redflag::Answers a(rs);
  ASSERT_TRUE(redflag::io::read_answers_json_flat(a, R"({"flag": true, "flag": false})"));
  ASSERT_EQ(a.errors().size(), 1u);
  EXPECT_EQ(a.errors()[0].code, "duplicate-answer");
  EXPECT_FALSE(a.answered(q("flag")));  // a second answer is not silently preferred
}

TEST_F(AnswersJsonTest, FlatReaderTakesKeysInAnyOrder) {
  // The key after the previous one is tried first; others are looked up; near misses are not
  // questions.
  EXPECT_TRUE(flat_takes(R"({"note": "n", "flag": true, "weight": 1, "age": 30, "leg": "none"})"));
  EXPECT_TRUE(flat_takes(R"({"flag": true, "le": "none", "legs": "none", "leg": "one"})"));
  EXPECT_TRUE(flat_takes(R"({"flag": true, "leg": "one", "age": 30, "temp": 37, "any_in": 2})"));
}

TEST_F(AnswersJsonTest, FlatReaderMatchesKeysOfEveryLength) {
  // The keys after the previous one are compared in words of 8, 4, 2 and 1 bytes: ids of 1 to 20
  // characters, each after a near miss (one byte changed: first, middle or last) that must be
  // read as an unknown question, not as the id.
  std::string body, json = "{";
  std::vector<std::string> ids;
  for (std::size_t n = 1; n <= 20; ++n) {
    std::string id;
    for (std::size_t i = 0; i < n; ++i)
      id += char('a' + (n + i) % 26);
    body += "question " + id + ": boolean \"?\"\n";
    for (const std::size_t at : {std::size_t(0), n / 2, n - 1}) {
      std::string miss = id;
      miss[at] = miss[at] == 'z' ? 'y' : 'z';
      json += "\"" + miss + "\": false, ";
    }
    json += "\"" + id + "\": true, ";
    ids.push_back(id);
  }
  json += "\"end\": null}";
  const redflag::Ruleset lengths = load_body(body);
  redflag::Answers flat(lengths), full(lengths);
  ASSERT_TRUE(redflag::io::read_answers_json_flat(flat, json));
  redflag::io::read_answers_json_full(full, json);
  EXPECT_EQ(difference(flat, full), "");
  for (std::size_t q = 0; q < ids.size(); ++q)
    EXPECT_EQ(flat.get(q), redflag::Value::of(true)) << ids[q];
  EXPECT_EQ(flat.errors().size(), 3 * ids.size() + 1);  // every near miss, and "end"

  // Questions left out (the next few questions are tried before a key is looked up): gaps of 8,
  // 0, 7 and 1, then keys before the previous one.
  const std::string gaps = "{\"" + ids[0] + "\": true, \"" + ids[9] + "\": false, \"" + ids[10] +
                           "\": true, \"" + ids[18] + "\": false, \"" + ids[19] + "\": true, \"" +
                           ids[5] + "\": true, \"" + ids[1] + "\": false}";
  flat.set(ids[2], true);  // forgotten when the next document is read
  ASSERT_TRUE(redflag::io::read_answers_json_flat(flat, gaps));
  redflag::io::read_answers_json_full(full, gaps);
  EXPECT_EQ(difference(flat, full), "");
  EXPECT_TRUE(flat.ok());
  for (const std::size_t q : {0, 10, 19, 5})
    EXPECT_EQ(flat.get(q), redflag::Value::of(true)) << ids[q];
  for (const std::size_t q : {9, 18, 1})
    EXPECT_EQ(flat.get(q), redflag::Value::of(false)) << ids[q];
  EXPECT_FALSE(flat.answered(2));
}

TEST_F(AnswersJsonTest, FlatReaderEndsAtTheLastClosingBrace) {
  // The last character but white space must be the object's closing brace: the flat reader's
  // scans stop there without looking for the end of the text.
  EXPECT_TRUE(flat_takes("{\"note\": \"}\"}"));
  EXPECT_TRUE(flat_takes("{\"note\": \"{}\", \"flag\": true} \n"));
  for (const char* json :
       {"}", "{}}", "{} }", "{\"flag\": true}}", "{\"flag\": true} }", "{\"note\": \"}\"",
        "{\"note\": \"}", "{\"flag\": tru}", "{\"flag\": fals}", "{\"flag\": nul}", "{\"flag\":}",
        "{\"flag\": }", "{\"flag\" }", "{\"flag}", "{\"age\": 3}\n}", "{\"age\": 3 ,}"}) {
    SCOPED_TRACE(json);
    EXPECT_FALSE(flat_takes(json));
    const auto a = redflag::Answers::from_json(rs, json);
    ASSERT_EQ(a.errors().size(), 1u);
    EXPECT_EQ(a.errors()[0].code, "invalid-json");
  }
}

TEST_F(AnswersJsonTest, FlatReaderTakesSimpleEscapesAndUtf8) {
  EXPECT_TRUE(flat_takes(R"({"note": "say \"hi\"\\ \/ \b\f\n\r\t end", "leg": "one"})"));
  EXPECT_TRUE(flat_takes(R"({"fl\"ag": true, "le\\g": "none"})"));  // unknown, decoded
  EXPECT_TRUE(flat_takes("{\"note\": \"caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80\"}"));
  EXPECT_TRUE(flat_takes("{\"caf\xc3\xa9\": \"\xc3\xa9\"}"));
  redflag::Answers a(rs);
  ASSERT_TRUE(redflag::io::read_answers_json_flat(a, R"({"note": "a\"b\\c\/d\ne"})"));
  EXPECT_EQ(a.get(q("note")), redflag::Value::text_value("a\"b\\c/d\ne"));
}

TEST_F(AnswersJsonTest, FlatReaderTakesNumbersItConvertsExactly) {
  for (const char* number :
       {"0",
        "-0",
        "7",
        "-7",
        "120",
        "123456789012345678",
        "-123456789012345678",
        "9007199254740993",  // above 2^53: rounds as the other reader's int64 does
        "0.0",
        "-0.0",
        "0.1",
        "36.7",
        "-2.5",
        "1e5",
        "1E-5",
        "1.25e+2",
        "12.50e-1",
        "0e7",
        "-0e-3",
        "123456789012345e7",
        "1234567890.12345",
        "0.000000000000000000001",
        "1e22",
        "1e-22",
        "4.35",
        "0.3",
        "1e0000000000000002"}) {
    SCOPED_TRACE(number);
    EXPECT_TRUE(flat_takes(std::string(R"({"weight": )") + number + "}"));
    EXPECT_TRUE(flat_takes(std::string(R"({"any_int": )") + number + "}"));
  }
  // -0 is the integer 0 (Boost reads an int64); -0.0 is negative zero.
  redflag::Answers a(rs);
  ASSERT_TRUE(redflag::io::read_answers_json_flat(a, R"({"weight": -0, "any_int": -0.0})"));
  EXPECT_FALSE(std::signbit(a.get(q("weight")).number));
  EXPECT_TRUE(std::signbit(a.get(q("any_int")).number));
}

TEST_F(AnswersJsonTest, FlatReaderConvertsRandomNumbersAsTheOtherReader) {
  // Decimal numbers in every form the flat reader takes, bit for bit against the other reader.
  std::mt19937_64 random(20240611);
  std::size_t taken = 0;
  for (int i = 0; i < 20000; ++i) {
    const int digits = 1 + int(random() % 15);
    std::string mantissa;
    for (int d = 0; d < digits; ++d)
      mantissa += char('0' + random() % 10);
    mantissa.erase(0, std::min(mantissa.find_first_not_of('0'), mantissa.size() - 1));
    const std::size_t point = random() % (mantissa.size() + 1);
    std::string number = (random() % 2 ? "-" : "") + mantissa.substr(0, point);
    if (point == 0) number += "0";
    if (point < mantissa.size()) number += "." + mantissa.substr(point);
    if (random() % 2) number += "e" + std::to_string(int(random() % 41) - 20);
    const std::string json = R"({"weight": )" + number + "}";
    SCOPED_TRACE(json);
    taken += flat_takes(json);
    if (HasFailure()) break;
  }
  EXPECT_GT(taken, 15000u);  // most are within the flat reader's range
}

// ---------------------------------------------------------------------------------------------
// What it leaves to the Boost.JSON reader

TEST_F(AnswersJsonTest, InvalidJsonFallsBackWithItsPosition) {
  for (const char* json : {"",
                           "   ",
                           "{",
                           "{\"flag\": tr",
                           "{\"flag\": true,}",
                           "{\"flag\" true}",
                           "{\"flag\": true",
                           "{\"flag\": true} x",
                           "{\"flag\": true}{}",
                           "{flag: true}",
                           "{'flag': true}",
                           "{\"flag\": NaN}",
                           "{\"flag\": +1}",
                           "{\"flag\": 01}",
                           "{\"flag\": 1.}",
                           "{\"flag\": .5}",
                           "{\"flag\": -}",
                           "{\"flag\": 1e}",
                           "{\"flag\": 1e+}",
                           "{\"flag\": 1.5.3}",
                           "{\"flag\": truex}",
                           "{\"flag\": nul}",
                           "{\"flag\": fals}",
                           "{\"note\": \"unterminated}",
                           "{\v}",
                           "{\"flag\":\vtrue}",
                           "{\"note\": \"tab\there\"}",
                           "{\"note\": \"bad \\x escape\"}"}) {
    SCOPED_TRACE(json);
    EXPECT_FALSE(flat_takes(json));
    const auto a = redflag::Answers::from_json(rs, json);
    ASSERT_EQ(a.errors().size(), 1u);
    EXPECT_EQ(a.errors()[0].code, "invalid-json");
    EXPECT_THAT(a.errors()[0].message, HasSubstr("invalid JSON at line 1, column "));
  }
  // A NUL inside the text (not the end of a C string).
  EXPECT_FALSE(flat_takes(std::string_view("{\"flag\": true}\0", 15)));
  EXPECT_FALSE(flat_takes(std::string_view("{\"note\": \"a\0b\"}", 15)));
  // The position is the other reader's, on later lines too.
  const auto a = redflag::Answers::from_json(rs, "{\n  \"flag\": true,\n  \"age\": 3x\n}");
  ASSERT_EQ(a.errors().size(), 1u);
  EXPECT_THAT(a.errors()[0].message, HasSubstr("line 3, column 11"));
  EXPECT_FALSE(a.answered(q("flag")));  // a broken document is rejected whole
}

TEST_F(AnswersJsonTest, NestingAndOtherDocumentsFallBack) {
  for (const char* json : {R"({"flag": {"nested": true}, "age": 30})", R"({"leg": ["both"]})",
                           R"({"x": {"flag": true}})", "[true, 2]", "42", R"("flag")", "true",
                           "null", "{\"flag\": []}"}) {
    SCOPED_TRACE(json);
    EXPECT_FALSE(flat_takes(json));
    EXPECT_FALSE(redflag::Answers::from_json(rs, json).ok());
  }
}

TEST_F(AnswersJsonTest, UnicodeEscapesAndInvalidUtf8FallBack) {
  for (const char* json :
       {R"({"note": "\u00e9"})", R"({"note": "\ud83d\ude00"})", R"({"note": "\ud800"})",
        R"({"fl\u0061g": true})", "{\"note\": \"\xff\"}", "{\"note\": \"\xc0\xaf\"}",
        "{\"note\": \"\xed\xa0\x80\"}", "{\"note\": \"\xf4\x90\x80\x80\"}",
        "{\"note\": \"\xe6\x97\"}", "{\"note\": \"\xc3"}) {
    SCOPED_TRACE(json);
    EXPECT_FALSE(flat_takes(json));
  }
  // A \u escape is decoded as before.
  redflag::Answers a(rs);
  a.read_json(R"({"fl\u0061g": true, "note": "caf\u00e9"})");
  EXPECT_TRUE(a.ok());
  EXPECT_EQ(a.get(q("flag")), redflag::Value::of(true));
  EXPECT_EQ(a.get(q("note")), redflag::Value::text_value("caf\xc3\xa9"));
}

TEST_F(AnswersJsonTest, NumbersItMightRoundDifferentlyFallBack) {
  for (const char* number :
       {"1234567890123456789", "18446744073709551615", "18446744073709551616",
        "-9223372036854775808", "0.1234567890123456", "1234567890123456.5", "1e23", "1e-23",
        "123.456e-30", "1e400", "-1e400", "1e-400", "1.7976931348623157e308", "5e-324",
        "1000000000000000000000", "0.00000000000000000000000001"}) {
    SCOPED_TRACE(number);
    EXPECT_FALSE(flat_takes(std::string(R"({"weight": )") + number + "}"));
  }
}

// ---------------------------------------------------------------------------------------------
// Strings in parts

TEST_F(AnswersJsonTest, LongKeysAndStrings) {
  // Long enough to be read in parts, with escapes far from the start.
  std::string long_text(5000, 'x');
  long_text[4000] = '"';
  std::string escaped = long_text;
  escaped.replace(4000, 1, "\\\"");
  const std::string long_key(3000, 'k');
  const auto a =
      read("{\"note\": \"" + escaped + "\", \"" + long_key + "\": 1, \"" + long_key + "\\n\": 2}");
  EXPECT_EQ(a.get(q("note")), redflag::Value::text_value(long_text));
  // An unknown key is named by its excerpt (io/excerpt.hpp): its first bytes and its length.
  const std::string head(40, 'k');
  EXPECT_THAT(errors(a), ElementsAre(head + "... (3000 bytes) unknown-question",
                                     head + "... (3001 bytes) unknown-question"));
}

// ---------------------------------------------------------------------------------------------
// Other keys: what a batch reader plugs in

/// Keys with a prefix: "q_ID" answers question ID through bind(), "id" is other, "stop" stops
/// the reading, anything else is rejected. Records what it is given.
class PrefixKeys final : public redflag::io::JsonKeys {
 public:
  explicit PrefixKeys(const redflag::Ruleset& rs) : rs_(rs) {}
  std::vector<std::string> log;

  Key key(std::string_view key, redflag::Answers& answers) override {
    if (key == "stop") return {Key::Kind::stop};
    if (key == "id") return {Key::Kind::other};
    if (key.starts_with("q_"))
      if (const auto q = rs_.find_question(key.substr(2))) return {Key::Kind::question, *q, true};
    answers.add_error({std::string(key), "unknown-question", "rejected"});
    return {Key::Kind::rejected};
  }
  void bind(std::size_t question, const redflag::Value& value, redflag::Answers& answers) override {
    log.push_back("bind " + std::string(rs_.questions()[question].id));
    JsonKeys::bind(question, value, answers);
  }
  void other(std::string_view key, const redflag::Value&, std::string_view text,
             redflag::Answers&) override {
    log.push_back("other " + std::string(key) + "=" + std::string(text));
  }

 private:
  const redflag::Ruleset& rs_;
};

TEST_F(AnswersJsonTest, KeysDecideWhatEachKeyIs) {
  using redflag::io::JsonText;
  redflag::Answers a(rs);
  PrefixKeys keys(rs);
  ASSERT_TRUE(redflag::io::read_answers_json(
      a,
      R"({"id": 1.50, "q_age": 30, "q_age": 31, "x": {"y": 1}, "id": "p\"1", "id": null,)"
      R"( "id": false, "q_flag": {}, "q_leg": "one"})",
      keys, JsonText::line));
  EXPECT_THAT(keys.log, ElementsAre("other id=1.50", "bind age", "other id=p\"1",
                                    "other id=", "other id=false", "bind leg"));
  EXPECT_THAT(errors(a), ElementsAre("age duplicate-answer", "x unknown-question", " wrong-type"));
  EXPECT_EQ(a.errors()[2].message,
            "a field has an object as its value; answers are true/false, numbers, strings or null");
  EXPECT_FALSE(a.answered(q("age")));
  EXPECT_EQ(a.get(q("leg")), redflag::Value::choice("one"));

  // A key that stops the reading: false, and nothing is kept.
  EXPECT_FALSE(redflag::io::read_answers_json(a, R"({"q_flag": true, "stop": 1})", keys));
  EXPECT_TRUE(a.ok());
  EXPECT_FALSE(a.answered(q("flag")));

  // A line's wording: a record, columns, and no white space but JSON's after the object.
  redflag::io::read_answers_json(a, "[1]", keys, JsonText::line);
  EXPECT_EQ(a.errors().at(0).message, "a record must be a JSON object, not an array");
  redflag::io::read_answers_json(a, "{\"q_flag\": true} x", keys, JsonText::line);
  EXPECT_THAT(a.errors().at(0).message, HasSubstr("invalid JSON at column 18: "));
  redflag::io::read_answers_json(a, "{\"q_flag\": true}\v", keys, JsonText::line);
  EXPECT_THAT(errors(a), ElementsAre(" invalid-json"));
  redflag::io::read_answers_json(a, "{\"q_flag\": true} \t\r", keys, JsonText::line);
  EXPECT_TRUE(a.ok());
}

}  // namespace
