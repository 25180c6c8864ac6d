// Coverage: which rules were seen fired, not fired and unresolved, and which operands of each
// condition were seen true, false and unknown.
#include <redflag/coverage.hpp>

#include "test_helpers.hpp"

namespace {

using redflag::Coverage;
using redflag::OperandCoverage;
using redflag::RuleCoverage;
using testing::ElementsAre;

// Lines 9.. of the rule text (kPrefix is 8 lines).
constexpr std::string_view kBody =
    "question a: boolean \"A?\"\n"                                              // 9
    "question b: boolean \"B?\"\n"                                              // 10
    "question t: number 0..10 \"T?\"\n"                                         // 11
    "question c: choice { x, y, z } \"C?\"\n"                                   // 12
    "let b_or_high = b or t > 3\n"                                              // 13
    "rule r1 \"R1\" -> high when a and b_or_high because \"x\" source \"s\"\n"  // 14
    "rule r2 \"R2\" -> mid when answered(t) and t > 5 because \"x\" source \"s\"\n"
    "rule r3 \"R3\" -> mid when count(a, c in {x, y}, not b) >= 2 and (a or b) because \"x\" "
    "source \"s\"\n";

std::vector<std::string> texts(const RuleCoverage& rule) {
  std::vector<std::string> out;
  for (const OperandCoverage& o : rule.operands)
    out.push_back(o.text);
  return out;
}

/// "TF?" for the states seen, "-" for each one not seen.
std::string seen(const OperandCoverage& o) {
  return std::string(o.seen_true ? "T" : "-") + (o.seen_false ? "F" : "-") +
         (o.seen_unknown ? "?" : "-");
}

TEST(Coverage, OperandsAreTheBooleanSubExpressionsThroughDerivedValuesInWrittenOrder) {
  const auto ruleset = rftest::load_body(kBody);
  const Coverage coverage(ruleset);
  ASSERT_EQ(coverage.rules().size(), 3u);
  EXPECT_THAT(texts(coverage.rules()[0]), ElementsAre("a", "b_or_high", "b", "t > 3"));
  EXPECT_THAT(texts(coverage.rules()[1]), ElementsAre("answered(t)", "t > 5"));
  EXPECT_THAT(texts(coverage.rules()[2]), ElementsAre("count(a, c in {x, y}, not b) >= 2", "a",
                                                      "c in {x, y}", "not b", "b", "a or b"));
}

TEST(Coverage, OperandsAreLocatedInTheRuleOrDerivedValueThatWritesThem) {
  const auto ruleset = rftest::load_body(kBody);
  const Coverage coverage(ruleset);
  const auto& r1 = coverage.rules()[0].operands;
  ASSERT_EQ(r1.size(), 4u);
  EXPECT_EQ(r1[0].location.where.line, 14u);  // `a`, in rule r1
  EXPECT_EQ(r1[1].location.where.line, 14u);  // `b_or_high`, read by rule r1
  EXPECT_EQ(r1[2].location.where.line, 13u);  // `b`, inside the let
  EXPECT_EQ(r1[3].location.where.line, 13u);
  EXPECT_EQ(r1[3].location.file, "test.rf");
}

TEST(Coverage, AnsweredGuardsCanNeverBeUnknown) {
  const auto ruleset = rftest::load_body(kBody);
  const Coverage coverage(ruleset);
  const RuleCoverage& r2 = coverage.rules()[1];
  EXPECT_FALSE(r2.can_be_unresolved);  // answered(t) and t > 5: false while t is unanswered
  EXPECT_FALSE(r2.operands[0].can_be_unknown);
  EXPECT_TRUE(r2.operands[1].can_be_unknown);
  EXPECT_EQ(r2.operands[0].states_possible(), 2u);
  EXPECT_TRUE(coverage.rules()[0].can_be_unresolved);
}

TEST(Coverage, RecordsTheStatesOfRulesAndOperands) {
  const auto ruleset = rftest::load_body(kBody);
  Coverage coverage(ruleset);
  EXPECT_TRUE(coverage.record(rftest::evaluate_json(ruleset, R"({"a": true, "b": true})")));
  const RuleCoverage& r1 = coverage.rules()[0];
  EXPECT_TRUE(r1.fired);
  EXPECT_FALSE(r1.not_fired);
  EXPECT_FALSE(r1.unresolved);
  EXPECT_FALSE(r1.covered());
  EXPECT_EQ(seen(r1.operands[0]), "T--");                   // a
  EXPECT_EQ(seen(r1.operands[2]), "T--");                   // b
  EXPECT_EQ(seen(r1.operands[3]), "--?");                   // t > 3, t unanswered
  EXPECT_EQ(seen(coverage.rules()[1].operands[0]), "-F-");  // answered(t)

  EXPECT_TRUE(coverage.record(rftest::evaluate_json(ruleset, R"({"a": false, "t": 2})")));
  EXPECT_TRUE(r1.not_fired);
  EXPECT_TRUE(r1.covered());
  EXPECT_EQ(seen(r1.operands[0]), "TF-");
  EXPECT_EQ(seen(r1.operands[2]), "T-?");  // b unanswered
  EXPECT_EQ(seen(r1.operands[3]), "-F?");
  EXPECT_EQ(coverage.recorded(), 2u);

  EXPECT_TRUE(coverage.record(rftest::evaluate_json(ruleset, R"({"a": true})")));
  EXPECT_TRUE(r1.unresolved);
}

TEST(Coverage, PercentagesCountRulesSeenFiredAndNotFiredAndOperandStatesSeenOverPossible) {
  const auto ruleset = rftest::load_body(kBody);
  Coverage coverage(ruleset);
  EXPECT_EQ(coverage.rules_covered(), 0u);
  EXPECT_DOUBLE_EQ(coverage.rule_percent(), 0.0);
  // 4 + 6 operands with 3 states; answered(t) with 2.
  EXPECT_EQ(coverage.operand_states_possible(), 3u * 4 + 2 + 3 + 3u * 6);
  EXPECT_EQ(coverage.operand_states_seen(), 0u);

  coverage.record(rftest::evaluate_json(ruleset, R"({"a": true, "b": true, "t": 6})"));
  coverage.record(rftest::evaluate_json(ruleset, R"({"a": false, "b": false, "t": 1})"));
  EXPECT_EQ(coverage.rules_covered(), 2u);  // r1, r2; r3 never fired
  EXPECT_NEAR(coverage.rule_percent(), 200.0 / 3, 1e-9);
  // r1: every operand T and F (8); r2: answered(t) only T, t > 5 T and F (3); r3: the count
  // comparison and `c in {x, y}` only unknown (c is unanswered), the other four T and F (10).
  EXPECT_EQ(coverage.operand_states_seen(), 8u + 3 + 10);
  EXPECT_NEAR(coverage.operand_percent(), 100.0 * 21 / 35, 1e-9);
}

TEST(Coverage, IgnoresErrorResultsAndResultsOfOtherRuleSets) {
  const auto ruleset = rftest::load_body(kBody);
  const auto other = rftest::load_body(kBody);
  Coverage coverage(ruleset);
  EXPECT_FALSE(coverage.record(rftest::evaluate_json(other, R"({"a": true})")));
  redflag::Answers bad(ruleset);
  bad.set("t", 99.0);  // out of range
  EXPECT_FALSE(coverage.record(ruleset.evaluate(bad)));
  EXPECT_EQ(coverage.recorded(), 0u);
  EXPECT_FALSE(coverage.rules()[0].fired || coverage.rules()[0].not_fired ||
               coverage.rules()[0].unresolved);
}

TEST(Coverage, ARuleSetWithoutRulesIsFullyCovered) {
  const auto ruleset = rftest::load_body("question a: boolean \"A?\"\n");
  const Coverage coverage(ruleset);
  EXPECT_DOUBLE_EQ(coverage.rule_percent(), 100.0);
  EXPECT_DOUBLE_EQ(coverage.operand_percent(), 100.0);
}

TEST(Coverage, TheShippedRuleFilesTestsReachFullRuleCoverage) {
  for (const char* path :
       {"tests/fixtures/rules/low_back_pain.rf", "tests/fixtures/rules/start_back.rf"}) {
    redflag::LoadOptions options;
    options.load_tests = true;
    const auto loaded = redflag::load_file(path, options);
    ASSERT_TRUE(loaded.ok()) << loaded.formatted();
    Coverage coverage(loaded.value());
    redflag::Result result;
    for (const auto& test : loaded->tests()) {
      redflag::run_test(loaded.value(), test, result);
      EXPECT_TRUE(coverage.record(result)) << test.name;
    }
    for (const RuleCoverage& r : coverage.rules()) {
      EXPECT_TRUE(r.covered()) << path << ": rule " << r.rule->id << " fired " << r.fired
                               << ", not fired " << r.not_fired;
    }
  }
}

}  // namespace
