// redflag/testing.hpp: the GoogleTest matchers match what they say, and say what they expected
// and what the result was when they do not.
#include <redflag/testing.hpp>

#include "test_helpers.hpp"

namespace {

using namespace redflag::testing;
using ::testing::AllOf;
using ::testing::Not;

// Lines 9.. (kPrefix is 8 lines).
constexpr std::string_view kBody =
    "question a: boolean required \"A?\"\n"
    "question b: boolean \"B?\"\n"
    "rule ra \"A\" -> high when a because \"x\" source \"s\"\n"
    "rule rb \"B\" -> mid when b because \"x\" source \"s\"\n"
    "on missing required -> mid \"A unanswered\" source \"s\"\n";

/// Why `matcher` does not match `result` (empty when it matches).
std::string explain(const ::testing::Matcher<const redflag::Result&>& matcher,
                    const redflag::Result& result) {
  ::testing::StringMatchResultListener listener;
  if (matcher.MatchAndExplain(result, &listener)) return "";
  return listener.str();
}

TEST(Testing, HasLevel) {
  const auto rules = rftest::load_body(kBody);
  const auto result = rftest::evaluate_json(rules, R"({"a": true})");
  EXPECT_THAT(result, HasLevel("high"));
  EXPECT_THAT(result, Not(HasLevel("mid")));
  EXPECT_EQ(::testing::DescribeMatcher<const redflag::Result&>(HasLevel("mid")), "has level mid");
  EXPECT_EQ(::testing::DescribeMatcher<const redflag::Result&>(HasLevel("mid"), true),
            "does not have level mid");
}

TEST(Testing, HasLevelNeverMatchesAnErrorResult) {
  const auto rules = rftest::load_body(kBody);
  redflag::Answers answers(rules);
  answers.set("nope", true);
  const auto result = rules.evaluate(answers);
  EXPECT_THAT(result, Not(HasLevel("low")));
  EXPECT_EQ(explain(HasLevel("low"), result), "it is an error result, with no level");
  EXPECT_THAT(result, Not(IsComplete()));
}

TEST(Testing, FiredNotFiredAndFiredExactly) {
  const auto rules = rftest::load_body(kBody);
  const auto result = rftest::evaluate_json(rules, R"({"a": true, "b": true})");
  EXPECT_THAT(result, Fired("ra"));
  EXPECT_THAT(result, Fired("rb", "ra"));
  EXPECT_THAT(result, NotFired("missing_required"));
  EXPECT_THAT(result, FiredExactly("rb", "ra"));
  EXPECT_THAT(result, Not(FiredExactly("ra")));
  EXPECT_THAT(result, Not(NotFired("ra", "missing_required")));

  EXPECT_EQ(explain(Fired("ra", "missing_required"), result), "missing_required did not fire");
  EXPECT_EQ(explain(NotFired("ra", "rb"), result), "ra, rb fired");
  EXPECT_EQ(explain(FiredExactly("ra", "missing_required"), result),
            "missing_required not fired; rb fired too");
  EXPECT_EQ(::testing::DescribeMatcher<const redflag::Result&>(Fired("ra", "rb")), "fired ra, rb");
  EXPECT_EQ(::testing::DescribeMatcher<const redflag::Result&>(FiredExactly()),
            "fired exactly none");
}

TEST(Testing, UnresolvedAndIsComplete) {
  const auto rules = rftest::load_body(kBody);
  const auto result = rftest::evaluate_json(rules, R"({"b": false})");
  EXPECT_THAT(result, AllOf(HasLevel("mid"), Fired("missing_required"), Unresolved("ra"),
                            Not(IsComplete())));
  EXPECT_EQ(explain(Unresolved("ra", "rb"), result), "rb not unresolved");
  EXPECT_THAT(rftest::evaluate_json(rules, R"({"a": false, "b": false})"), IsComplete());
}

TEST(Testing, FailureMessagesShowTheActualResult) {
  const auto rules = rftest::load_body(kBody);
  const auto result = rftest::evaluate_json(rules, R"({"b": true})");
  EXPECT_EQ(::testing::PrintToString(result),
            "level mid; fired: rb, missing_required; unresolved: ra; incomplete");
  const std::string message = [&] {
    ::testing::AssertionResult r = ::testing::AssertionSuccess();
    const ::testing::Matcher<const redflag::Result&> m = HasLevel("high");
    if (!m.Matches(result)) {
      r = ::testing::AssertionFailure()
          << "Expected: " << ::testing::DescribeMatcher<const redflag::Result&>(m)
          << "\n  Actual: " << ::testing::PrintToString(result);
    }
    return std::string(r.message());
  }();
  EXPECT_EQ(message,
            "Expected: has level high\n"
            "  Actual: level mid; fired: rb, missing_required; unresolved: ra; incomplete");
}

}  // namespace
