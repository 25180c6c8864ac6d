// The evaluator: Kleene logic, interval arithmetic on unknowns, levels, unresolved rules, the
// missing-data policy, evidence, explanations, error results, Result reuse and copies, and
// concurrent evaluation of one shared Ruleset.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "eval/program.hpp"
#include "result_impl.hpp"
#include "test_helpers.hpp"

namespace {

using rftest::evaluate_json;
using rftest::Evidence;
using rftest::fired_evidence;
using rftest::fired_ids;
using rftest::level_of;
using rftest::load_body;
using rftest::missing_of;
using rftest::not_fired_evidence;
using rftest::not_fired_ids;
using rftest::unresolved_ids;
using rftest::value_of;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::UnorderedElementsAre;

redflag::EvaluateOptions explain() {
  redflag::EvaluateOptions o;
  o.explain = true;
  return o;
}

// ---------------------------------------------------------------------------------------------
// Kleene truth tables

/// Three-valued truth: nullopt is unknown.
using Truth = std::optional<bool>;
constexpr Truth T = true, F = false, U = std::nullopt;

std::string show(Truth t) {
  return t ? (*t ? "true" : "false") : "unknown";
}

/// A JSON answer for a boolean question: true, false, or null (unanswered).
std::string json(Truth t) {
  return t ? (*t ? "true" : "false") : "null";
}

struct TruthRow {
  Truth a, b, expected;
};

/// Checks `expr` (over boolean questions a and b) against a full table: as a derived value,
/// and as the condition of a rule: fired when true, unresolved (with the unknown questions as
/// missing) when unknown, and explained as not fired when false.
void check_truth_table(const std::string& expr, const std::vector<TruthRow>& table) {
  const auto rs =
      load_body("question a: boolean \"A?\"\nquestion b: boolean \"B?\"\nlet v = " + expr +
                "\nrule r \"R\" -> high when " + expr + " because \"b\" source \"s\"\n");
  for (const auto& row : table) {
    SCOPED_TRACE("a=" + show(row.a) + " b=" + show(row.b) + ": " + expr);
    const auto r =
        evaluate_json(rs, "{\"a\":" + json(row.a) + ",\"b\":" + json(row.b) + "}", explain());
    EXPECT_EQ(value_of(r, "v"), show(row.expected));
    if (row.expected == T) {
      EXPECT_EQ(level_of(r), "high");
      EXPECT_THAT(fired_ids(r), ElementsAre("r"));
      EXPECT_THAT(unresolved_ids(r), IsEmpty());
      EXPECT_THAT(not_fired_ids(r), IsEmpty());
      EXPECT_TRUE(r.complete());
    } else if (row.expected == F) {
      EXPECT_EQ(level_of(r), "low");
      EXPECT_THAT(fired_ids(r), IsEmpty());
      EXPECT_THAT(unresolved_ids(r), IsEmpty());
      EXPECT_THAT(not_fired_ids(r), ElementsAre("r"));
      EXPECT_TRUE(r.complete());
    } else {
      EXPECT_EQ(level_of(r), "low");
      EXPECT_THAT(fired_ids(r), IsEmpty());
      EXPECT_THAT(unresolved_ids(r), ElementsAre("r"));
      EXPECT_THAT(not_fired_ids(r), IsEmpty());
      EXPECT_FALSE(r.complete());
      std::vector<std::string> missing;
      if (!row.a) missing.push_back("a");
      if (!row.b && expr.find('b') != std::string::npos) missing.push_back("b");
      EXPECT_THAT(missing_of(r, "r"), Optional(missing));
    }
  }
}

TEST(Kleene, And) {
  check_truth_table("a and b", {{T, T, T},
                                {T, F, F},
                                {T, U, U},
                                {F, T, F},
                                {F, F, F},
                                {F, U, F},
                                {U, T, U},
                                {U, F, F},
                                {U, U, U}});
}

TEST(Kleene, Or) {
  check_truth_table("a or b", {{T, T, T},
                               {T, F, T},
                               {T, U, T},
                               {F, T, T},
                               {F, F, F},
                               {F, U, U},
                               {U, T, T},
                               {U, F, U},
                               {U, U, U}});
}

TEST(Kleene, Not) {
  // b is answered (or not) but not read.
  check_truth_table("not a", {{T, T, F},
                              {T, F, F},
                              {T, U, F},
                              {F, T, T},
                              {F, F, T},
                              {F, U, T},
                              {U, T, U},
                              {U, F, U},
                              {U, U, U}});
}

TEST(Kleene, BooleanEquality) {
  check_truth_table("a == b", {{T, T, T},
                               {T, F, F},
                               {T, U, U},
                               {F, T, F},
                               {F, F, T},
                               {F, U, U},
                               {U, T, U},
                               {U, F, U},
                               {U, U, U}});
}

TEST(Kleene, BooleanInequality) {
  check_truth_table("a != b", {{T, T, F},
                               {T, F, T},
                               {T, U, U},
                               {F, T, T},
                               {F, F, F},
                               {F, U, U},
                               {U, T, U},
                               {U, F, U},
                               {U, U, U}});
}

TEST(Kleene, ComparedWithALiteral) {
  check_truth_table("a == true", {{T, U, T}, {F, U, F}, {U, U, U}});
  check_truth_table("a != false", {{T, U, T}, {F, U, F}, {U, U, U}});
}

TEST(Kleene, NestedNotOfAnd) {
  // De Morgan holds in Kleene logic.
  check_truth_table("not (a and b)",
                    {{T, T, F}, {T, F, T}, {T, U, U}, {F, U, T}, {U, F, T}, {U, U, U}});
}

// ---------------------------------------------------------------------------------------------
// Numbers and intervals

constexpr std::string_view kNumbers = R"(question x: number "X?"
question y: number "Y?"
question a: boolean "A?"
question b: boolean "B?"
question c: boolean "C?"
)";

redflag::Ruleset numbers(const std::string& lets) {
  return load_body(std::string(kNumbers) + lets);
}

TEST(Intervals, ComparisonsWithAnUnknownNumberAreUnknownNeverFalse) {
  const auto rs = numbers(
      "let gt = x > 50\nlet le = x <= 50\nlet eq = x == 50\nlet ne = x != 50\n"
      "rule r \"R\" -> high when x > 50 because \"b\" source \"s\"\n");
  const auto r = evaluate_json(rs, "{}", explain());
  for (const auto* name : {"gt", "le", "eq", "ne"})
    EXPECT_EQ(value_of(r, name), "unknown") << name;
  EXPECT_THAT(unresolved_ids(r), ElementsAre("r"));
  EXPECT_THAT(missing_of(r, "r"), Optional(ElementsAre("x")));
  EXPECT_THAT(not_fired_ids(r), IsEmpty());

  const auto known = evaluate_json(rs, R"({"x": 50})");
  EXPECT_EQ(value_of(known, "gt"), "false");
  EXPECT_EQ(value_of(known, "le"), "true");
  EXPECT_EQ(value_of(known, "eq"), "true");
  EXPECT_EQ(value_of(known, "ne"), "false");
}

TEST(Intervals, ComparingTwoNumbers) {
  const auto rs = numbers("let lt = x < y\nlet ge = x >= y\n");
  auto r = evaluate_json(rs, R"({"x": 1, "y": 2})");
  EXPECT_EQ(value_of(r, "lt"), "true");
  EXPECT_EQ(value_of(r, "ge"), "false");
  r = evaluate_json(rs, R"({"x": 2, "y": 2})");
  EXPECT_EQ(value_of(r, "lt"), "false");
  EXPECT_EQ(value_of(r, "ge"), "true");
  r = evaluate_json(rs, R"({"x": 2})");
  EXPECT_EQ(value_of(r, "lt"), "unknown");
  EXPECT_EQ(value_of(r, "ge"), "unknown");
}

TEST(Intervals, ArithmeticOnUnknownIsUnknown) {
  const auto rs = numbers(
      "let sum = x + 1\nlet diff = x - y\nlet prod = x * 0\nlet neg = -x\nlet quot = x / 2\n");
  const auto r = evaluate_json(rs, R"({"y": 3})");
  for (const auto* name : {"sum", "diff", "prod", "neg", "quot"})
    EXPECT_EQ(value_of(r, name), "unknown") << name;
  EXPECT_THAT(r.to_json(),
              ::testing::HasSubstr(R"("values":{"sum":null,"diff":null,"prod":null,"neg":null,)"
                                   R"("quot":null})"));

  const auto known = evaluate_json(rs, R"({"x": 4, "y": 3})");
  EXPECT_EQ(value_of(known, "sum"), "5");
  EXPECT_EQ(value_of(known, "diff"), "1");
  EXPECT_EQ(value_of(known, "prod"), "0");
  EXPECT_EQ(value_of(known, "neg"), "-4");
  EXPECT_EQ(value_of(known, "quot"), "2");
}

TEST(Intervals, CountAtLeastOne) {
  const auto rs = numbers(
      "let n = count(a, b, c)\n"
      "rule r \"R\" -> high when count(a, b, c) >= 1 because \"b\" source \"s\"\n");
  // One true is enough, whatever the others are.
  auto r = evaluate_json(rs, R"({"a": true})");
  EXPECT_THAT(fired_ids(r), ElementsAre("r"));
  EXPECT_EQ(value_of(r, "n"), "unknown");  // 1..3
  r = evaluate_json(rs, R"({"c": true, "a": false})");
  EXPECT_THAT(fired_ids(r), ElementsAre("r"));
  // All false: false.
  r = evaluate_json(rs, R"({"a": false, "b": false, "c": false})", explain());
  EXPECT_THAT(fired_ids(r), IsEmpty());
  EXPECT_THAT(unresolved_ids(r), IsEmpty());
  EXPECT_THAT(not_fired_ids(r), ElementsAre("r"));
  EXPECT_EQ(value_of(r, "n"), "0");
  // Otherwise unknown, missing exactly the unanswered ones.
  r = evaluate_json(rs, R"({"a": false, "c": false})");
  EXPECT_THAT(unresolved_ids(r), ElementsAre("r"));
  EXPECT_THAT(missing_of(r, "r"), Optional(ElementsAre("b")));
  r = evaluate_json(rs, R"({})");
  EXPECT_THAT(missing_of(r, "r"), Optional(ElementsAre("a", "b", "c")));
  // Fully answered counts are exact.
  r = evaluate_json(rs, R"({"a": true, "b": false, "c": true})");
  EXPECT_EQ(value_of(r, "n"), "2");
}

TEST(Intervals, CountAtLeastTwoWithOneTrueAndOneUnknown) {
  const auto rs =
      numbers("rule r \"R\" -> high when count(a, b, c) >= 2 because \"b\" source \"s\"\n");
  auto r = evaluate_json(rs, R"({"a": true, "b": null, "c": false})");
  EXPECT_THAT(fired_ids(r), IsEmpty());
  EXPECT_THAT(unresolved_ids(r), ElementsAre("r"));
  EXPECT_THAT(missing_of(r, "r"), Optional(ElementsAre("b")));
  r = evaluate_json(rs, R"({"a": true, "b": true})");
  EXPECT_THAT(fired_ids(r), ElementsAre("r"));
  r = evaluate_json(rs, R"({"a": false, "b": false})", explain());
  EXPECT_THAT(not_fired_ids(r), ElementsAre("r"));
}

TEST(Intervals, CountBoundsAtMost) {
  // count(a, b, c) <= 1 with one true and two unknown is unknown; with two true it is false.
  const auto rs = numbers("let at_most_one = count(a, b, c) <= 1\n");
  EXPECT_EQ(value_of(evaluate_json(rs, R"({"a": true})"), "at_most_one"), "unknown");
  EXPECT_EQ(value_of(evaluate_json(rs, R"({"a": true, "b": true})"), "at_most_one"), "false");
  EXPECT_EQ(value_of(evaluate_json(rs, R"({"a": false, "b": false})"), "at_most_one"), "true");
}

TEST(Intervals, MinAndMax) {
  const auto rs = numbers(
      "let lo = min(x, y, 10)\nlet hi = max(x, y, -10)\n"
      "let lo_le_3 = min(x, y) <= 3\nlet hi_ge_3 = max(x, y) >= 3\nlet lo_gt_3 = min(x, y) > 3\n");
  auto r = evaluate_json(rs, R"({"x": 3, "y": 5})");
  EXPECT_EQ(value_of(r, "lo"), "3");
  EXPECT_EQ(value_of(r, "hi"), "5");
  r = evaluate_json(rs, R"({"x": 30, "y": 50})");
  EXPECT_EQ(value_of(r, "lo"), "10");
  EXPECT_EQ(value_of(r, "hi"), "50");
  // With y unknown, min(x, y) is at most x and max(x, y) at least x.
  r = evaluate_json(rs, R"({"x": 3})");
  EXPECT_EQ(value_of(r, "lo"), "unknown");
  EXPECT_EQ(value_of(r, "hi"), "unknown");
  EXPECT_EQ(value_of(r, "lo_le_3"), "true");
  EXPECT_EQ(value_of(r, "hi_ge_3"), "true");
  EXPECT_EQ(value_of(r, "lo_gt_3"), "false");
}

TEST(Intervals, DivisionByAnIntervalContainingZeroIsUnknown) {
  const auto rs = numbers(
      "let q = x / y\nlet q_big = x / y > 1\nlet by_count = x / count(a, b)\n"
      "let by_count_ge_2 = x / count(a, b) >= 2\n"
      "rule r \"R\" -> high when x / y > 1 because \"b\" source \"s\"\n");
  auto r = evaluate_json(rs, R"({"x": 4, "y": 0})");
  EXPECT_EQ(value_of(r, "q"), "unknown");
  EXPECT_EQ(value_of(r, "q_big"), "unknown");
  // Nothing left to answer, but the condition is still unknown: never silently false.
  EXPECT_THAT(unresolved_ids(r), ElementsAre("r"));
  EXPECT_THAT(missing_of(r, "r"), Optional(IsEmpty()));
  EXPECT_FALSE(r.complete());

  r = evaluate_json(rs, R"({"x": 4, "y": 2})");
  EXPECT_EQ(value_of(r, "q"), "2");
  EXPECT_THAT(fired_ids(r), ElementsAre("r"));

  // count(a, b) is 0..2 when both are unknown: dividing by it gives anything.
  r = evaluate_json(rs, R"({"x": 4, "y": 2})");
  EXPECT_EQ(value_of(r, "by_count"), "unknown");
  EXPECT_EQ(value_of(r, "by_count_ge_2"), "unknown");
  // count(a, b) is 1..2 with a true and b unknown: 4 / [1, 2] = [2, 4], so >= 2 holds.
  r = evaluate_json(rs, R"({"x": 4, "y": 2, "a": true})");
  EXPECT_EQ(value_of(r, "by_count"), "unknown");
  EXPECT_EQ(value_of(r, "by_count_ge_2"), "true");
}

TEST(Intervals, InWithAnUnknownChoiceIsUnknown) {
  const auto rs = load_body(R"(question leg: choice { none, one, both } "Leg?"
let any_leg = leg in {one, both}
let is_none = leg == none
rule r "R" -> high when leg in {one, both} because "b" source "s"
)");
  auto r = evaluate_json(rs, "{}");
  EXPECT_EQ(value_of(r, "any_leg"), "unknown");
  EXPECT_EQ(value_of(r, "is_none"), "unknown");
  EXPECT_THAT(missing_of(r, "r"), Optional(ElementsAre("leg")));
  r = evaluate_json(rs, R"({"leg": "both"})");
  EXPECT_EQ(value_of(r, "any_leg"), "true");
  EXPECT_EQ(value_of(r, "is_none"), "false");
  EXPECT_THAT(fired_evidence(r, "r"), Optional(Evidence{{"leg", "both"}}));
  r = evaluate_json(rs, R"({"leg": "none"})");
  EXPECT_EQ(value_of(r, "any_leg"), "false");
  EXPECT_EQ(value_of(r, "is_none"), "true");
}

TEST(Intervals, AnsweredIsNeverUnknown) {
  const auto rs = load_body(R"(question a: boolean "A?"
question n: number "N?"
question note: text "Note?"
let a_answered = answered(a)
let all_answered = answered(a, n, note)
let note_missing = not answered(note)
rule r "R" -> high when not answered(a, n) because "b" source "s"
)");
  auto r = evaluate_json(rs, "{}");
  EXPECT_EQ(value_of(r, "a_answered"), "false");
  EXPECT_EQ(value_of(r, "all_answered"), "false");
  EXPECT_EQ(value_of(r, "note_missing"), "true");
  EXPECT_THAT(fired_ids(r), ElementsAre("r"));
  EXPECT_TRUE(r.complete());

  r = evaluate_json(rs, R"({"a": false, "n": 0, "note": ""})");
  EXPECT_EQ(value_of(r, "a_answered"), "true");
  EXPECT_EQ(value_of(r, "all_answered"), "true");
  EXPECT_EQ(value_of(r, "note_missing"), "false");
  EXPECT_THAT(fired_ids(r), IsEmpty());
}

// ---------------------------------------------------------------------------------------------
// Levels, unresolved rules and the missing-data policy

constexpr std::string_view kLevels = R"(question a: boolean "A?"
question b: boolean "B?"
question c: boolean "C?"
question d: boolean "D?"
rule low_rule "Low" -> low when d because "b" source "s"
rule mid_rule "Mid" -> mid when a because "b" source "s"
rule high_rule "High" -> high when b and (c or d) because "b" source "s"
rule mid_too "Mid too" -> mid when a and c because "b" source "s"
)";

TEST(Levels, HighestFiredLevelWins) {
  const auto rs = load_body(kLevels);
  const auto r = evaluate_json(rs, R"({"a": true, "b": true, "c": true, "d": false})");
  EXPECT_EQ(level_of(r), "high");
  EXPECT_EQ(r.level().advice, "Go to A&E");
  EXPECT_EQ(r.level().indicator, redflag::Indicator::critical);
  EXPECT_THAT(fired_ids(r), ElementsAre("mid_rule", "high_rule", "mid_too"));
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.complete());
}

TEST(Levels, DefaultWhenNothingFires) {
  const auto rs = load_body(kLevels);
  const auto r = evaluate_json(rs, R"({"a": false, "b": false, "c": false, "d": false})");
  EXPECT_EQ(level_of(r), "low");
  EXPECT_EQ(&r.level(), &rs.default_level());
  EXPECT_THAT(fired_ids(r), IsEmpty());
  EXPECT_TRUE(r.complete());
}

TEST(Levels, DefaultNeedNotBeTheLowestLevel) {
  const auto rs = rftest::load_ok(R"(ruleset t "T"
version "1"
levels { low "L" mid "M" high "H" }
default mid
question a: boolean "A?"
rule r "R" -> low when a because "b" source "s"
)");
  // A rule at a level below the default never lowers the result.
  const auto r = evaluate_json(rs, R"({"a": true})");
  EXPECT_EQ(level_of(r), "mid");
  EXPECT_THAT(fired_ids(r), ElementsAre("r"));
}

TEST(Levels, UnresolvedOnlyAboveTheResultLevel) {
  const auto rs = load_body(kLevels);
  // mid_rule fires; high_rule is unknown (above mid: listed); mid_too is unknown (at mid: not
  // listed); low_rule is unknown (below: not listed).
  const auto r = evaluate_json(rs, R"({"a": true})");
  EXPECT_EQ(level_of(r), "mid");
  EXPECT_THAT(unresolved_ids(r), ElementsAre("high_rule"));
  EXPECT_THAT(missing_of(r, "high_rule"), Optional(ElementsAre("b", "c", "d")));
  EXPECT_FALSE(r.complete());
  EXPECT_TRUE(r.ok());
}

TEST(Levels, MissingListsOnlyTheQuestionsThatCanStillMatter) {
  const auto rs = load_body(kLevels);
  // b and (c or d): with b true and c false, only d can still make it fire.
  auto r = evaluate_json(rs, R"({"b": true, "c": false})");
  EXPECT_THAT(missing_of(r, "high_rule"), Optional(ElementsAre("d")));
  // (b and (c or d)) with b unknown and c true: only b.
  r = evaluate_json(rs, R"({"c": true})");
  EXPECT_THAT(missing_of(r, "high_rule"), Optional(ElementsAre("b")));
  // Answering everything that matters resolves it.
  r = evaluate_json(rs, R"({"a": false, "b": false, "c": false})");
  EXPECT_THAT(unresolved_ids(r), IsEmpty());
  EXPECT_EQ(level_of(r), "low");
}

TEST(Levels, UnresolvedIsCompleteOnceAHigherRuleFires) {
  const auto rs = load_body(kLevels);
  // high_rule fires: nothing unknown can raise the level any more.
  const auto r = evaluate_json(rs, R"({"b": true, "c": true})");
  EXPECT_EQ(level_of(r), "high");
  EXPECT_THAT(unresolved_ids(r), IsEmpty());
  EXPECT_TRUE(r.complete());
}

TEST(Levels, MissingQuestionsAreNotRepeated) {
  const auto rs = load_body(R"(question a: boolean "A?"
question b: boolean "B?"
rule r "R" -> high when a and (a or b) and count(a, b) >= 1 because "b" source "s"
)");
  const auto r = evaluate_json(rs, "{}");
  EXPECT_THAT(missing_of(r, "r"), Optional(ElementsAre("a", "b")));
}

constexpr std::string_view kMissingPolicy = R"(question ces1: boolean required "CES 1?"
question ces2: boolean required "CES 2?"
question other: boolean "Other?"
rule ces "CES" -> high when ces1 or ces2 because "b" source "s"
on missing required -> mid "Required questions are unanswered" source "Policy"
)";

TEST(MissingPolicy, FiresWithTheUnansweredRequiredQuestions) {
  const auto rs = load_body(kMissingPolicy);
  auto r = evaluate_json(rs, "{}");
  EXPECT_EQ(level_of(r), "mid");
  EXPECT_THAT(fired_ids(r), ElementsAre("missing_required"));
  EXPECT_THAT(fired_evidence(r, "missing_required"),
              Optional(Evidence{{"ces1", "unknown"}, {"ces2", "unknown"}}));
  EXPECT_THAT(unresolved_ids(r), ElementsAre("ces"));
  EXPECT_FALSE(r.complete());

  r = evaluate_json(rs, R"({"ces1": false})");
  EXPECT_EQ(level_of(r), "mid");
  EXPECT_THAT(fired_evidence(r, "missing_required"), Optional(Evidence{{"ces2", "unknown"}}));
  for (const auto& f : r.fired()) {
    ASSERT_EQ(f.answers.size(), 1u);
    EXPECT_EQ(f.answers[0].value, redflag::Value::unknown_value());
    EXPECT_EQ(f.rule->because, "Required questions are unanswered");
  }
}

TEST(MissingPolicy, SilentWhenAllRequiredAreAnswered) {
  const auto rs = load_body(kMissingPolicy);
  // `other` is not required.
  const auto r = evaluate_json(rs, R"({"ces1": false, "ces2": false})", explain());
  EXPECT_EQ(level_of(r), "low");
  EXPECT_THAT(fired_ids(r), IsEmpty());
  EXPECT_TRUE(r.complete());
  EXPECT_THAT(not_fired_ids(r), UnorderedElementsAre("ces", "missing_required"));
}

TEST(MissingPolicy, AHigherRuleStillWins) {
  const auto rs = load_body(kMissingPolicy);
  const auto r = evaluate_json(rs, R"({"ces2": true})");
  EXPECT_EQ(level_of(r), "high");
  EXPECT_THAT(fired_ids(r), ElementsAre("ces", "missing_required"));
  EXPECT_THAT(fired_evidence(r, "ces"), Optional(Evidence{{"ces2", "true"}}));
  EXPECT_THAT(fired_evidence(r, "missing_required"), Optional(Evidence{{"ces1", "unknown"}}));
  EXPECT_TRUE(r.complete());
}

// ---------------------------------------------------------------------------------------------
// Evidence and explanations

constexpr std::string_view kEvidence = R"(question a: boolean "A?"
question b: boolean "B?"
question c: boolean "C?"
question age: integer 0..120 "Age?"
question leg: choice { none, one, both } "Leg?"
question note: text "Note?"
rule any "Any" -> high when a or b or c because "b" source "s"
rule all "All" -> high when a and b because "b" source "s"
rule counted "Counted" -> high when count(a, b, c) >= 1 because "b" source "s"
rule older "Older" -> high when age > 50 and leg == both because "b" source "s"
rule noted "Noted" -> high when answered(note) because "b" source "s"
)";

TEST(Evidence, TrueOrCitesOnlyItsTrueOperands) {
  const auto rs = load_body(kEvidence);
  auto r = evaluate_json(rs, R"({"a": false, "b": true})");
  EXPECT_THAT(fired_evidence(r, "any"), Optional(Evidence{{"b", "true"}}));
  r = evaluate_json(rs, R"({"a": true, "b": false, "c": true})");
  EXPECT_THAT(fired_evidence(r, "any"), Optional(Evidence{{"a", "true"}, {"c", "true"}}));
}

TEST(Evidence, CountCitesTheCountedOperands) {
  const auto rs = load_body(kEvidence);
  const auto r = evaluate_json(rs, R"({"a": false, "b": true, "c": true})");
  EXPECT_THAT(fired_evidence(r, "counted"), Optional(Evidence{{"b", "true"}, {"c", "true"}}));
}

TEST(Evidence, FiredAndCitesAll) {
  const auto rs = load_body(kEvidence);
  auto r = evaluate_json(rs, R"({"a": true, "b": true})");
  EXPECT_THAT(fired_evidence(r, "all"), Optional(Evidence{{"a", "true"}, {"b", "true"}}));
  r = evaluate_json(rs, R"({"age": 60, "leg": "both"})");
  EXPECT_THAT(fired_evidence(r, "older"), Optional(Evidence{{"age", "60"}, {"leg", "both"}}));
}

TEST(Evidence, EvidenceComesInConditionOrder) {
  const auto rs = load_body(kEvidence);
  const auto r = evaluate_json(rs, R"({"leg": "both", "age": 60})");
  ASSERT_EQ(r.fired().size(), 1u);
  ASSERT_EQ(r.fired()[0].answers.size(), 2u);
  EXPECT_EQ(r.fired()[0].answers[0].question, "age");
  EXPECT_EQ(r.fired()[0].answers[0].value, redflag::Value::of(60.0));
  EXPECT_EQ(r.fired()[0].answers[1].question, "leg");
  EXPECT_EQ(r.fired()[0].answers[1].value, redflag::Value::choice("both"));
}

TEST(Evidence, TextAnswers) {
  const auto rs = load_body(kEvidence);
  const auto r = evaluate_json(rs, R"({"note": "breast cancer 2019"})");
  EXPECT_THAT(fired_evidence(r, "noted"), Optional(Evidence{{"note", "\"breast cancer 2019\""}}));
}

TEST(Evidence, OffListsTheSameRulesWithoutEvidenceOrMissingQuestions) {
  const auto rs = load_body(kEvidence);
  redflag::EvaluateOptions lean;
  lean.evidence = false;
  // The first fires rules, the second leaves them unresolved.
  for (const std::string answers : {R"({"a": true, "b": true, "age": 60})", R"({"age": 40})"}) {
    const auto full = evaluate_json(rs, answers);
    const auto r = evaluate_json(rs, answers, lean);
    ASSERT_FALSE(fired_ids(full).empty() && unresolved_ids(full).empty()) << answers;
    EXPECT_EQ(level_of(r), level_of(full));
    EXPECT_EQ(r.complete(), full.complete());
    EXPECT_EQ(fired_ids(r), fired_ids(full));
    EXPECT_EQ(unresolved_ids(r), unresolved_ids(full));
    for (const auto& f : r.fired())
      EXPECT_TRUE(f.answers.empty()) << f.rule->id;
    for (const auto& u : r.unresolved())
      EXPECT_TRUE(u.missing.empty()) << u.rule->id;
  }
}

TEST(Explain, ListsRulesAboveTheLevelWithTheAnswersThatMadeThemFalse) {
  const auto rs = load_body(kEvidence);
  const auto r = evaluate_json(rs, R"({"a": false, "b": false, "c": false, "age": 40,
                                       "leg": "both"})",
                               explain());
  EXPECT_EQ(level_of(r), "low");
  EXPECT_THAT(not_fired_ids(r), ElementsAre("any", "all", "counted", "older", "noted"));
  EXPECT_THAT(not_fired_evidence(r, "any"),
              Optional(Evidence{{"a", "false"}, {"b", "false"}, {"c", "false"}}));
  // A false `and` cites only its false operands.
  EXPECT_THAT(not_fired_evidence(r, "all"), Optional(Evidence{{"a", "false"}, {"b", "false"}}));
  EXPECT_THAT(not_fired_evidence(r, "older"), Optional(Evidence{{"age", "40"}}));
  EXPECT_THAT(not_fired_evidence(r, "noted"), Optional(Evidence{{"note", "unknown"}}));
  EXPECT_THAT(r.to_json(), ::testing::HasSubstr(R"("not_fired":[{"id":"any","level":"high",)"
                                                R"("answers":{"a":false,"b":false,"c":false}})"));
}

TEST(Explain, OnlyAboveTheResultLevelAndOnlyWhenAsked) {
  const auto rs = load_body(kLevels);
  const std::string answers = R"({"a": true, "b": false, "c": false, "d": false})";
  auto r = evaluate_json(rs, answers, explain());
  EXPECT_EQ(level_of(r), "mid");
  // mid_too (mid) and low_rule (low) are false too, but not above the level.
  EXPECT_THAT(not_fired_ids(r), ElementsAre("high_rule"));
  // b and (c or d): both operands are false, so both are cited.
  EXPECT_THAT(not_fired_evidence(r, "high_rule"),
              Optional(Evidence{{"b", "false"}, {"c", "false"}, {"d", "false"}}));
  r = evaluate_json(rs, answers);
  EXPECT_THAT(not_fired_ids(r), IsEmpty());
  EXPECT_THAT(r.to_json(), ::testing::Not(::testing::HasSubstr("not_fired")));
}

TEST(Explain, FiredRuleWithoutAnswersAfterANotFiredRule) {
  // A fired rule with no answer evidence (a parameter-only condition) right after a rule that
  // did not fire: each keeps its own evidence.
  const auto rs = load_body(R"(param enabled = 1
question a: boolean "A?"
rule a_rule "A" -> high when a because "b" source "s"
rule always "Always" -> mid when enabled == 1 because "b" source "s"
)");
  const auto r = evaluate_json(rs, R"({"a": false})", explain());
  EXPECT_EQ(level_of(r), "mid");
  EXPECT_THAT(fired_evidence(r, "always"), Optional(Evidence{}));
  EXPECT_THAT(not_fired_evidence(r, "a_rule"), Optional(Evidence{{"a", "false"}}));
}

TEST(Explain, FiredRuleWithoutAnswersBeforeANotFiredRule) {
  const auto rs = load_body(R"(param enabled = 1
question a: boolean "A?"
rule always "Always" -> mid when enabled == 1 because "b" source "s"
rule a_rule "A" -> high when a because "b" source "s"
)");
  const auto r = evaluate_json(rs, R"({"a": false})", explain());
  EXPECT_THAT(fired_evidence(r, "always"), Optional(Evidence{}));
  EXPECT_THAT(not_fired_evidence(r, "a_rule"), Optional(Evidence{{"a", "false"}}));
}

TEST(Explain, FiredEvidenceIsUnaffected) {
  const auto rs = load_body(kLevels);
  const std::string answers = R"({"a": true, "b": false, "c": true, "d": false})";
  const auto plain = evaluate_json(rs, answers);
  const auto explained = evaluate_json(rs, answers, explain());
  EXPECT_THAT(fired_ids(explained), ElementsAre("mid_rule", "mid_too"));
  EXPECT_EQ(fired_evidence(plain, "mid_too"), fired_evidence(explained, "mid_too"));
  EXPECT_THAT(fired_evidence(explained, "mid_too"),
              Optional(Evidence{{"a", "true"}, {"c", "true"}}));
  EXPECT_THAT(not_fired_evidence(explained, "high_rule"), Optional(Evidence{{"b", "false"}}));
}

// ---------------------------------------------------------------------------------------------
// Derived values

TEST(Values, DerivedValuesInDeclarationOrder) {
  const auto rs = load_body(R"(question a: boolean "A?"
question n: integer 0..10 "N?"
question leg: choice { none, both } "Leg?"
let z_flag = a and n > 3
let score = count(a, n > 3) * 2 + n
let side = leg
let constant = 2 * 21
)");
  auto r = evaluate_json(rs, R"({"a": true, "n": 5, "leg": "both"})");
  ASSERT_EQ(r.values().size(), 4u);
  EXPECT_EQ(r.values()[0].name, "z_flag");
  EXPECT_EQ(r.values()[0].value, redflag::Value::of(true));
  EXPECT_EQ(r.values()[1].name, "score");
  EXPECT_EQ(r.values()[1].value, redflag::Value::of(9.0));
  EXPECT_EQ(r.values()[2].name, "side");
  EXPECT_EQ(r.values()[2].value, redflag::Value::choice("both"));
  EXPECT_EQ(r.values()[3].value, redflag::Value::of(42.0));
  EXPECT_THAT(
      r.to_json(),
      ::testing::HasSubstr(R"("values":{"z_flag":true,"score":9,"side":"both","constant":42})"));

  r = evaluate_json(rs, R"({"a": false})");
  EXPECT_EQ(value_of(r, "z_flag"), "false");
  EXPECT_EQ(value_of(r, "score"), "unknown");
  EXPECT_EQ(value_of(r, "side"), "unknown");
  EXPECT_EQ(value_of(r, "constant"), "42");
}

// ---------------------------------------------------------------------------------------------
// Error results

TEST(ErrorResult, BadAnswersGiveNoLevel) {
  const auto rs = load_body(kLevels);
  // `a` is true (mid_rule would fire), but `zz` is not a question.
  const auto answers = redflag::Answers::from_json(rs, R"({"a": true, "zz": true})");
  ASSERT_FALSE(answers.ok());
  const auto r = rs.evaluate(answers);
  EXPECT_THROW((void)r.level(), redflag::ResultError);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.complete());
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].question, "zz");
  EXPECT_EQ(r.errors()[0].code, "unknown-question");
  ASSERT_NE(r.ruleset(), nullptr);
  EXPECT_EQ(r.ruleset()->id(), "t");
  const auto json = r.to_json();
  EXPECT_THAT(json, ::testing::HasSubstr(R"("level":null,"advice":null,"indicator":null,)"
                                         R"("advice_items":[],"complete":false)"));
  EXPECT_THAT(json,
              ::testing::HasSubstr(R"("errors":[{"question":"zz","code":"unknown-question")"));
}

TEST(ErrorResult, AnswersOfAnotherRuleset) {
  const auto rs = load_body(kLevels);
  const auto other = rftest::load_ok(R"(ruleset other "Other"
version "1"
levels { low "L" }
default low
question a: boolean "A?"
)");
  redflag::Answers answers(other);
  answers.set("a", true);
  const auto r = rs.evaluate(answers);
  EXPECT_THROW((void)r.level(), redflag::ResultError);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.complete());
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].code, "wrong-ruleset");
  EXPECT_THAT(r.errors()[0].message, ::testing::HasSubstr("'other'"));
  EXPECT_THAT(r.to_json(), ::testing::HasSubstr(R"("level":null)"));
  EXPECT_THAT(r.to_json(), ::testing::HasSubstr(R"("ruleset":{"id":"t","version":"1.2.3",)"
                                                R"("content_hash":")" +
                                                std::string(rs.content_hash()) + R"("})"));
}

TEST(ErrorResult, AnswersOfASeparateLoadOfTheSameText) {
  // Two loads of the same text are two rule sets: answers bind to one of them.
  const auto rs1 = load_body(kLevels);
  const auto rs2 = load_body(kLevels);
  redflag::Answers answers(rs1);
  answers.set("a", true);
  EXPECT_EQ(rs1.evaluate(answers).level().id, "mid");
  EXPECT_THROW((void)rs2.evaluate(answers).level(), redflag::ResultError);
  // A copy of the Ruleset handle is the same rule set.
  const redflag::Ruleset copy = rs1;
  EXPECT_EQ(copy.evaluate(answers).level().id, "mid");
}

TEST(ErrorResult, DefaultConstructedResult) {
  const redflag::Result r;
  EXPECT_FALSE(r.ok());
  EXPECT_THROW((void)r.level(), redflag::ResultError);
  EXPECT_FALSE(r.complete());
  EXPECT_EQ(r.ruleset(), nullptr);
  EXPECT_THAT(r.to_json(), ::testing::HasSubstr(R"("level":null)"));
}

// ---------------------------------------------------------------------------------------------
// Reusing and copying results

constexpr std::string_view kReuse = R"(question a: boolean required "A?"
question b: boolean "B?"
question c: boolean "C?"
question n: integer 0..100 "N?"
question leg: choice { none, one, both } "Leg?"
question note: text "Note?"
let total = count(a, b, c)
let side = leg
rule r_any "Any" -> mid when a or b or c because "b" source "s"
rule r_count "Two" -> high when count(a, b, c) >= 2 and n > 10 because "b" source "s"
rule r_leg "Leg" -> high when leg in {both} and answered(note) because "b" source "s"
on missing required -> mid "A is unanswered" source "s"
)";

const std::vector<std::string> kReuseAnswers = {
    R"({})",
    R"({"a": true, "b": true, "n": 20})",
    R"({"a": false, "b": false, "c": false, "n": 5, "leg": "none"})",
    R"({"leg": "both", "note": "a fairly long note that is not a short string"})",
    R"({"a": true, "c": true, "n": 50, "leg": "both", "note": "x"})",
    R"({"b": true})",
    R"({"a": true, "nosuch": 1})",
};

TEST(ResultReuse, SameOutputAsAFreshResult) {
  const auto rs = load_body(kReuse);
  redflag::Result reused;
  for (int round = 0; round < 2; ++round) {
    for (const auto& json : kReuseAnswers) {
      for (const bool with_explain : {false, true}) {
        SCOPED_TRACE(json + (with_explain ? " (explain)" : ""));
        const auto answers = redflag::Answers::from_json(rs, json);
        redflag::EvaluateOptions options;
        options.explain = with_explain;
        rs.evaluate(answers, reused, options);
        const auto fresh = rs.evaluate(answers, options);
        EXPECT_EQ(rftest::describe(reused), rftest::describe(fresh));
      }
    }
  }
}

TEST(ResultReuse, AcrossRulesets) {
  const auto big = load_body(kReuse);
  const auto small = rftest::load_ok(R"(ruleset small "Small"
version "3"
levels { ok "OK" bad "Bad" indicator critical }
default ok
question x: boolean "X?"
rule rx "X" -> bad when x because "b" source "s"
)");
  redflag::Answers big_answers = redflag::Answers::from_json(big, kReuseAnswers[4]);
  redflag::Answers small_answers(small);
  small_answers.set("x", true);

  redflag::Result reused;
  big.evaluate(big_answers, reused);
  const std::string big_once = rftest::describe(reused);
  small.evaluate(small_answers, reused);
  EXPECT_EQ(rftest::describe(reused), rftest::describe(small.evaluate(small_answers)));
  EXPECT_EQ(reused.ruleset()->id(), "small");
  EXPECT_EQ(level_of(reused), "bad");
  big.evaluate(big_answers, reused);
  EXPECT_EQ(rftest::describe(reused), big_once);
}

TEST(ResultReuse, SpansAreValidAfterReuse) {
  const auto rs = load_body(kReuse);
  redflag::Result r;
  // A first evaluation with little evidence, then one with a lot: the spans must point into
  // the new storage, not the old.
  rs.evaluate(redflag::Answers::from_json(rs, R"({"b": true})"), r);
  rs.evaluate(
      redflag::Answers::from_json(
          rs, R"({"a": true, "b": true, "c": true, "n": 50, "leg": "both", "note": "long text!"})"),
      r);
  EXPECT_THAT(fired_ids(r), ElementsAre("r_any", "r_count", "r_leg"));
  EXPECT_THAT(fired_evidence(r, "r_any"),
              Optional(Evidence{{"a", "true"}, {"b", "true"}, {"c", "true"}}));
  EXPECT_THAT(fired_evidence(r, "r_count"),
              Optional(Evidence{{"a", "true"}, {"b", "true"}, {"c", "true"}, {"n", "50"}}));
  EXPECT_THAT(fired_evidence(r, "r_leg"),
              Optional(Evidence{{"leg", "both"}, {"note", "\"long text!\""}}));
}

TEST(ResultCopy, CopiesKeepTheirOwnSpans) {
  const auto rs = load_body(kReuse);
  const std::string json =
      R"({"a": true, "b": true, "c": false, "n": 50, "leg": "both",
          "note": "a note long enough to live on the heap, not in the string object"})";
  std::optional<redflag::Result> source = rs.evaluate(redflag::Answers::from_json(rs, json));
  const std::string expected = rftest::describe(*source);
  const auto expected_leg = fired_evidence(*source, "r_leg");
  ASSERT_THAT(expected_leg, Optional(Evidence{{"leg", "both"},
                                              {"note",
                                               "\"a note long enough to live on the "
                                               "heap, not in the string object\""}}));

  redflag::Result copy(*source);
  redflag::Result assigned;
  assigned = *source;
  // Overwrite the source with another evaluation, then destroy it.
  rs.evaluate(redflag::Answers::from_json(rs, R"({"note": "other"})"), *source);
  source.reset();

  EXPECT_EQ(rftest::describe(copy), expected);
  EXPECT_EQ(rftest::describe(assigned), expected);
  EXPECT_EQ(fired_evidence(copy, "r_leg"), expected_leg);
  // The spans point into the copy's own storage.
  ASSERT_FALSE(copy.fired().empty());
  const auto* first = copy.fired()[0].answers.data();
  EXPECT_NE(first, assigned.fired()[0].answers.data());
}

TEST(ResultCopy, CopiesCanBeEvaluatedInto) {
  // A copy keeps the source's binding to the rule set, and with it every buffer evaluate()
  // reuses: evaluating into it (firing, unresolved and explained rules) must work as into a new
  // Result.
  const auto rs = load_body(kReuse);
  const auto first = rs.evaluate(redflag::Answers::from_json(rs, R"({"a": true})"));
  for (const char* json :
       {R"({"a": true, "b": true, "n": 50, "leg": "both"})", R"({"c": false})", R"({})"}) {
    SCOPED_TRACE(json);
    const auto answers = redflag::Answers::from_json(rs, json);
    redflag::Result copy(first);
    redflag::Result assigned;
    assigned = first;
    rs.evaluate(answers, copy, explain());
    rs.evaluate(answers, assigned, explain());
    const std::string expected = rftest::describe(rs.evaluate(answers, explain()));
    EXPECT_EQ(rftest::describe(copy), expected);
    EXPECT_EQ(rftest::describe(assigned), expected);
  }
}

TEST(ResultCopy, OutlivesTheRulesetHandleAndAnswers) {
  std::optional<redflag::Result> copy;
  std::string expected;
  {
    const auto rs = load_body(kReuse);
    auto answers =
        redflag::Answers::from_json(rs, R"({"a": true, "b": true, "n": 11, "leg": "one"})");
    const auto r = rs.evaluate(answers);
    expected = rftest::describe(r);
    copy.emplace(r);
  }
  EXPECT_EQ(rftest::describe(*copy), expected);
  EXPECT_EQ(level_of(*copy), "high");
  EXPECT_EQ(value_of(*copy, "side"), "one");
}

TEST(ResultCopy, MovedResultKeepsItsSpans) {
  const auto rs = load_body(kReuse);
  auto r = rs.evaluate(
      redflag::Answers::from_json(rs, R"({"a": true, "leg": "both", "note": "moved text"})"));
  const std::string expected = rftest::describe(r);
  redflag::Result moved(std::move(r));
  EXPECT_EQ(rftest::describe(moved), expected);
  redflag::Result assigned;
  assigned = std::move(moved);
  EXPECT_EQ(rftest::describe(assigned), expected);

  // A moved-from Result can be evaluated into again.
  const auto answers = redflag::Answers::from_json(rs, R"({"b": true, "note": "again"})");
  rs.evaluate(answers, r);
  EXPECT_EQ(rftest::describe(r), rftest::describe(rs.evaluate(answers)));
}

TEST(ResultReuse, TraceHasOneIntervalPerValue) {
  const auto rs = load_body(kReuse);
  const auto r = evaluate_json(rs, R"({"a": true})");
  EXPECT_EQ(redflag::detail::trace_of(r).size(), rs.impl().value_count());
  for (std::size_t i = 0; i < redflag::detail::trace_of(r).size(); ++i)
    EXPECT_LE(redflag::detail::trace_of(r)[i].lo, redflag::detail::trace_of(r)[i].hi) << i;
}

// ---------------------------------------------------------------------------------------------
// Thread safety

TEST(Threads, ConcurrentEvaluationMatchesSequential) {
  const auto rs = load_body(kReuse);
  std::vector<std::string> expected;
  for (const auto& json : kReuseAnswers)
    expected.push_back(
        rftest::describe(rs.evaluate(redflag::Answers::from_json(rs, json), explain())));

  constexpr int kThreads = 8;
  constexpr int kRounds = 200;
  std::vector<std::vector<std::string>> mismatches(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const redflag::Ruleset shared = rs;  // a copy of the handle: the same program
      redflag::Result result;
      for (int round = 0; round < kRounds; ++round) {
        const std::size_t i = std::size_t(t + round) % kReuseAnswers.size();
        const auto answers = redflag::Answers::from_json(shared, kReuseAnswers[i]);
        shared.evaluate(answers, result, explain());
        const auto got = rftest::describe(result);
        if (got != expected[i]) mismatches[t].push_back(got);
      }
    });
  }
  for (auto& th : threads)
    th.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_THAT(mismatches[t], IsEmpty()) << "thread " << t;
}

TEST(Threads, ConcurrentReadsOfOneConstResult) {
  // ENGINE BUG: Result::values() is const but fills the `mutable` values_ vector on first use
  // without synchronisation (evaluate.cpp, "lazy derived values"); to_json() calls it. Several
  // threads reading one const Result (e.g. rendering it) race on that vector: this test
  // crashes or sees corrupted output. A const member function should be safe to call from
  // several threads at once, as it is for standard library types.
  std::string body = "question x: number \"X?\"\n";
  for (int i = 0; i < 64; ++i)
    body += "let v" + std::to_string(i) + " = x + " + std::to_string(i) + "\n";
  const auto rs = load_body(body);
  redflag::Answers answers(rs);
  answers.set("x", 1.0);
  int mismatches = 0;
  for (int round = 0; round < 100; ++round) {
    const redflag::Result result = rs.evaluate(answers);
    const std::string expected = redflag::Result(result).to_json();
    std::atomic<int> ready{0};
    std::vector<std::string> got(8);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        ++ready;
        while (ready.load() < 8) {
        }
        got[t] = result.to_json();
      });
    }
    for (auto& th : threads)
      th.join();
    for (const auto& g : got)
      mismatches += g != expected;
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace

/// The questions an unresolved rule still needs, or {"<not unresolved>"}.
std::vector<std::string> missing_of(const redflag::Ruleset& rs, const char* json,
                                    const char* rule) {
  const auto r = evaluate_json(rs, json);
  for (const auto& u : r.unresolved()) {
    if (u.rule->id != rule) continue;
    return std::vector<std::string>(u.missing.begin(), u.missing.end());
  }
  return {"<not unresolved>"};
}

TEST(Unresolved, MissingListsQuestionsBehindAnAnsweredGuard) {
  // fever or (answered(t) and t >= 38): with neither answered, answering t alone could fire the
  // rule, so both are needed; an operand that is already true adds nothing.
  const auto rs = load_body(R"(question fever: boolean "Fever?"
question t: number 34..43 "T?"
question x: boolean "X?"
question y: boolean "Y?"
let fever_present = fever or (answered(t) and t >= 38)
rule hot "Hot" -> high when fever_present because "b" source "s"
rule both "Both" -> high when x and (y or fever) because "b" source "s"
rule neither "Neither" -> high when not (x or y) because "b" source "s"
)");
  const auto missing = [&](const char* json, const char* rule) {
    return missing_of(rs, json, rule);
  };
  EXPECT_THAT(missing("{}", "hot"), UnorderedElementsAre("fever", "t"));
  EXPECT_THAT(missing(R"({"t": 37})", "hot"), ElementsAre("fever"));
  // x and (y or fever): y is true, so only x is needed.
  EXPECT_THAT(missing(R"({"y": true})", "both"), ElementsAre("x"));
  // not (x or y) with x false: only y could still make it true.
  EXPECT_THAT(missing(R"({"x": false})", "neither"), ElementsAre("y"));
}

TEST(Unresolved, ACountComparedWithAConstantNeedsOnlyOperandsThatCanStillChange) {
  // A count reached from a comparison with a constant is like `or` (or, for `<=`, like `and`
  // wanting false): only its operands that are not there yet. With b true, `b or c` counts
  // already, so c is not needed to fire `some`; before, everything beneath a number was listed.
  const auto rs = load_body(R"(question a: boolean "A?"
question b: boolean "B?"
question c: boolean "C?"
param k = 2
rule some "Some" -> high when count(a, b or c) >= k because "b" source "s"
rule few "Few" -> high when count(a, b and c) <= 0 because "b" source "s"
rule sum "Sum" -> high when count(a, b) + count(c) >= 2 because "b" source "s"
)");
  const auto missing = [&](const char* json, const char* rule) {
    return missing_of(rs, json, rule);
  };
  EXPECT_THAT(missing(R"({"b": true})", "some"), ElementsAre("a"));
  EXPECT_THAT(missing("{}", "some"), UnorderedElementsAre("a", "b", "c"));
  // count(a, b and c) <= 0 with c false: `b and c` is false already, so only a is needed.
  EXPECT_THAT(missing(R"({"c": false})", "few"), ElementsAre("a"));
  // Arithmetic over counts: everything unanswered beneath.
  EXPECT_THAT(missing(R"({"c": true})", "sum"), UnorderedElementsAre("a", "b"));
}
