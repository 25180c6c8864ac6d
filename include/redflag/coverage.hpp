// redflag: how much of a rule set its tests exercise (rule and operand coverage).
//
//   redflag::Coverage coverage(ruleset);
//   for (const auto& test : ruleset.tests()) {
//     redflag::Result result;
//     redflag::run_test(ruleset, test, result);
//     coverage.record(result);
//   }
//   std::cout << coverage.rule_percent() << "% of the rules seen fired and not fired\n";
//
// Definitions (docs/rule-testing.md, "Coverage"):
//   * a rule is covered when its condition has been seen true (fired) and false (not fired);
//     unknown (unresolved) is recorded too, but does not count towards rule coverage;
//   * the operands of a rule's condition are its boolean sub-expressions, through derived values:
//     every question, comparison, `in`, `answered`, `and`/`or`/`not` and derived value that the
//     condition reads, including the operands of `count(...)`; constants, and the questions an
//     `answered(...)` lists (it reads whether they are answered, not their value), are not;
//   * each operand has three states, true, false and unknown, except those that can never be
//     unknown (`answered(...)` and what only depends on it); operand coverage is the states seen
//     over the states possible, summed over every operand of every rule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "redflag/ruleset.hpp"

namespace redflag {
inline namespace v1 {

class Result;

/// One operand of a rule's condition and the truth values it has been seen to take.
struct OperandCoverage {
  std::string text;         ///< as written, derived values by name: "leg_pain == both_legs"
  SourceLocation location;  ///< the rule or `let` whose text contains the operand
  bool can_be_unknown = true;
  bool seen_true = false;
  bool seen_false = false;
  bool seen_unknown = false;

  /// 2 when the operand can never be unknown, otherwise 3.
  std::size_t states_possible() const noexcept { return can_be_unknown ? 3 : 2; }
  std::size_t states_seen() const noexcept {
    return std::size_t(seen_true) + std::size_t(seen_false) +
           std::size_t(can_be_unknown && seen_unknown);
  }
  bool covered() const noexcept { return states_seen() == states_possible(); }
};

/// One rule: how its condition was seen, and its operands.
struct RuleCoverage {
  const Rule* rule = nullptr;
  bool fired = false;       ///< the condition was seen true
  bool not_fired = false;   ///< the condition was seen false
  bool unresolved = false;  ///< the condition was seen unknown
  bool can_be_unresolved = true;
  std::vector<OperandCoverage> operands;  ///< in the order the condition reads them

  /// Seen fired and not fired (what rule coverage counts).
  bool covered() const noexcept { return fired && not_fired; }
};

/// Coverage of one rule set, accumulated over the results of its tests (or of any evaluations).
class Coverage {
 public:
  explicit Coverage(const Ruleset& ruleset);

  /// Records what `result` knew of every condition and operand. Returns false, recording nothing,
  /// for an error result or a result of another rule set.
  bool record(const Result& result);

  /// How many results were recorded.
  std::size_t recorded() const noexcept { return recorded_; }
  /// Every rule, in Ruleset::rules() order.
  std::span<const RuleCoverage> rules() const noexcept { return rules_; }

  std::size_t rules_covered() const noexcept;
  /// 100 * rules_covered() / rules; 100 for a rule set without rules.
  double rule_percent() const noexcept;
  std::size_t operand_states_seen() const noexcept;
  std::size_t operand_states_possible() const noexcept;
  /// 100 * operand_states_seen() / operand_states_possible(); 100 when there are no operands.
  double operand_percent() const noexcept;

  const Ruleset& ruleset() const noexcept { return ruleset_; }

 private:
  Ruleset ruleset_;
  std::vector<RuleCoverage> rules_;
  std::vector<std::vector<std::uint32_t>> operand_values_;  // per rule: per operand, its value
  std::size_t recorded_ = 0;
};

}  // namespace v1
}  // namespace redflag
