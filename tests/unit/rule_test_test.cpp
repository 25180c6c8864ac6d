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

}  // namespace
