// redflag evaluator: runs a rule set's program over bound answers into a result (see program.hpp
// for the value model, walk.hpp for the rationale).
#pragma once

#include <cstdint>

#include "eval/interval.hpp"
#include "eval/program.hpp"
#include "redflag/answers.hpp"
#include "redflag/result.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// What Ruleset::evaluate() does: `r` must be bound to the rule set of `p` (Result::Impl::bind).
/// Answers bound to another rule set give an error result. Allocates nothing once `r` is warm.
void evaluate(const Program& p, const Answers::Impl& answers, Result::Impl& r,
              const EvaluateOptions& options);

/// Computes every node's interval, children first, by interpreting `p.nodes`: one pass, no
/// recursion, no string lookups, no allocation. `values` holds constants and answers on entry.
void interpret(const Program& p, Interval* values);

/// Writes the state of every rule's condition in two bits (interval.hpp, truth_bits): rule i in
/// bits 2i % 64 and 2i % 64 + 1 of state[i / 32], which has (rules + 31) / 32 words.
void rule_states(const Program& p, const Interval* values, std::uint64_t* state);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
