// The grammar: every statement kind, comments, strings, numbers and names that look like
// keywords; syntax errors with their exact positions; resource limits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "test_helpers.hpp"

namespace {

using rftest::expect_diagnostic;
using rftest::load_body;
using rftest::load_ok;
using rftest::with_prefix;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const redflag::Question& question(const redflag::Ruleset& rs, std::string_view id) {
  const auto index = rs.find_question(id);
  if (!index) throw std::runtime_error("no question " + std::string(id));
  return rs.questions()[*index];
}

const redflag::Rule& rule(const redflag::Ruleset& rs, std::string_view id) {
  const auto index = rs.find_rule(id);
  if (!index) throw std::runtime_error("no rule " + std::string(id));
  return rs.rules()[*index];
}

// ---------------------------------------------------------------------------------------------
// Valid constructs

TEST(Parser, EveryStatementKind) {
  redflag::LoadOptions options;
  options.read_file = [](const std::filesystem::path& path) -> std::optional<std::string> {
    if (path.generic_string() == "shared.rf")
      return "question shared_q: boolean \"From the shared file?\"\n";
    return std::nullopt;
  };
  const auto rs = load_ok(R"(ruleset every "Every statement"
version "2.0.1"
use "shared.rf"
levels {
  calm "Relax" indicator info
  busy "Hurry" indicator warning
  panic "Run" indicator critical
}
default calm
param limit = 38.5 "A threshold"
param bare = 7
question flag: boolean required "Flag?"
question pick: choice { one "One", two, three "Three" } "Pick?"
question count_q: integer 0..10 "How many?"
question temp: number 34.0..43.0 unit "Cel" required "Temperature?"
question note: text "Anything else?"
let hot = temp >= limit
rule r_hot "Hot" -> panic
  when hot and flag
  because "Hot and flagged."
  source "Somewhere"
  tags fever, heat
rule r_pick "Picked" -> busy when pick in {two, three} or shared_q because "Picked." source "S"
on missing required -> busy "Required answers are missing" source "Policy"
test "hot and flagged" {
  given { flag: true, temp: 39.0, pick: one, count_q: 3, note: "some text", shared_q: false }
  expect level panic
  expect fired r_hot
  expect not fired r_pick, missing_required
  expect complete
  expect value hot = true
}
test "nothing given" {
  given { }
  expect unresolved r_hot
  expect incomplete
  expect value hot = unknown
}
)",
                          options);
  EXPECT_EQ(rs.id(), "every");
  EXPECT_EQ(rs.title(), "Every statement");
  EXPECT_EQ(rs.version(), "2.0.1");
  ASSERT_EQ(rs.levels().size(), 3u);
  EXPECT_EQ(rs.default_level().id, "calm");
  ASSERT_EQ(rs.parameters().size(), 2u);
  EXPECT_EQ(rs.parameters()[0].id, "limit");
  EXPECT_DOUBLE_EQ(rs.parameters()[0].value, 38.5);
  EXPECT_EQ(rs.parameters()[0].description, "A threshold");
  EXPECT_EQ(rs.parameters()[1].description, "");
  EXPECT_EQ(rs.questions().size(), 6u);  // five here, one from shared.rf
  EXPECT_TRUE(rs.find_question("shared_q"));
  ASSERT_EQ(rs.derived().size(), 1u);
  EXPECT_EQ(rs.derived()[0].id, "hot");
  ASSERT_EQ(rs.rules().size(), 3u);
  EXPECT_EQ(rule(rs, "r_hot").tags, (std::vector<std::string>{"fever", "heat"}));
  EXPECT_EQ(rule(rs, "r_hot").source, "Somewhere");
  EXPECT_TRUE(rule(rs, "missing_required").missing_policy);
  EXPECT_EQ(rule(rs, "missing_required").because, "Required answers are missing");

  ASSERT_EQ(rs.tests().size(), 2u);
  const auto& t = rs.tests()[0];
  EXPECT_EQ(t.name, "hot and flagged");
  ASSERT_EQ(t.given.size(), 6u);
  EXPECT_EQ(t.given[4].question, "note");
  EXPECT_EQ(t.given[4].value, redflag::Value::text_value("some text"));
  EXPECT_EQ(t.level, std::optional<std::string>("panic"));
  EXPECT_THAT(t.fired, ElementsAre("r_hot"));
  EXPECT_THAT(t.not_fired, ElementsAre("r_pick", "missing_required"));
  EXPECT_EQ(t.complete, std::optional<bool>(true));
  ASSERT_EQ(t.values.size(), 1u);
  EXPECT_EQ(t.values[0].value, std::optional<redflag::Value>(redflag::Value::of(true)));
  const auto& t2 = rs.tests()[1];
  EXPECT_TRUE(t2.given.empty());
  EXPECT_THAT(t2.unresolved, ElementsAre("r_hot"));
  EXPECT_EQ(t2.complete, std::optional<bool>(false));
  ASSERT_EQ(t2.values.size(), 1u);
  EXPECT_EQ(t2.values[0].value, std::nullopt);  // expect unknown

  for (const auto& test : rs.tests()) {
    const auto outcome = redflag::run_test(rs, test);
    EXPECT_TRUE(outcome.passed) << test.name << ": " << testing::PrintToString(outcome.failures);
  }
}

TEST(Parser, CommentsEverywhere) {
  const auto rs = load_ok(R"(# leading comment
ruleset c "Comments" # after the header
# between statements
version "1" #
levels { # after the brace
  # inside the block
  low "Low" indicator info # after a level
  high "High" # no indicator
} # after the block
default low # trailing
param p = 2 # after a number
question pick: choice { # opening
  a "A", # after an option
  b # last option
} # closing
  "Pick?" # prompt on its own line
question x: boolean "X?"#no space before the comment
let many = count(x, # inside a call
                 pick == a) # end of the let
rule r "R" -> high # after the level
  when many >= p # inside the condition
       or x # continued
  because "because # is not a comment inside a string" # after the string
  source "S" # after the source
# the very last line has no newline)");
  ASSERT_EQ(rs.questions().size(), 2u);
  EXPECT_EQ(rs.questions()[0].prompt, "Pick?");
  EXPECT_EQ(rs.questions()[0].options.size(), 2u);
  EXPECT_EQ(rs.levels()[1].indicator, redflag::Indicator::info);
  EXPECT_EQ(rule(rs, "r").because, "because # is not a comment inside a string");
  // The condition text drops comments and collapses space.
  EXPECT_EQ(rule(rs, "r").condition, "many >= p or x");
  EXPECT_EQ(rs.derived()[0].expression, "count(x, pick == a)");
}

TEST(Parser, StringEscapes) {
  const auto rs = load_body(
      R"(question q: boolean "Say \"hi\", a back\\slash,\na new line and\ta tab"
)");
  EXPECT_EQ(question(rs, "q").prompt, "Say \"hi\", a back\\slash,\na new line and\ta tab");
}

TEST(Parser, EmptyStringIsAString) {
  const auto rs = load_body("question q: boolean \"\"\n");
  EXPECT_EQ(question(rs, "q").prompt, "");
}

TEST(Parser, NumbersAndRanges) {
  const auto rs = load_body(R"(question age: integer 16..120 unit "a" "Age?"
question neg: number -10.5..-2 "Negative?"
question around: integer -5..5 "Around zero?"
question open: number "Unbounded?"
param minus = -3
param exp = 1.5e2
param frac = 0.25
)");
  EXPECT_EQ(question(rs, "age").min, std::optional<double>(16));
  EXPECT_EQ(question(rs, "age").max, std::optional<double>(120));
  EXPECT_EQ(question(rs, "age").unit, "a");
  EXPECT_EQ(question(rs, "neg").min, std::optional<double>(-10.5));
  EXPECT_EQ(question(rs, "neg").max, std::optional<double>(-2));
  EXPECT_EQ(question(rs, "around").min, std::optional<double>(-5));
  EXPECT_EQ(question(rs, "around").max, std::optional<double>(5));
  EXPECT_EQ(question(rs, "open").min, std::nullopt);
  EXPECT_EQ(question(rs, "open").max, std::nullopt);
  ASSERT_EQ(rs.parameters().size(), 3u);
  EXPECT_DOUBLE_EQ(rs.parameters()[0].value, -3);
  EXPECT_DOUBLE_EQ(rs.parameters()[1].value, 150);
  EXPECT_DOUBLE_EQ(rs.parameters()[2].value, 0.25);
}

TEST(Parser, NamesThatStartLikeNumbersOrKeywords) {
  // `inf`/`nan` prefixes are names, not numbers; `or`, `not`, `in`, `and`, `true`, `false`,
  // `when`, `because` prefixes are names, not keywords.
  const auto rs = load_body(R"(question infection: boolean "Infection?"
question nancy: boolean "Nancy?"
question order: boolean "Order?"
question notable: boolean "Notable?"
question index: boolean "Index?"
question android: boolean "Android?"
question truest: boolean "Truest?"
question falsehood: boolean "Falsehood?"
question whenever: boolean "Whenever?"
question because_of: boolean "Because of?"
question inner: choice { index_finger, ring } "Which finger?"
rule r "R" -> high
  when infection and nancy or order and not notable or index and android
       or truest == falsehood or whenever != because_of or inner in {index_finger}
  because "b" source "s"
)");
  EXPECT_EQ(rs.questions().size(), 11u);
  EXPECT_EQ(rule(rs, "r").condition,
            "infection and nancy or order and not notable or index and android or truest == "
            "falsehood or whenever != because_of or inner in {index_finger}");
  // `order and not notable` really is the `not` of `notable`, not a name `notable` missing.
  redflag::Answers a(rs);
  a.set("order", true);
  a.set("notable", false);
  const auto result = rs.evaluate(a);
  EXPECT_THAT(rftest::fired_ids(result), ElementsAre("r"));
}

TEST(Parser, InfinityIsNotANumberLiteral) {
  // `inf` alone is an (unknown) name, never infinity.
  expect_diagnostic(with_prefix("param p = 1\nlet x = p < inf\n"), "unknown-name", 10, 13);
}

TEST(Parser, StatementsInAnyOrder) {
  const auto rs = load_ok(R"(rule r "R" -> high when d because "b" source "s"
let d = q and p > 1
param p = 2
question q: boolean "Q?"
default low
levels { low "L" high "H" }
version "1"
ruleset late "Declared last"
)");
  EXPECT_EQ(rs.id(), "late");
  EXPECT_EQ(rs.rules().size(), 1u);
}

TEST(Parser, OperatorPrecedence) {
  // `and` binds tighter than `or`, `not` tighter than `and`, arithmetic tighter than
  // comparisons, `*` tighter than `+`, and `-` is left-associative.
  const auto rs = load_body(R"(question a: boolean "A?"
question b: boolean "B?"
question c: boolean "C?"
let or_and = a or b and c
let not_and = not a and b
let arith = 2 + 3 * 4 - 6 / 2 - 1
let neg = -2 * -3
let cmp = 1 + 1 == 2
)");
  redflag::Answers answers(rs);
  answers.set("a", true);
  answers.set("b", false);
  answers.set("c", false);
  const auto r = rs.evaluate(answers);
  EXPECT_EQ(rftest::value_of(r, "or_and"), "true");    // a or (b and c)
  EXPECT_EQ(rftest::value_of(r, "not_and"), "false");  // (not a) and b
  EXPECT_EQ(rftest::value_of(r, "arith"), "10");       // ((2 + 12) - 3) - 1
  EXPECT_EQ(rftest::value_of(r, "neg"), "6");
  EXPECT_EQ(rftest::value_of(r, "cmp"), "true");
}

// ---------------------------------------------------------------------------------------------
// Syntax errors: code `syntax`, exact line and column (kPrefix is 8 lines; the body starts on
// line 9).

TEST(SyntaxError, MissingString) {
  const auto d = expect_diagnostic(with_prefix("version 1.0\n"), "syntax", 9, 9);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("expected string but found '1'"));
  // A rule without its title.
  expect_diagnostic(with_prefix("question a: boolean \"A?\"\n"
                                "rule r -> high when a because \"b\" source \"s\"\n"),
                    "syntax", 10, 8);
}

TEST(SyntaxError, MissingStringAtTheEndOfALine) {
  // Reported where the broken statement ends, not at the first token of the next statement.
  const auto d = expect_diagnostic(with_prefix("question a: boolean\n"
                                               "question b: boolean \"B?\"\n"),
                                   "syntax", 9, 20);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("expected string"));
}

TEST(SyntaxError, MissingBecause) {
  const auto d = expect_diagnostic(with_prefix("question a: boolean \"A?\"\n"
                                               "rule r \"R\" -> high when a source \"s\"\n"),
                                   "syntax", 10, 27);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("'because'"));
  EXPECT_THAT(d->message, HasSubstr("found 'source'"));
}

TEST(SyntaxError, MissingArrow) {
  const auto d = expect_diagnostic(with_prefix("question a: boolean \"A?\"\n"
                                               "rule r \"R\" high when a because \"b\"\n"),
                                   "syntax", 10, 12);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("\"->\""));
  EXPECT_THAT(d->message, HasSubstr("found 'high'"));
}

TEST(SyntaxError, MissingTokenBeforeATrailingComment) {
  // Just after the last token (`boolean`), not after the comment.
  expect_diagnostic(with_prefix("question a: boolean # the prompt is missing\n"
                                "question b: boolean \"B?\"\n"),
                    "syntax", 9, 20);
}

TEST(SyntaxError, MissingTokenBeforeACommentLine) {
  // On the broken statement's line, not on the comment line that follows it.
  expect_diagnostic(with_prefix("question c: boolean\n"
                                "# a comment line between statements\n"
                                "\n"
                                "question d: boolean \"D?\"\n"),
                    "syntax", 9, 20);
}

TEST(SyntaxError, UnterminatedString) {
  const auto d =
      expect_diagnostic(with_prefix("question a: boolean \"Never closed\n"), "syntax", 9, 34);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("the line ended"));
}

TEST(SyntaxError, UnterminatedStringAtEndOfFile) {
  const auto d =
      expect_diagnostic(with_prefix("question a: boolean \"Never closed"), "syntax", 9, 34);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("end of the file"));
}

TEST(SyntaxError, GarbageStatement) {
  const auto d = expect_diagnostic(with_prefix("question a: boolean \"A?\"\n"
                                               "  hello world\n"),
                                   "syntax", 10, 3);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("expected a statement"));
  EXPECT_THAT(d->message, HasSubstr("found 'hello'"));
}

TEST(SyntaxError, UnclosedParenthesis) {
  const auto d = expect_diagnostic(with_prefix("question a: boolean \"A?\"\n"
                                               "rule r \"R\" -> high when (a because \"b\"\n"),
                                   "syntax", 10, 28);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("expected ')' but found 'because'"));
}

TEST(SyntaxError, UnclosedParenthesisAtTheEndOfALine) {
  // Reported at the end of line 10, where the parenthesis should have been closed, not at the
  // next statement.
  const auto d = expect_diagnostic(with_prefix("question a: boolean \"A?\"\n"
                                               "let x = (a and (a or a)\n"
                                               "question b: boolean \"B?\"\n"),
                                   "syntax", 10, 24);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("expected ')'"));
}

TEST(SyntaxError, ExtraClosingParenthesis) {
  const auto d = expect_diagnostic(with_prefix("question a: boolean \"A?\"\n"
                                               "let x = (a and a))\n"),
                                   "syntax", 10, 18);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("found ')'"));
}

TEST(SyntaxError, MissingOperand) {
  expect_diagnostic(with_prefix("question a: boolean \"A?\"\nlet x = a and\n"), "syntax", 10, 14);
}

TEST(SyntaxError, EmptyListsNameWhatWasExpected) {
  // Each list names its element (not the parser's C++ type, as an unnamed `x % ','` would).
  const struct {
    const char* body;
    int line, column;
    const char* expected;
  } cases[] = {
      {"question a: boolean \"A?\"\nlet x = count()\n", 10, 15,
       "expected expression but found ')'"},
      {"question c: choice { x, y } \"C?\"\nlet x = c in {}\n", 10, 15,
       "expected name but found '}'"},
      {"question c: choice { x, y } \"C?\"\nlet x = c in {x,}\n", 10, 17,
       "expected name but found '}'"},
      {"question c: choice { } \"C?\"\n", 9, 21, "expected option"},
      {"question a: boolean \"A?\"\nrule r \"R\" -> high when a because \"b\" tags\n", 10, 43,
       "expected a name"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    const auto d = expect_diagnostic(with_prefix(c.body), "syntax", c.line, c.column);
    ASSERT_TRUE(d);
    EXPECT_THAT(d->message, HasSubstr(c.expected));
    EXPECT_THAT(d->message, Not(HasSubstr("boost")));
  }
}

TEST(SyntaxError, ReservedWordAsName) {
  expect_diagnostic(with_prefix("question and: boolean \"A?\"\n"), "syntax", 9, 10);
}

TEST(SyntaxError, EveryErrorIsReportedInFileOrder) {
  const auto loaded = redflag::load(with_prefix("question a: boolean \"A?\"\n"               // 9
                                                "question b boolean \"B?\"\n"                // 10
                                                "rule r1 \"R\" high when a because \"x\"\n"  // 11
                                                "question c: boolean \"C?\"\n"  // 12: fine
                                                "garbage\n"                     // 13
                                                "rule r2 \"R\" -> high when a source \"s\"\n"  // 14
                                                "let z = (a a)\n"                              // 15
                                                "question d: boolean \"D?\"\n"),  // 16: fine
                                    "test.rf");
  EXPECT_FALSE(loaded.ok());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> where;
  for (const auto& d : loaded.diagnostics()) {
    EXPECT_EQ(d.code, "syntax") << d.message;
    EXPECT_EQ(d.file, "test.rf");
    EXPECT_EQ(d.severity, redflag::Severity::error);
    where.emplace_back(d.where.line, d.where.column);
  }
  using P = std::pair<std::uint32_t, std::uint32_t>;
  EXPECT_THAT(where, ElementsAre(P{10, 12}, P{11, 13}, P{13, 1}, P{14, 28}, P{15, 12}))
      << rftest::list(loaded.diagnostics());
}

TEST(SyntaxError, SemanticChecksStillRunWithoutEchoingTheSyntaxError) {
  // `question a` does not parse: the rule's use of `a` is not reported again, but the rule's
  // own problem (no source) is, and so is a real unknown name.
  const auto loaded = redflag::load(with_prefix("question a boolean \"A?\"\n"
                                                "rule r \"R\" -> high when a because \"b\"\n"
                                                "rule s \"S\" -> high when bb because \"b\" "
                                                "source \"s\"\n"),
                                    "test.rf");
  EXPECT_FALSE(loaded.ok());
  EXPECT_THAT(rftest::codes(loaded), ElementsAre("syntax", "missing-source", "unknown-name"));
  rftest::expect_diagnostic(loaded, "unknown-name", 11, 25);
}

TEST(SyntaxError, SixMistakesOneOfThemSyntaxAreAllReported) {
  const auto loaded = redflag::load(
      with_prefix("question fever: boolean \"Fever?\"\n"                                     // 9
                  "question leg: choice { none, both_legs } \"Legs?\"\n"                     // 10
                  "question age: integer 16..120 \"Age?\"\n"                                 // 11
                  "rule r1 \"A\" -> urgent when fevr because \"x\" source \"y\"\n"           // 12
                  "rule r2 \"B\" -> high when leg == both_leg because \"x\" source \"y\"\n"  // 13
                  "rule r3 \"C\" -> high when fever = true because \"x\" source \"y\"\n"     // 14
                  "rule r4 \"D\" -> high when fever and age because \"x\" source \"y\"\n"    // 15
                  "question fever: boolean \"Again?\"\n"),                                   // 16
      "test.rf");
  EXPECT_FALSE(loaded.ok());
  rftest::expect_diagnostic(loaded, "unknown-level", 12, 16);
  rftest::expect_diagnostic(loaded, "unknown-name", 12, 28);
  rftest::expect_diagnostic(loaded, "unknown-option", 13, 33);
  const auto eq = rftest::expect_diagnostic(loaded, "syntax", 14, 32);
  ASSERT_TRUE(eq);
  EXPECT_THAT(eq->message, HasSubstr("did you mean '=='?"));
  rftest::expect_diagnostic(loaded, "type-mismatch", 15, 36);
  rftest::expect_diagnostic(loaded, "duplicate-id", 16, 10);
  EXPECT_EQ(loaded.diagnostics().size(), 6u) << loaded.formatted();
}

TEST(SyntaxError, AClauseKeywordOutOfPlaceSaysWhereItBelongs) {
  const auto loaded = redflag::load(with_prefix("question t: number \"T?\" required\n"), "t.rf");
  const auto d = rftest::expect_diagnostic(loaded, "syntax", 9, 25);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("found 'required'; it belongs before the prompt"));
}

TEST(SyntaxError, FormattedLikeACompiler) {
  const auto loaded = redflag::load(with_prefix("question a: boolean \"A?\"\n"
                                                "rule r \"R\" -> high when a source \"s\"\n"),
                                    "rules/demo.rf");
  ASSERT_EQ(loaded.diagnostics().size(), 1u);
  const auto& d = loaded.diagnostics()[0];
  EXPECT_EQ(d.source_line, "rule r \"R\" -> high when a source \"s\"");
  EXPECT_EQ(loaded.formatted(), "rules/demo.rf:10:27: error[syntax]: " + d.message +
                                    "\n"
                                    "  rule r \"R\" -> high when a source \"s\"\n"
                                    "                            ^\n");
  EXPECT_EQ(redflag::format(d) + "\n", loaded.formatted());
}

TEST(SyntaxError, CaretKeepsTabs) {
  const auto loaded =
      redflag::load(with_prefix("question a: boolean \"A?\"\n\tlet\tx = a and\n"), "t.rf");
  ASSERT_EQ(loaded.diagnostics().size(), 1u) << loaded.formatted();
  const auto& d = loaded.diagnostics()[0];
  EXPECT_EQ(d.where.line, 10u);
  EXPECT_EQ(d.where.column, 15u);
  EXPECT_THAT(redflag::format(d), testing::EndsWith("\n  \tlet\tx = a and\n  \t   \t         ^"));
}

TEST(SyntaxError, LoadErrorCarriesTheDiagnostics) {
  const auto loaded = redflag::load(with_prefix("garbage\n"), "test.rf");
  ASSERT_FALSE(loaded);
  try {
    (void)loaded.value();
    FAIL() << "value() did not throw";
  } catch (const redflag::LoadError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].code, "syntax");
    EXPECT_THAT(e.what(), HasSubstr("test.rf:9:1: error[syntax]"));
  }
}

// ---------------------------------------------------------------------------------------------
// Limits

std::string nested_parentheses(std::size_t depth) {
  return std::string(depth, '(') + "a" + std::string(depth, ')');
}

std::string nested_nots(std::size_t depth) {
  std::string s;
  for (std::size_t i = 0; i < depth; ++i)
    s += "not ";
  return s + "a";
}

bool is_depth_error(const redflag::Diagnostic& d) {
  return (d.code == "limit-exceeded" || d.code == "syntax") &&
         d.message.find("nesting deeper than the limit of 64") != std::string::npos &&
         d.message.find("max_nesting_depth") != std::string::npos;
}

TEST(Limits, NestingAtTheLimitLoads) {
  const auto rs = load_body("question a: boolean \"A?\"\nlet x = " + nested_parentheses(64) +
                            "\nlet y = " + nested_nots(64) + "\n");
  redflag::Answers answers(rs);
  answers.set("a", true);
  const auto r = rs.evaluate(answers);
  EXPECT_EQ(rftest::value_of(r, "x"), "true");
  EXPECT_EQ(rftest::value_of(r, "y"), "true");  // an even number of `not`s
}

TEST(Limits, HundredThousandParentheses) {
  const auto loaded = redflag::load(
      with_prefix("question a: boolean \"A?\"\nlet x = " + nested_parentheses(100000) + "\n"),
      "test.rf");
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.diagnostics().size(), 1u) << rftest::list(loaded.diagnostics());
  const auto& d = loaded.diagnostics()[0];
  EXPECT_TRUE(is_depth_error(d)) << d.code << ": " << d.message;
  // At the 65th parenthesis ("let x = " is 8 columns).
  EXPECT_EQ(d.where.line, 10u);
  EXPECT_EQ(d.where.column, 9u + 64u);
}

TEST(Limits, HundredThousandNots) {
  const auto loaded = redflag::load(
      with_prefix("question a: boolean \"A?\"\nlet y = " + nested_nots(100000) + "\n"), "test.rf");
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.diagnostics().size(), 1u) << rftest::list(loaded.diagnostics());
  const auto& d = loaded.diagnostics()[0];
  EXPECT_TRUE(is_depth_error(d)) << d.code << ": " << d.message;
  EXPECT_EQ(d.where.line, 10u);
}

TEST(Limits, DepthErrorPointsAtTheStartOfTheNot) {
  // At the first letter of the 65th `not`.
  const auto loaded = redflag::load(
      with_prefix("question a: boolean \"A?\"\nlet y = " + nested_nots(100000) + "\n"), "test.rf");
  ASSERT_EQ(loaded.diagnostics().size(), 1u);
  EXPECT_EQ(loaded.diagnostics()[0].where.column, 9u + 64u * 4u);
}

TEST(Limits, HundredThousandUnaryMinus) {
  const auto loaded =
      redflag::load(with_prefix("let y = " + std::string(100000, '-') + "1 > 0\n"), "test.rf");
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.diagnostics().size(), 1u) << rftest::list(loaded.diagnostics());
  EXPECT_TRUE(is_depth_error(loaded.diagnostics()[0])) << loaded.diagnostics()[0].message;
}

TEST(Limits, DeepNestingDoesNotHideOtherErrors) {
  // The too-deep statement is skipped; parsing goes on with the next one.
  const auto loaded =
      redflag::load(with_prefix("question a: boolean \"A?\"\nlet x = " + nested_parentheses(1000) +
                                "\nquestion b boolean \"B?\"\n"),
                    "test.rf");
  ASSERT_EQ(loaded.diagnostics().size(), 2u) << rftest::list(loaded.diagnostics());
  EXPECT_TRUE(is_depth_error(loaded.diagnostics()[0]));
  EXPECT_EQ(loaded.diagnostics()[1].code, "syntax");
  EXPECT_EQ(loaded.diagnostics()[1].where.line, 11u);
  EXPECT_EQ(loaded.diagnostics()[1].where.column, 12u);
}

TEST(Limits, NestingLimitIsAnOption) {
  redflag::LoadOptions options;
  // Above the default of 64; parsing recurses, so a much higher limit needs a larger stack
  // (especially under AddressSanitizer, whose frames are several times larger).
  options.max_nesting_depth = 120;
  const auto rs =
      load_ok(with_prefix("question a: boolean \"A?\"\nlet x = " + nested_parentheses(100) + "\n"),
              options);
  EXPECT_EQ(rs.derived().size(), 1u);

  options.max_nesting_depth = 3;
  const auto loaded = redflag::load(with_prefix("question a: boolean \"A?\"\nlet x = ((((a))))\n"),
                                    "test.rf", options);
  ASSERT_EQ(loaded.diagnostics().size(), 1u) << rftest::list(loaded.diagnostics());
  EXPECT_THAT(loaded.diagnostics()[0].message, HasSubstr("limit of 3"));
  EXPECT_EQ(loaded.diagnostics()[0].where.column, 12u);  // the 4th parenthesis
}

TEST(Limits, MaxSourceBytes) {
  const std::string text = with_prefix("question a: boolean \"A?\"\n");
  redflag::LoadOptions options;
  options.max_source_bytes = text.size() - 1;
  const auto loaded = redflag::load(text, "big.rf", options);
  EXPECT_FALSE(loaded.ok());
  EXPECT_THAT(rftest::codes(loaded), ElementsAre("limit-exceeded"));
  EXPECT_EQ(loaded.diagnostics()[0].file, "big.rf");
  EXPECT_THAT(loaded.diagnostics()[0].message,
              HasSubstr("the limit is " + std::to_string(text.size() - 1)));

  options.max_source_bytes = text.size();
  EXPECT_TRUE(redflag::load(text, "big.rf", options).ok());
}

TEST(Limits, MaxSourceBytesAppliesToUsedFiles) {
  redflag::LoadOptions options;
  options.max_source_bytes = 400;
  options.read_file = [](const std::filesystem::path&) -> std::optional<std::string> {
    return std::string(1000, '#');
  };
  const auto loaded = redflag::load(with_prefix("use \"huge.rf\"\n"), "test.rf", options);
  EXPECT_FALSE(loaded.ok());
  const auto d = expect_diagnostic(loaded, "limit-exceeded", 9, 5);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("'huge.rf' is 1000 bytes"));
}

TEST(Limits, MaxRulesAndQuestions) {
  redflag::LoadOptions options;
  options.max_rules = 1;
  options.max_questions = 1;
  const auto loaded = redflag::load(with_prefix("question a: boolean \"A?\"\n"
                                                "question b: boolean \"B?\"\n"
                                                "rule r1 \"R\" -> high when a because \"b\" "
                                                "source \"s\"\n"
                                                "rule r2 \"R\" -> high when b because \"b\" "
                                                "source \"s\"\n"),
                                    "test.rf", options);
  EXPECT_FALSE(loaded.ok());
  EXPECT_THAT(rftest::codes(loaded), ElementsAre("limit-exceeded", "limit-exceeded"));
}

}  // namespace
