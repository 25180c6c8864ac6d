// run_test(): each expectation of a rule-file test passes when met and, when not, fails with a
// line that says what was expected and what the result was.
#include <redflag/testing.hpp>

#include "test_helpers.hpp"

namespace {

using namespace redflag::testing;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Lines 9.. (kPrefix is 8 lines); tests are appended by each case.
constexpr std::string_view kBody =
    "question a: boolean \"A?\"\n"
    "question n: number 0..10 \"N?\"\n"
    "let twice = n * 2\n"
    "rule ra \"A\" -> high when a because \"x\" source \"s\"\n"
    "rule rn \"N\" -> mid when n > 5 because \"x\" source \"s\"\n";

redflag::Ruleset with_tests(std::string_view tests) {
  return rftest::load_body(std::string(kBody) + std::string(tests));
}

TEST(RuleTest, MetExpectationsPassAndLeaveTheResult) {
  const auto rules = with_tests(
      "test \"all met\" {\n"
      "  given { a: true, n: 3 }\n"
      "  expect level high\n"
      "  expect fired ra\n"
      "  expect not fired rn\n"
      "  expect complete\n"
      "  expect value twice = 6\n"
      "}\n");
  ASSERT_EQ(rules.tests().size(), 1u);
  EXPECT_EQ(rules.tests()[0].where.line, 14u);
  redflag::Result result;
  const auto outcome = redflag::run_test(rules, rules.tests()[0], result);
  EXPECT_TRUE(outcome.passed);
  EXPECT_THAT(outcome.failures, IsEmpty());
  EXPECT_THAT(result, AllOf(HasLevel("high"), FiredExactly("ra"), IsComplete()));
}

TEST(RuleTest, EachUnmetExpectationSaysExpectedAndActual) {
  const auto rules = with_tests(
      "test \"none met\" {\n"
      "  given { n: 7 }\n"
      "  expect level high\n"
      "  expect fired ra\n"
      "  expect not fired rn\n"
      "  expect unresolved rn\n"
      "  expect complete\n"
      "  expect value twice = unknown\n"
      "}\n");
  const auto outcome = redflag::run_test(rules, rules.tests()[0]);
  EXPECT_FALSE(outcome.passed);
  EXPECT_THAT(outcome.failures, ElementsAre("expected level high, got mid (fired: rn)",
                                            "expected rule ra to fire; fired: rn",
                                            "expected rule rn not to fire, but it fired",
                                            "expected rule rn to be unresolved; unresolved: ra",
                                            "expected the result to be complete, it is incomplete",
                                            "expected value twice = unknown, got 14"));
}

TEST(RuleTest, ExpectationsWithoutANameAreSyntaxErrorsInWords) {
  const auto loaded =
      redflag::load(rftest::with_prefix(std::string(kBody) + "test \"t\" {\n"  // 14
                                                             "  given { a: true }\n"
                                                             "  expect level\n"  // 16
                                                             "}\n"),
                    "test.rf");
  const auto d = rftest::expect_diagnostic(loaded, "syntax", 16, 15);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message, "expected a name but the line ended");
}

TEST(RuleTest, TestsNamingUnknownQuestionsOrRulesAreLoadErrorsWithPositions) {
  const auto loaded =
      redflag::load(rftest::with_prefix(std::string(kBody) + "test \"t\" {\n"          // 14
                                                             "  given { aa: true }\n"  // 15
                                                             "  expect fired rx\n"     // 16
                                                             "}\n"),
                    "test.rf");
  EXPECT_FALSE(loaded.ok());
  rftest::expect_diagnostic(loaded, "unknown-name", 15, 11);
  rftest::expect_diagnostic(loaded, "unknown-name", 16, 16);
}

TEST(RuleTest, AGivenStartsFromABaselineThatItOverridesOrLeavesUnanswered) {
  const auto rules = with_tests(
      "baseline calm { a: false, n: 3 }\n"
      "baseline high_n = calm { n: 7 }\n"
      "test \"from the baseline\" {\n"
      "  given calm { a: true }\n"
      "  expect level high\n"
      "}\n"
      "test \"from a baseline on a baseline, one answer removed\" {\n"
      "  given high_n { a: unknown }\n"
      "  expect level mid\n"
      "  expect unresolved ra\n"
      "}\n"
      "test \"without a baseline\" {\n"
      "  given { n: 1 }\n"
      "  expect level low\n"
      "}\n");
  ASSERT_EQ(rules.tests().size(), 3u);
  const auto given = [&](std::size_t t) {
    std::vector<std::string> out;
    for (const auto& g : rules.tests()[t].given) {
      std::string v = g.value.kind == redflag::Value::Kind::boolean
                          ? (g.value.boolean ? "true" : "false")
                          : std::to_string(int(g.value.number));
      out.push_back(g.question + "=" + v);
    }
    return out;
  };
  EXPECT_EQ(rules.tests()[0].baseline, "calm");
  EXPECT_THAT(given(0), ElementsAre("a=true", "n=3"));
  EXPECT_EQ(rules.tests()[1].baseline, "high_n");
  EXPECT_THAT(given(1), ElementsAre("n=7"));
  EXPECT_EQ(rules.tests()[2].baseline, "");
  EXPECT_THAT(given(2), ElementsAre("n=1"));
  for (const auto& t : rules.tests())
    EXPECT_TRUE(redflag::run_test(rules, t).passed) << t.name;
}

TEST(RuleTest, BaselineMistakesAreLoadErrorsWithPositions) {
  const auto loaded =
      redflag::load(rftest::with_prefix(std::string(kBody) +
                                        "baseline b1 { a: 3 }\n"       // 14: a is a boolean
                                        "baseline b2 = b3 { }\n"       // 15
                                        "baseline b3 = b2 { n: 1 }\n"  // 16: b2 and b3 form a cycle
                                        "baseline b4 = nowhere { }\n"  // 17
                                        "baseline b1 { }\n"            // 18: declared twice
                                        "test \"t\" {\n"               // 19
                                        "  given calmm { a: true }\n"  // 20: no such baseline
                                        "}\n"),
                    "test.rf");
  EXPECT_FALSE(loaded.ok());
  rftest::expect_diagnostic(loaded, "type-mismatch", 14, 15);
  rftest::expect_diagnostic(loaded, "circular-baseline", 15, 10);
  rftest::expect_diagnostic(loaded, "unknown-name", 17, 15);
  rftest::expect_diagnostic(loaded, "duplicate-id", 18, 10);
  rftest::expect_diagnostic(loaded, "unknown-name", 20, 9);
}

}  // namespace
