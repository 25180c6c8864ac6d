// redflag: what a Result handle holds (private to redflag): the evaluation's values, the lists
// the public accessors view, and the evaluator's buffers, sized once per rule set so that
// evaluating again into the same Result allocates nothing.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eval/interval.hpp"
#include "redflag/result.hpp"

namespace redflag {
inline namespace v1 {

class Result::Impl {
 public:
  Impl() = default;
  /// A copy whose spans view its own buffers, at the same positions.
  Impl(const Impl& other);
  Impl& operator=(const Impl&) = delete;

  /// Sizes the buffers for evaluations of `rules` (once per rule set).
  void bind(const Ruleset& rules);
  bool bound_to(const Ruleset& rules) const noexcept {
    return ruleset && &ruleset->impl() == &rules.impl();
  }

  std::optional<Ruleset> ruleset;
  std::size_t level = 0;
  bool explained = false;
  std::vector<detail::Interval> trace;  // every value of the program: [constants | answers | nodes]
  std::vector<std::string> text;        // the text answers, by question
  std::vector<FiredRule> fired;
  std::vector<UnresolvedRule> unresolved;
  std::vector<NotFiredRule> not_fired;
  std::vector<AnswerError> errors;
  // What the spans of fired, not_fired and unresolved view; sized once per rule set.
  std::vector<Evidence> evidence;
  std::vector<std::string_view> missing;
  std::vector<std::uint32_t> stack, stamp;  // rationale walks
  std::vector<std::uint64_t> rule_state;    // two bits per rule: true, possibly true
  std::uint32_t walk = 0;

  /// The derived values, computed by the first values() call after an evaluation. Safe for
  /// concurrent const readers; a copy starts over.
  std::vector<NamedValue> values;
  std::atomic<std::uint8_t> values_state{0};  // 0 not computed, 1 being computed, 2 ready
};

namespace detail {

/// What the evaluation into `r` knew of every value of the program ([constants | answers |
/// nodes], see eval/program.hpp); empty when `r` holds no evaluation.
inline std::span<const Interval> trace_of(const Result& r) noexcept {
  return r.impl() ? std::span<const Interval>(r.impl()->trace) : std::span<const Interval>();
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
