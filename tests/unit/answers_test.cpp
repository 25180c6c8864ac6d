// Answers: reading them from JSON (every type and every error code), the setter API, and the
// JSON form of a Result (its exact shape and string escaping).
//
// Boost.JSON is compiled header-only here, in this one translation unit of the test program.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json/src.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "answers_impl.hpp"
#include "test_helpers.hpp"

namespace {

using rftest::load_body;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class AnswersTest : public testing::Test {
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
};

// ---------------------------------------------------------------------------------------------
// from_json: every type

TEST_F(AnswersTest, FromJsonEveryType) {
  const auto a = redflag::Answers::from_json(rs, R"({
    "flag": true,
    "leg": "both",
    "age": 42,
    "temp": 38.5,
    "any_int": -7,
    "weight": 0,
    "note": "Line one\nline \"two\""
  })");
  EXPECT_TRUE(a.ok()) << testing::PrintToString(errors(a));
  EXPECT_EQ(a.get(q("flag")), redflag::Value::of(true));
  EXPECT_EQ(a.get(q("leg")), redflag::Value::choice("both"));
  EXPECT_EQ(a.get(q("age")), redflag::Value::of(42.0));
  EXPECT_EQ(a.get(q("temp")), redflag::Value::of(38.5));
  EXPECT_EQ(a.get(q("any_int")), redflag::Value::of(-7.0));
  EXPECT_EQ(a.get(q("weight")), redflag::Value::of(0.0));
  EXPECT_EQ(a.get(q("note")), redflag::Value::text_value("Line one\nline \"two\""));
  for (std::size_t i = 0; i < rs.questions().size(); ++i)
    EXPECT_TRUE(a.answered(i)) << rs.questions()[i].id;
}

TEST_F(AnswersTest, FromJsonFalseAndBoundaries) {
  const auto a = redflag::Answers::from_json(
      rs, R"({"flag": false, "age": 16, "temp": 43.0, "any_int": 42.0, "leg": "none"})");
  EXPECT_TRUE(a.ok()) << testing::PrintToString(errors(a));
  EXPECT_EQ(a.get(q("flag")), redflag::Value::of(false));
  EXPECT_EQ(a.get(q("age")), redflag::Value::of(16.0));
  EXPECT_EQ(a.get(q("temp")), redflag::Value::of(43.0));
  EXPECT_EQ(a.get(q("any_int")), redflag::Value::of(42.0));  // 42.0 is a whole number
  EXPECT_EQ(a.get(q("leg")), redflag::Value::choice("none"));
}

TEST_F(AnswersTest, EmptyObjectAnswersNothing) {
  const auto a = redflag::Answers::from_json(rs, " { } ");
  EXPECT_TRUE(a.ok());
  for (std::size_t i = 0; i < rs.questions().size(); ++i) {
    EXPECT_FALSE(a.answered(i));
    EXPECT_EQ(a.get(i), redflag::Value::unknown_value());
  }
}

TEST_F(AnswersTest, NullIsUnanswered) {
  const auto a =
      redflag::Answers::from_json(rs, R"({"flag": null, "leg": null, "age": null, "note": null})");
  EXPECT_TRUE(a.ok()) << testing::PrintToString(errors(a));
  EXPECT_FALSE(a.answered(q("flag")));
  EXPECT_FALSE(a.answered(q("leg")));
  EXPECT_FALSE(a.answered(q("age")));
  EXPECT_FALSE(a.answered(q("note")));
}

// ---------------------------------------------------------------------------------------------
// from_json: errors

TEST_F(AnswersTest, UnknownQuestion) {
  const auto a = redflag::Answers::from_json(rs, R"({"flag": true, "fevr": true})");
  EXPECT_FALSE(a.ok());
  EXPECT_THAT(errors(a), ElementsAre("fevr unknown-question"));
  EXPECT_THAT(a.errors()[0].message, HasSubstr("'fevr' is not a question of rule set 't'"));
  EXPECT_TRUE(a.answered(q("flag")));  // the good answer is kept
}

TEST_F(AnswersTest, WrongType) {
  const auto a = redflag::Answers::from_json(
      rs, R"({"flag": 1, "leg": true, "age": "42", "temp": false, "note": 5})");
  EXPECT_THAT(errors(a), ElementsAre("flag wrong-type", "leg wrong-type", "age wrong-type",
                                     "temp wrong-type", "note wrong-type"));
  EXPECT_THAT(a.errors()[0].message, HasSubstr("'flag' expects true or false"));
  EXPECT_THAT(a.errors()[1].message, HasSubstr("one of none, one, both"));
  for (std::size_t i = 0; i < rs.questions().size(); ++i)
    EXPECT_FALSE(a.answered(i)) << rs.questions()[i].id;
}

TEST_F(AnswersTest, StringIsNotABoolean) {
  const auto a = redflag::Answers::from_json(rs, R"({"flag": "true"})");
  EXPECT_THAT(errors(a), ElementsAre("flag wrong-type"));
  EXPECT_FALSE(a.answered(q("flag")));
}

TEST_F(AnswersTest, OutOfRange) {
  const auto a = redflag::Answers::from_json(rs, R"({"age": 121, "temp": 33.99})");
  EXPECT_THAT(errors(a), ElementsAre("age out-of-range", "temp out-of-range"));
  EXPECT_THAT(a.errors()[0].message, HasSubstr("16..120"));
  EXPECT_THAT(a.errors()[0].message, HasSubstr("got 121"));
  EXPECT_FALSE(a.answered(q("age")));
  EXPECT_FALSE(a.answered(q("temp")));
}

TEST_F(AnswersTest, UnknownOption) {
  const auto a = redflag::Answers::from_json(rs, R"({"leg": "three", "note": "three"})");
  EXPECT_THAT(errors(a), ElementsAre("leg unknown-option"));
  EXPECT_THAT(a.errors()[0].message, HasSubstr("\"three\""));
  EXPECT_FALSE(a.answered(q("leg")));
  EXPECT_TRUE(a.answered(q("note")));  // any string answers a text question
}

TEST_F(AnswersTest, OptionIdsAreCaseSensitive) {
  const auto a = redflag::Answers::from_json(rs, R"({"leg": "Both"})");
  EXPECT_THAT(errors(a), ElementsAre("leg unknown-option"));
}

TEST_F(AnswersTest, NotAnInteger) {
  const auto a = redflag::Answers::from_json(rs, R"({"age": 42.5, "any_int": 0.1})");
  EXPECT_THAT(errors(a), ElementsAre("age not-an-integer", "any_int not-an-integer"));
  EXPECT_FALSE(a.answered(q("age")));
}

TEST_F(AnswersTest, DuplicateAnswerWithConflictingValues) {
  const auto a = redflag::Answers::from_json(rs, R"({"flag": true, "age": 30, "flag": false})");
  EXPECT_THAT(errors(a), ElementsAre("flag duplicate-answer"));
  EXPECT_FALSE(a.answered(q("flag")));  // neither value is believed
  EXPECT_TRUE(a.answered(q("age")));
  // And the evaluation is an error result.
  EXPECT_THROW((void)rs.evaluate(a).level(), redflag::ResultError);
}

TEST_F(AnswersTest, DuplicateAfterNull) {
  const auto a = redflag::Answers::from_json(rs, R"({"flag": null, "flag": true})");
  EXPECT_THAT(errors(a), ElementsAre("flag duplicate-answer"));
  EXPECT_FALSE(a.answered(q("flag")));
}

TEST_F(AnswersTest, InvalidJsonTruncated) {
  const auto a = redflag::Answers::from_json(rs, R"({"flag": tr)");
  ASSERT_EQ(a.errors().size(), 1u);
  EXPECT_EQ(a.errors()[0].code, "invalid-json");
  EXPECT_EQ(a.errors()[0].question, "");
  EXPECT_THAT(a.errors()[0].message, HasSubstr("line 1, column 12"));
}

TEST_F(AnswersTest, InvalidJsonTrailingComma) {
  const auto a = redflag::Answers::from_json(rs, "{\n  \"flag\": true,\n}");
  ASSERT_EQ(a.errors().size(), 1u);
  EXPECT_EQ(a.errors()[0].code, "invalid-json");
  EXPECT_THAT(a.errors()[0].message, HasSubstr("line 3, column 1"));
}

TEST_F(AnswersTest, InvalidJsonGarbage) {
  for (const char* text : {"hello", "", "{flag: true}", R"({"flag": NaN})", "{'flag': true}"}) {
    SCOPED_TRACE(text);
    const auto a = redflag::Answers::from_json(rs, text);
    ASSERT_EQ(a.errors().size(), 1u) << testing::PrintToString(errors(a));
    EXPECT_EQ(a.errors()[0].code, "invalid-json");
    EXPECT_THAT(a.errors()[0].message, HasSubstr("invalid JSON at line 1, column "));
  }
  const auto a = redflag::Answers::from_json(rs, "{\"flag\": true, \"temp\": 38x}");
  EXPECT_THAT(errors(a), ElementsAre(" invalid-json"));
  EXPECT_THAT(a.errors()[0].message, HasSubstr("line 1, column 26"));
}

TEST_F(AnswersTest, InvalidJsonTrailingGarbage) {
  // Text after the JSON object makes the whole document invalid.
  const auto a = redflag::Answers::from_json(rs, R"({"flag": true} x)");
  EXPECT_THAT(errors(a), ElementsAre(" invalid-json"));
  EXPECT_THAT(a.errors()[0].message, HasSubstr("line 1, column 16"));
  EXPECT_THAT(errors(redflag::Answers::from_json(rs, R"({"flag": true}{"age": 30})")),
              ElementsAre(" invalid-json"));
  // Trailing white space is fine.
  EXPECT_TRUE(redflag::Answers::from_json(rs, "{\"flag\": true}\n\t ").ok());
}

TEST_F(AnswersTest, TopLevelMustBeAnObject) {
  for (const char* text : {"42", R"("flag")", "true", "null"}) {
    SCOPED_TRACE(text);
    const auto a = redflag::Answers::from_json(rs, text);
    EXPECT_THAT(errors(a), ElementsAre(" wrong-type"));
    EXPECT_THAT(a.errors()[0].message, HasSubstr("must be a JSON object"));
  }
}

TEST_F(AnswersTest, TopLevelArrayIsOneError) {
  // One error for the document, not one per element.
  const auto a = redflag::Answers::from_json(rs, "[true, 2]");
  EXPECT_THAT(errors(a), ElementsAre(" wrong-type"));
  EXPECT_THAT(a.errors()[0].message, HasSubstr("not an array"));
}

TEST_F(AnswersTest, NestedValuesAreRejected) {
  const auto a = redflag::Answers::from_json(
      rs, R"({"flag": {"nested": true}, "leg": ["both"], "age": 30, "note": [{"x": [1]}]})");
  EXPECT_THAT(errors(a), ElementsAre("flag wrong-type", "leg wrong-type", "note wrong-type"));
  EXPECT_THAT(a.errors()[0].message, HasSubstr("an object"));
  EXPECT_THAT(a.errors()[1].message, HasSubstr("an array"));
  EXPECT_FALSE(a.answered(q("flag")));
  EXPECT_FALSE(a.answered(q("leg")));
  EXPECT_TRUE(a.answered(q("age")));
  // Keys inside a nested object are not answers.
  EXPECT_FALSE(a.answered(q("note")));
}

TEST_F(AnswersTest, NestedKeysAreNotAnswers) {
  const auto a = redflag::Answers::from_json(rs, R"({"unknown_group": {"flag": true}})");
  EXPECT_THAT(errors(a), ElementsAre("unknown_group wrong-type"));
  EXPECT_FALSE(a.answered(q("flag")));
}

TEST_F(AnswersTest, EveryBadKeyIsReported) {
  const auto a = redflag::Answers::from_json(rs, R"({
    "nosuch": 1, "flag": 3, "age": 500, "leg": "sideways", "temp": 38, "any_int": 1.5,
    "also_nosuch": null
  })");
  EXPECT_THAT(errors(a), ElementsAre("nosuch unknown-question", "flag wrong-type",
                                     "age out-of-range", "leg unknown-option",
                                     "any_int not-an-integer", "also_nosuch unknown-question"));
  EXPECT_TRUE(a.answered(q("temp")));
}

TEST_F(AnswersTest, HugeAndNonFiniteNumbersAreRejected) {
  const auto a = redflag::Answers::from_json(rs, R"({"weight": 1e999, "any_int": -1e999})");
  EXPECT_THAT(errors(a), ElementsAre("weight out-of-range", "any_int out-of-range"));
  EXPECT_FALSE(a.answered(q("weight")));

  redflag::Answers b(rs);
  EXPECT_FALSE(b.set("weight", std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(b.set("weight", std::numeric_limits<double>::infinity()));
  EXPECT_THAT(errors(b), ElementsAre("weight out-of-range", "weight out-of-range"));
  EXPECT_FALSE(b.answered(q("weight")));
  // A large but finite number is fine where there is no range.
  EXPECT_TRUE(b.set("weight", 1e308));
}

TEST_F(AnswersTest, ErrorsMakeAnErrorResult) {
  const auto a = redflag::Answers::from_json(rs, R"({"age": 500})");
  const auto r = rs.evaluate(a);
  EXPECT_THROW((void)r.level(), redflag::ResultError);
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].code, "out-of-range");
}

// ---------------------------------------------------------------------------------------------
// The setter API

TEST_F(AnswersTest, SetOverloads) {
  redflag::Answers a(rs);
  EXPECT_TRUE(a.set("flag", true));
  EXPECT_TRUE(a.set("age", 40));            // int
  EXPECT_TRUE(a.set("any_int", 7LL));       // long long
  EXPECT_TRUE(a.set("temp", 37.5));         // double
  EXPECT_TRUE(a.set("leg", "one"));         // const char*: an option id, not a bool
  EXPECT_TRUE(a.set("note", "free text"));  // const char*: text, not a bool
  EXPECT_TRUE(a.ok());
  EXPECT_EQ(a.get(q("flag")), redflag::Value::of(true));
  EXPECT_EQ(a.get(q("age")), redflag::Value::of(40.0));
  EXPECT_EQ(a.get(q("any_int")), redflag::Value::of(7.0));
  EXPECT_EQ(a.get(q("temp")), redflag::Value::of(37.5));
  EXPECT_EQ(a.get(q("leg")), redflag::Value::choice("one"));
  EXPECT_EQ(a.get(q("note")), redflag::Value::text_value("free text"));
}

TEST_F(AnswersTest, ConstCharPointerIsNotABoolean) {
  // With only a bool overload, "yes" would convert to true; here it must be a string.
  redflag::Answers a(rs);
  EXPECT_FALSE(a.set("flag", "yes"));
  EXPECT_THAT(errors(a), ElementsAre("flag wrong-type"));
  EXPECT_THAT(a.errors()[0].message, HasSubstr("the string \"yes\""));
  EXPECT_FALSE(a.answered(q("flag")));
}

TEST_F(AnswersTest, SetValue) {
  redflag::Answers a(rs);
  EXPECT_TRUE(a.set("flag", redflag::Value::of(false)));
  EXPECT_TRUE(a.set("age", redflag::Value::of(50.0)));
  EXPECT_TRUE(a.set("leg", redflag::Value::choice("both")));
  EXPECT_TRUE(a.set("note", redflag::Value::text_value("t")));
  EXPECT_EQ(a.get(q("flag")), redflag::Value::of(false));
  EXPECT_EQ(a.get(q("leg")), redflag::Value::choice("both"));
  EXPECT_TRUE(a.set("flag", redflag::Value::unknown_value()));
  EXPECT_FALSE(a.answered(q("flag")));
  EXPECT_TRUE(a.ok());
}

TEST_F(AnswersTest, StoredTextIsACopy) {
  redflag::Answers a(rs);
  {
    std::string text = "a temporary string that is long enough not to be inline";
    a.set("note", std::string_view(text));
    text.assign(text.size(), 'x');
  }
  EXPECT_EQ(a.get(q("note")),
            redflag::Value::text_value("a temporary string that is long enough not to be inline"));
}

TEST_F(AnswersTest, RejectedAnswerLeavesTheQuestionUnanswered) {
  redflag::Answers a(rs);
  ASSERT_TRUE(a.set("age", 40));
  EXPECT_FALSE(a.set("age", 500));
  EXPECT_FALSE(a.answered(q("age")));  // not the old 40
  EXPECT_FALSE(a.set("age", true));
  EXPECT_THAT(errors(a), ElementsAre("age out-of-range", "age wrong-type"));
  EXPECT_FALSE(a.ok());
}

TEST_F(AnswersTest, LaterSetReplacesAnEarlierOne) {
  redflag::Answers a(rs);
  a.set("leg", "one");
  a.set("leg", "both");
  EXPECT_EQ(a.get(q("leg")), redflag::Value::choice("both"));
  EXPECT_TRUE(a.ok());
}

TEST_F(AnswersTest, UnsetAndUnknownQuestions) {
  redflag::Answers a(rs);
  a.set("flag", true);
  EXPECT_TRUE(a.unset("flag"));
  EXPECT_FALSE(a.answered(q("flag")));
  EXPECT_TRUE(a.ok());
  EXPECT_FALSE(a.set("nosuch", true));
  EXPECT_FALSE(a.unset("nosuch2"));
  EXPECT_THAT(errors(a), ElementsAre("nosuch unknown-question", "nosuch2 unknown-question"));
}

TEST_F(AnswersTest, ClearForReuse) {
  redflag::Answers a(rs);
  a.set("flag", true);
  a.set("note", "x");
  a.set("age", 1000);
  ASSERT_FALSE(a.ok());
  a.clear();
  EXPECT_TRUE(a.ok());
  EXPECT_THAT(a.errors(), IsEmpty());
  for (std::size_t i = 0; i < rs.questions().size(); ++i)
    EXPECT_FALSE(a.answered(i)) << rs.questions()[i].id;
  a.set("age", 30);
  EXPECT_EQ(a.get(q("age")), redflag::Value::of(30.0));
  EXPECT_EQ(&a.ruleset().impl(), &rs.impl());
}

TEST_F(AnswersTest, SetByIndex) {
  redflag::Answers a(rs);
  EXPECT_TRUE(a.set(q("age"), redflag::Value::of(40.0)));
  EXPECT_TRUE(a.set(q("leg"), redflag::Value::choice("both")));
  EXPECT_EQ(a.get(q("age")), redflag::Value::of(40.0));
  EXPECT_FALSE(a.set(q("age"), redflag::Value::of(500.0)));
  EXPECT_FALSE(a.answered(q("age")));
  EXPECT_THAT(errors(a), ElementsAre("age out-of-range"));
  EXPECT_TRUE(a.set(q("leg"), redflag::Value::unknown_value()));
  EXPECT_FALSE(a.answered(q("leg")));
}

TEST_F(AnswersTest, SetChoiceByIndexAsSetWithAChoiceValue) {
  // set_choice(q, s) is set(q, Value::choice(s)): an option id, a text, or the same error.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"leg", "none"}, {"leg", "both"}, {"leg", "three"}, {"leg", ""},  {"note", "any text"},
      {"flag", "yes"}, {"age", "42"},   {"leg", "bothx"}, {"leg", "on"}};
  for (const auto& [id, text] : cases) {
    SCOPED_TRACE(id + " " + text);
    redflag::Answers fast(rs), checked(rs);
    EXPECT_EQ(fast.impl().set_choice(q(id), text),
              checked.set(q(id), redflag::Value::choice(text)));
    EXPECT_EQ(fast.get(q(id)), checked.get(q(id)));
    EXPECT_EQ(errors(fast), errors(checked));
  }
  redflag::Answers a(rs);
  EXPECT_TRUE(a.impl().set_choice(q("leg"), "one"));
  EXPECT_EQ(a.get(q("leg")), redflag::Value::choice("one"));
  EXPECT_FALSE(a.impl().set_choice(q("leg"), "three"));
  EXPECT_FALSE(a.answered(q("leg")));  // a rejected answer replaces the old one
  EXPECT_FALSE(a.impl().set_choice(rs.questions().size(), "one"));
  EXPECT_THAT(errors(a), ElementsAre("leg unknown-option", " unknown-question"));
}

TEST_F(AnswersTest, SetByIndexOutOfRangeIsRecorded) {
  // A rejected answer is recorded and makes any evaluation an error result, whatever setter
  // rejected it.
  redflag::Answers a(rs);
  EXPECT_FALSE(a.set(rs.questions().size(), redflag::Value::of(true)));
  EXPECT_FALSE(a.ok());
  EXPECT_THAT(errors(a), ElementsAre(" unknown-question"));
  EXPECT_THROW((void)rs.evaluate(a).level(), redflag::ResultError);
}

TEST_F(AnswersTest, ReadJsonReusesAndReplacesEverything) {
  redflag::Answers a(rs);
  a.set("age", 40);
  a.set("nosuch", true);
  a.read_json(R"({"flag": true, "note": "n"})");
  EXPECT_TRUE(a.ok()) << testing::PrintToString(errors(a));
  EXPECT_FALSE(a.answered(q("age")));
  EXPECT_EQ(a.get(q("flag")), redflag::Value::of(true));
  EXPECT_EQ(a.get(q("note")), redflag::Value::text_value("n"));
  a.read_json(R"({"age": 30})");
  EXPECT_FALSE(a.answered(q("flag")));
  EXPECT_FALSE(a.answered(q("note")));
  EXPECT_EQ(a.get(q("age")), redflag::Value::of(30.0));
}

TEST_F(AnswersTest, BrokenDocumentKeepsNoPartialAnswers) {
  const auto a = redflag::Answers::from_json(rs, R"({"flag": true, "temp": 38x})");
  EXPECT_THAT(errors(a), ElementsAre(" invalid-json"));
  EXPECT_FALSE(a.answered(q("flag")));
  EXPECT_FALSE(a.answered(q("temp")));
}

TEST_F(AnswersTest, GetAndAnsweredOutOfRangeIndex) {
  redflag::Answers a(rs);
  EXPECT_FALSE(a.answered(rs.questions().size()));
  EXPECT_FALSE(a.answered(std::size_t(-1)));
  EXPECT_EQ(a.get(rs.questions().size() + 5), redflag::Value::unknown_value());
}

TEST_F(AnswersTest, AddErrorMakesAnErrorResult) {
  redflag::Answers a(rs);
  a.set("flag", true);
  a.add_error({"", "invalid-json", "from a reader"});
  EXPECT_FALSE(a.ok());
  EXPECT_THROW((void)rs.evaluate(a).level(), redflag::ResultError);
}

// ---------------------------------------------------------------------------------------------
// Result JSON

constexpr std::string_view kJsonRules = R"(question flag: boolean required "Flag?"
question age: integer 0..120 "Age?"
question leg: choice { none, both } "Leg?"
question note: text "Note?"
let older = age > 50
let side = leg
rule r_flag "Flag \"raised\"" -> high when flag and older
  because "Quote \" backslash \\ newline \n tab \t end"
  source "NICE CKS"
rule r_leg "Leg" -> mid when leg == both or answered(note) because "Legs." source "S"
)";

std::vector<std::string> keys(const boost::json::object& o) {
  std::vector<std::string> out;
  for (const auto& kv : o)
    out.emplace_back(kv.key());
  return out;
}

boost::json::value parse(const std::string& text) {
  boost::json::error_code ec;
  auto v = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << ec.message() << " in " << text;
  return v;
}

TEST(ResultJson, ShapeOfAResult) {
  const auto rs = load_body(kJsonRules);
  const auto r = rftest::evaluate_json(rs, R"({"flag": true, "age": 70, "note": "n"})");
  const auto doc = parse(r.to_json());
  const auto& o = doc.as_object();
  EXPECT_THAT(keys(o), ElementsAre("ruleset", "level", "advice", "indicator", "advice_items",
                                   "complete", "fired", "unresolved", "values", "errors"));
  EXPECT_THAT(keys(o.at("ruleset").as_object()), ElementsAre("id", "version", "content_hash"));
  EXPECT_EQ(o.at("ruleset").at("id").as_string(), "t");
  EXPECT_EQ(o.at("ruleset").at("version").as_string(), "1.2.3");
  EXPECT_EQ(o.at("level").as_string(), "high");
  EXPECT_EQ(o.at("advice").as_string(), "Go to A&E");
  EXPECT_EQ(o.at("indicator").as_string(), "critical");
  EXPECT_EQ(o.at("complete").as_bool(), true);

  const auto& fired = o.at("fired").as_array();
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_THAT(keys(fired[0].as_object()),
              ElementsAre("id", "title", "level", "because", "source", "answers"));
  EXPECT_EQ(fired[0].at("id").as_string(), "r_flag");
  EXPECT_EQ(fired[0].at("title").as_string(), "Flag \"raised\"");
  EXPECT_EQ(fired[0].at("level").as_string(), "high");
  EXPECT_EQ(fired[0].at("because").as_string(), "Quote \" backslash \\ newline \n tab \t end");
  EXPECT_EQ(fired[0].at("source").as_string(), "NICE CKS");
  const auto& answers = fired[0].at("answers").as_object();
  EXPECT_THAT(keys(answers), ElementsAre("flag", "age"));
  EXPECT_EQ(answers.at("flag").as_bool(), true);
  EXPECT_EQ(answers.at("age").to_number<double>(), 70);
  EXPECT_EQ(fired[1].at("id").as_string(), "r_leg");
  EXPECT_EQ(fired[1].at("answers").at("note").as_string(), "n");

  EXPECT_THAT(o.at("unresolved").as_array(), IsEmpty());
  const auto& values = o.at("values").as_object();
  EXPECT_THAT(keys(values), ElementsAre("older", "side"));
  EXPECT_EQ(values.at("older").as_bool(), true);
  EXPECT_TRUE(values.at("side").is_null());
  EXPECT_THAT(o.at("errors").as_array(), IsEmpty());
}

TEST(ResultJson, UnresolvedAndUnknownValues) {
  const auto rs = load_body(kJsonRules);
  const auto r = rftest::evaluate_json(rs, R"({"note": null})");
  const auto doc = parse(r.to_json());
  const auto& o = doc.as_object();
  EXPECT_EQ(o.at("level").as_string(), "low");
  EXPECT_EQ(o.at("complete").as_bool(), false);
  const auto& unresolved = o.at("unresolved").as_array();
  ASSERT_EQ(unresolved.size(), 2u);
  EXPECT_THAT(keys(unresolved[0].as_object()), ElementsAre("id", "level", "missing"));
  EXPECT_EQ(unresolved[0].at("id").as_string(), "r_flag");
  EXPECT_EQ(unresolved[0].at("level").as_string(), "high");
  const auto& missing = unresolved[0].at("missing").as_array();
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].as_string(), "flag");
  EXPECT_EQ(missing[1].as_string(), "age");
  EXPECT_EQ(unresolved[1].at("id").as_string(), "r_leg");
  // `leg == both or answered(note)`: answering the note alone would fire it too.
  ASSERT_EQ(unresolved[1].at("missing").as_array().size(), 2u);
  EXPECT_EQ(unresolved[1].at("missing").as_array()[0].as_string(), "leg");
  EXPECT_EQ(unresolved[1].at("missing").as_array()[1].as_string(), "note");
  EXPECT_TRUE(o.at("values").at("older").is_null());
  EXPECT_TRUE(o.at("values").at("side").is_null());
}

TEST(ResultJson, ErrorResult) {
  const auto rs = load_body(kJsonRules);
  const auto a = redflag::Answers::from_json(rs, "{\"flag\": true, \"ag\\u0001e\": 3}");
  const auto r = rs.evaluate(a);
  const auto doc = parse(r.to_json());
  const auto& o = doc.as_object();
  EXPECT_THAT(keys(o), ElementsAre("ruleset", "level", "advice", "indicator", "advice_items",
                                   "complete", "fired", "unresolved", "values", "errors"));
  EXPECT_TRUE(o.at("level").is_null());
  EXPECT_TRUE(o.at("advice").is_null());
  EXPECT_TRUE(o.at("indicator").is_null());
  EXPECT_EQ(o.at("complete").as_bool(), false);
  const auto& errors = o.at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(keys(errors[0].as_object()), ElementsAre("question", "code", "message"));
  EXPECT_EQ(errors[0].at("question").as_string(),
            "ag\x01"
            "e");
  EXPECT_EQ(errors[0].at("code").as_string(), "unknown-question");
  // The control character is escaped, not written raw.
  EXPECT_THAT(r.to_json(), HasSubstr(R"("question":"ag\u0001e")"));
}

TEST(ResultJson, EscapesQuotesNewlinesAndControlCharacters) {
  const auto rs = load_body(kJsonRules);
  const std::string note =
      std::string("say \"hi\"\\ line\nfeed\rreturn\ttab\b\f") + '\x01' + '\x1f' + " caf\xc3\xa9";
  redflag::Answers a(rs);
  a.set("note", std::string_view(note));
  const auto r = rs.evaluate(a);
  const std::string json = r.to_json();
  // No raw control character survives in the text.
  for (const char c : json)
    EXPECT_GE(static_cast<unsigned char>(c), 0x20) << "raw control character in " << json;
  EXPECT_THAT(json, HasSubstr(R"(say \"hi\"\\ line\nfeed\rreturn\ttab\b\f\u0001\u001f café)"));
  EXPECT_THAT(json, HasSubstr(R"("because":"Legs.")"));
  const auto doc = parse(json);
  EXPECT_EQ(doc.at("fired").at(0).at("answers").at("note").as_string(), note);
}

TEST(ResultJson, WriteJsonAppends) {
  const auto rs = load_body(kJsonRules);
  const auto r = rftest::evaluate_json(rs, R"({"flag": false})");
  std::string out = "prefix:";
  r.write_json(out);
  EXPECT_EQ(out, "prefix:" + r.to_json());
}

TEST(ResultJson, NumbersAreWrittenExactly) {
  const auto rs = load_body(R"(question x: number "X?"
let half = x / 2
let big = x * 1000000
let frac = x / 3
)");
  const auto r = rftest::evaluate_json(rs, R"({"x": 1})");
  const auto doc = parse(r.to_json());
  EXPECT_EQ(doc.at("values").at("half").to_number<double>(), 0.5);
  EXPECT_EQ(doc.at("values").at("big").to_number<double>(), 1000000);
  EXPECT_EQ(doc.at("values").at("frac").to_number<double>(), 1.0 / 3);
  EXPECT_THAT(r.to_json(), HasSubstr(R"("big":1000000,)"));
}

}  // namespace
