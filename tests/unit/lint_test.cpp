// Tests of `redflag lint`'s analysis (src/analysis/lint.cpp): each check finds what it should,
// at the right place, and nothing on rule sets that are fine.
#include "analysis/lint.hpp"

#include <algorithm>

#include "test_helpers.hpp"

namespace {

using redflag::detail::Finding;
using redflag::detail::lint;

/// "code line:column" of every finding.
std::vector<std::string> found(const redflag::Ruleset& ruleset) {
  std::vector<std::string> out;
  for (const Finding& f : lint(ruleset).findings)
    out.push_back(f.code + " " + std::to_string(f.location.where.line) + ":" +
                  std::to_string(f.location.where.column));
  return out;
}

const Finding* find_code(const redflag::detail::LintReport& report, std::string_view code) {
  for (const Finding& f : report.findings)
    if (f.code == code) return &f;
  return nullptr;
}

TEST(Lint, CleanRuleSetHasNoFindings) {
  auto rs = rftest::load_body(
      "question fever: boolean \"Fever?\"\n"
      "question age: integer 0..120 \"Age?\"\n"
      "rule r1 \"Fever\" -> mid when fever because \"x\" source \"s\"\n"
      "rule r2 \"Old and fever\" -> high when fever and age > 80 because \"x\" source \"s\"\n");
  const auto report = lint(rs);
  EXPECT_THAT(found(rs), ::testing::IsEmpty());
  EXPECT_THAT(report.notes, ::testing::IsEmpty());
}

TEST(Lint, FlagsAPlantedUnreachableRule) {
  // `age < 10` outside the range 16..120 is already a warning at load; lint says what follows.
  const auto loaded = redflag::load(
      rftest::with_prefix("question fever: boolean \"Fever?\"\n"
                          "question age: integer 16..120 \"Age?\"\n"
                          "rule r1 \"Fever\" -> mid when fever because \"x\" source \"s\"\n"
                          "rule r2 \"Child\" -> high when age < 10 because \"x\" source \"s\"\n"
                          "rule r3 \"Contradiction\" -> high when fever and not fever because "
                          "\"x\" source \"s\"\n"),
      "test.rf");
  EXPECT_THAT(rftest::codes(loaded), ::testing::ElementsAre("threshold-out-of-range"));
  const redflag::Ruleset& rs = loaded.value();
  // Both `high` rules are unreachable, so no rule can produce `high` either.
  EXPECT_THAT(found(rs), ::testing::ElementsAre("unreachable-level 6:3", "unreachable-rule 12:6",
                                                "unreachable-rule 13:6"));
  const auto report = lint(rs);
  EXPECT_THAT(find_code(report, "unreachable-rule")->message, ::testing::HasSubstr("'r2'"));
}

TEST(Lint, ChoiceOptionsBoundReachability) {
  auto rs = rftest::load_body(
      "question leg: choice { none, one, both } \"Leg?\"\n"
      "rule r1 \"Both\" -> high when leg == both and leg == one because \"x\" source \"s\"\n"
      "rule r2 \"Some\" -> mid when leg in {one, both} because \"x\" source \"s\"\n");
  EXPECT_THAT(found(rs), ::testing::ElementsAre("unreachable-level 6:3", "unreachable-rule 10:6"));
}

TEST(Lint, ARuleThatNeedsAMissingAnswerIsReachable) {
  auto rs = rftest::load_body(
      "question fever: boolean required \"Fever?\"\n"
      "rule r1 \"Unknown fever\" -> mid when not answered(fever) because \"x\" source \"s\"\n"
      "rule r2 \"Fever\" -> high when fever because \"x\" source \"s\"\n");
  EXPECT_THAT(found(rs), ::testing::IsEmpty());
}

TEST(Lint, RuleCoveredByAHigherRuleNeverMatters) {
  auto rs = rftest::load_body(
      "question fever: boolean \"Fever?\"\n"
      "question rash: boolean \"Rash?\"\n"
      "rule broad \"Fever\" -> high when fever because \"x\" source \"s\"\n"
      "rule narrow \"Fever and rash\" -> mid when fever and rash because \"x\" source \"s\"\n"
      "rule same \"Fever, rash\" -> high when rash and fever because \"x\" source \"s\"\n");
  const auto report = lint(rs);
  EXPECT_THAT(found(rs), ::testing::ElementsAre("never-matters 12:6", "never-matters 13:6"));
  EXPECT_THAT(report.findings[0].message, ::testing::HasSubstr("rule 'broad'"));
}

TEST(Lint, RuleAtTheDefaultLevelNeverMatters) {
  auto rs = rftest::load_body(
      "question fever: boolean \"Fever?\"\n"
      "rule r1 \"Fever\" -> low when fever because \"x\" source \"s\"\n"
      "rule r2 \"Fever\" -> mid when fever because \"x\" source \"s\"\n"
      "rule r3 \"Fever\" -> high when not fever because \"x\" source \"s\"\n");
  EXPECT_THAT(found(rs), ::testing::ElementsAre("never-matters 10:6"));
}

TEST(Lint, UnusedQuestionsParametersAndLevels) {
  auto rs = rftest::load_body(
      "param limit = 38 \"unused\"\n"
      "param used = 80\n"
      "question fever: boolean \"Fever?\"\n"
      "question note: text \"Anything else?\"\n"
      "question age: integer 0..120 \"Age?\"\n"
      "let old = age > used\n"
      "rule r1 \"Fever\" -> high when fever because \"x\" source \"s\"\n");
  EXPECT_THAT(found(rs), ::testing::ElementsAre("unreachable-level 5:3", "unused-parameter 9:7",
                                                "unused-question 12:10"));
}

TEST(Lint, NearDuplicateThresholds) {
  auto rs = rftest::load_body(
      "question age: integer 0..120 \"Age?\"\n"
      "rule r1 \"Old\" -> mid when age > 50 because \"x\" source \"s\"\n"
      "rule r2 \"Older\" -> high when age >= 50 and age < 100 because \"x\" source \"s\"\n");
  const auto report = lint(rs);
  EXPECT_THAT(found(rs), ::testing::ElementsAre("near-duplicate-threshold 11:6"));
  EXPECT_THAT(report.findings[0].message, ::testing::HasSubstr("'age >= 50' (in r2) beside "
                                                               "'age > 50' (in r1)"));
}

TEST(Lint, ComplementaryThresholdsAreFine) {
  auto rs = rftest::load_body(
      "question age: integer 0..120 \"Age?\"\n"
      "rule r1 \"Young\" -> mid when age < 50 because \"x\" source \"s\"\n"
      "rule r2 \"Old\" -> high when age >= 50 because \"x\" source \"s\"\n");
  EXPECT_THAT(found(rs), ::testing::IsEmpty());
}

TEST(Lint, MissingSource) {
  auto loaded =
      redflag::load(rftest::with_prefix("question fever: boolean \"Fever?\"\n"
                                        "rule r1 \"Fever\" -> mid when fever because \"x\"\n"
                                        "rule r2 \"No fever\" -> high when not fever because \"x\" "
                                        "source \"s\"\n"),
                    "test.rf");
  ASSERT_TRUE(loaded.ok());
  EXPECT_THAT(found(loaded.value()), ::testing::ElementsAre("missing-source 10:6"));
}

TEST(Lint, NumbersAreTriedEitherSideOfTheirThresholds) {
  // Only 38.5 makes both true: found only if the midpoint between thresholds is tried.
  auto rs = rftest::load_body(
      "question t: number 34..43 \"Temperature?\"\n"
      "rule r1 \"Band\" -> high when t > 38 and t < 39 because \"x\" source \"s\"\n"
      "rule r2 \"Hot\" -> mid when t >= 40 because \"x\" source \"s\"\n");
  EXPECT_THAT(found(rs), ::testing::IsEmpty());
  auto none = rftest::load_body(
      "question t: number 34..43 \"Temperature?\"\n"
      "rule r1 \"Band\" -> high when t > 39 and t < 38 because \"x\" source \"s\"\n");
  EXPECT_THAT(found(none), ::testing::ElementsAre("unreachable-level 5:3", "unreachable-level 6:3",
                                                  "unreachable-rule 10:6"));
}

}  // namespace
