// redflag: the outcome of one evaluation: level, rationale, what is still unknown.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redflag/answers.hpp"
#include "redflag/ruleset.hpp"
#include "redflag/value.hpp"

namespace redflag {
inline namespace v1 {

/// An answer that made a rule's condition true (or, in not_fired(), false).
struct Evidence {
  std::string_view question;
  Value value;  ///< unknown for a question whose absence is the evidence (`on missing`)

  friend bool operator==(const Evidence&, const Evidence&) = default;
};

/// A rule whose condition is true.
struct FiredRule {
  const Rule* rule = nullptr;
  std::span<const Evidence> answers;
};

/// A rule whose condition is unknown because answers are missing, and whose level is above the
/// result level: answering `missing` could raise the urgency.
struct UnresolvedRule {
  const Rule* rule = nullptr;
  std::span<const std::string_view> missing;
};

/// A rule above the result level whose condition is false (only with EvaluateOptions::explain).
struct NotFiredRule {
  const Rule* rule = nullptr;
  std::span<const Evidence> answers;  ///< the answers that made the condition false
};

/// A derived value (`let`) as computed for these answers.
struct NamedValue {
  std::string_view name;
  Value value;
};

/// The result of Ruleset::evaluate(). A Result can be reused across evaluations (of the same or
/// another rule set); the views it hands out stay valid until the next evaluation into it.
class Result {
 public:
  Result() = default;
  Result(const Result&);
  Result& operator=(const Result&);
  Result(Result&&) noexcept = default;
  Result& operator=(Result&&) noexcept = default;

  /// False when the answers had errors: then there is no level (level() is null) and errors()
  /// says why. An error result never stands for a lower urgency.
  bool ok() const noexcept { return has_ruleset() && errors_.empty(); }

  /// The urgency level, or nullptr for an error result.
  const Level* level() const noexcept;
  /// True when no unresolved rule could raise the level.
  bool complete() const noexcept { return ok() && unresolved_.empty(); }

  std::span<const FiredRule> fired() const noexcept { return fired_; }
  std::span<const UnresolvedRule> unresolved() const noexcept { return unresolved_; }
  std::span<const NotFiredRule> not_fired() const noexcept { return not_fired_; }
  /// Every derived value (`let`), computed when first asked for after an evaluation.
  std::span<const NamedValue> values() const;
  const std::vector<AnswerError>& errors() const noexcept { return errors_; }

  /// The rule set that produced this result (id and version belong in every output).
  const Ruleset* ruleset() const noexcept { return ruleset_ ? &*ruleset_ : nullptr; }

  /// The result as JSON, in the shape of docs/result-json.md.
  std::string to_json() const;
  /// Appends the JSON to `out` (reuse `out` to avoid allocation).
  void write_json(std::string& out) const;

  /// Evaluation internals, for coverage and tracing tools: what was known of every value of the
  /// program (constants, answers, then operator nodes; see src/eval/program.hpp).
  std::span<const Interval> trace() const noexcept { return trace_; }

 private:
  friend class Ruleset;
  bool has_ruleset() const noexcept { return ruleset_.has_value(); }
  void bind(const Ruleset& rules);  // sizes the buffers for evaluations of `rules`

  std::optional<Ruleset> ruleset_;
  std::size_t level_ = 0;
  bool explained_ = false;
  std::vector<Interval> trace_;  // [constants | answers | nodes]
  std::vector<std::string> text_;
  std::vector<FiredRule> fired_;
  std::vector<UnresolvedRule> unresolved_;
  std::vector<NotFiredRule> not_fired_;
  /// The derived values, computed by the first values() call after an evaluation. Safe for
  /// concurrent const readers; copies and moves start over (values() recomputes them).
  struct LazyValues {
    std::vector<NamedValue> values;
    std::atomic<std::uint8_t> state{0};  // 0 not computed, 1 being computed, 2 ready
    LazyValues() = default;
    LazyValues(const LazyValues&) noexcept {}
    LazyValues& operator=(const LazyValues&) noexcept {
      state.store(0, std::memory_order_relaxed);
      return *this;
    }
  };
  mutable LazyValues values_;
  // What the spans of fired_, not_fired_ and unresolved_ view; sized once per rule set.
  std::vector<Evidence> evidence_;
  std::vector<std::string_view> missing_;
  std::vector<std::uint32_t> stack_, stamp_;  // rationale walks
  std::vector<std::uint64_t> rule_state_;     // two bits per rule: true, possibly true
  std::uint32_t walk_ = 0;
  std::vector<AnswerError> errors_;
};

}  // namespace v1
}  // namespace redflag
