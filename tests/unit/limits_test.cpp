// Limits on what a rule file and an answers document may hold: each one exceeded gives a
// diagnostic that names the place and the option, never a crash, a stack overflow or an unbounded
// allocation. Also the encodings a rule file may come in (UTF-8, with or without a byte order
// mark, LF or CRLF). The limits on nesting, source size, rule and question counts are tested in
// parser_test.cpp and checker_test.cpp (`use` depth).
#include <boost/json.hpp>

#include <string>

#include "io/json_writer.hpp"
#include "test_helpers.hpp"
#include "utf8.hpp"

namespace {

using rftest::expect_diagnostic;
using rftest::kPrefixLines;
using rftest::with_prefix;

bool names_option(const redflag::Diagnostic& d, std::string_view option) {
  return d.message.find(option) != std::string::npos;
}

TEST(Limits, StringBytes) {
  const std::string at_limit(4096, 'x');
  EXPECT_TRUE(redflag::load(with_prefix("question a: boolean \"" + at_limit + "\"\n")).ok());
  // One byte over: reported at the opening quote, the statement skipped, the next one parsed.
  const auto loaded = redflag::load(
      with_prefix("question a: boolean \"" + at_limit + "y\"\nquestion b boolean \"B\"\n"),
      "test.rf");
  const auto d = expect_diagnostic(loaded, "limit-exceeded", kPrefixLines + 1, 21);
  ASSERT_TRUE(d);
  EXPECT_TRUE(names_option(*d, "max_string_bytes"));
  EXPECT_TRUE(expect_diagnostic(loaded, "syntax", kPrefixLines + 2, 12));

  redflag::LoadOptions options;
  options.max_string_bytes = 20;  // the prefix's longest string is 12 bytes
  const std::string twenty(20, 'x');
  EXPECT_FALSE(
      redflag::load(with_prefix("question a: boolean \"" + twenty + "y\"\n"), "t", options).ok());
  EXPECT_TRUE(
      redflag::load(with_prefix("question a: boolean \"" + twenty + "\"\n"), "t", options).ok());
}

TEST(Limits, HugeStringIsRefusedWithoutParsingIt) {
  // 3 MiB in one string: under max_source_bytes, far over max_string_bytes.
  const auto loaded =
      redflag::load(with_prefix("rule r \"" + std::string(3u << 20, 'a') + "\" -> high\n"));
  EXPECT_TRUE(expect_diagnostic(loaded, "limit-exceeded", kPrefixLines + 1, 8));
}

TEST(Encoding, InvalidUtf8IsRefusedAtTheFirstBadByte) {
  struct Case {
    std::string bytes;
    const char* what;
  };
  const Case cases[] = {
      {"\xff", "a byte that never occurs in UTF-8"},
      {"\xc3", "a truncated two-byte sequence"},
      {"\xc0\xaf", "an overlong '/'"},
      {"\xe0\x80\xaf", "an overlong three-byte form"},
      {"\xed\xa0\x80", "a UTF-16 surrogate"},
      {"\xf4\x90\x80\x80", "a code point above U+10FFFF"},
      {"\x80", "a continuation byte on its own"},
      {"\xe2\x82", "a sequence cut short by the closing quote"},
  };
  for (const auto& c : cases) {
    const auto loaded =
        redflag::load(with_prefix("question a: boolean \"Caf" + c.bytes + "\"\n"), "test.rf");
    EXPECT_TRUE(expect_diagnostic(loaded, "invalid-utf8", kPrefixLines + 1, 25)) << c.what;
    EXPECT_EQ(loaded.diagnostics().size(), 1u) << c.what;
  }
  // Well-formed multi-byte text is fine: é, €, 😀.
  EXPECT_TRUE(
      redflag::load(
          with_prefix("question a: boolean \"Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"\n"))
          .ok());
}

TEST(Encoding, InvalidUtf8Finder) {
  using redflag::detail::invalid_utf8;
  EXPECT_EQ(invalid_utf8(""), std::string_view::npos);
  EXPECT_EQ(invalid_utf8("plain"), std::string_view::npos);
  EXPECT_EQ(invalid_utf8("\xef\xbf\xbf\xf4\x8f\xbf\xbf"), std::string_view::npos);
  EXPECT_EQ(invalid_utf8("ab\xf8"), 2u);
  EXPECT_EQ(invalid_utf8("\xc2\xa9\xc2"), 2u);
}

TEST(Encoding, JsonOutputReplacesBytesThatAreNotUtf8) {
  // Found by fuzzing (tests/fuzz/corpus/csv/crash-invalid-utf8-in-error-message.csv): a CSV cell
  // with a Latin-1 byte was echoed into an error message, and the result was not valid JSON.
  std::string out;
  redflag::io::append_string(out, "caf\xe9 \xc3\xa9 \xed\xa0\x80 \xf0\x9f\x98\x80 \xc3");
  EXPECT_EQ(out, "\"caf\\ufffd \xc3\xa9 \\ufffd\\ufffd\\ufffd \xf0\x9f\x98\x80 \\ufffd\"");
  boost::json::error_code ec;
  (void)boost::json::parse(out, ec);
  EXPECT_FALSE(ec) << ec.message();

  const auto rs = rftest::load_body("question legs: choice { none, both } \"Legs?\"\n");
  redflag::Answers answers(rs);
  EXPECT_FALSE(answers.set("legs", "b\xf6th"));
  const std::string json = rs.evaluate(answers).to_json();
  (void)boost::json::parse(json, ec);
  EXPECT_FALSE(ec) << json;
}

TEST(Encoding, ByteOrderMarkAndCrlf) {
  std::string text = with_prefix("question a: boolean \"A?\"\n");
  const auto plain = redflag::load(text);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(redflag::load("\xef\xbb\xbf" + text).ok());
  std::string crlf;
  for (char c : text)
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_TRUE(redflag::load(crlf).ok());
  EXPECT_TRUE(redflag::load("\xef\xbb\xbf" + crlf).ok());
  // A BOM anywhere but the start is an error, with its position.
  EXPECT_TRUE(expect_diagnostic(
      redflag::load(with_prefix("\xef\xbb\xbfquestion a: boolean \"A\"\n"), "test.rf"), "syntax",
      kPrefixLines + 1, 1));
}

TEST(AnswerLimits, DeepJsonIsAnErrorNotAStackOverflow) {
  const auto rs = rftest::load_body("question a: boolean \"A?\"\n");
  for (const std::string open : {"[", "{\"a\":"}) {
    std::string json = "{\"a\":";
    for (int i = 0; i < 100000; ++i)
      json += open;
    const auto answers = redflag::Answers::from_json(rs, json);
    ASSERT_FALSE(answers.ok());
    const auto result = rs.evaluate(answers);
    EXPECT_FALSE(result.ok());
    EXPECT_THROW((void)result.level(),
                 redflag::ResultError);  // never a level, so never a lower urgency
  }
}

TEST(AnswerLimits, HugeNumbersAreErrorsNotInfinity) {
  const auto rs = rftest::load_body("question n: number \"N?\"\nquestion i: integer \"I?\"\n");
  for (const char* json : {R"({"n": 1e400})", R"({"n": -1e400})", R"({"i": 1e400})",
                           R"({"n": NaN})", R"({"n": Infinity})"}) {
    const auto answers = redflag::Answers::from_json(rs, json);
    EXPECT_FALSE(answers.ok()) << json;
    EXPECT_FALSE(answers.answered(0) || answers.answered(1)) << json;
  }
}

}  // namespace
