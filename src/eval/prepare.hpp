// redflag: preparing a checked program for evaluation. Everything the evaluator and the result
// writer compute once per rule set from the checked program, so that no evaluation does it: the
// walks' capacity, the per-question evidence table, the text questions, each rule's level in one
// array, the parts of a result's JSON that depend only on the rule set, and the kernel the build
// compiled for it, if any (kernel.hpp).
//
// The pipeline (src/load.cpp): parse, check (check/check.hpp: names, types, lowering), prepare,
// Ruleset.
#pragma once

#include "eval/program.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// Fills the fields of `p` that program.hpp lists as prepare()'s, from the fields the checker
/// filled. Runs once, on a program that has just been checked.
void prepare(Program& p);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
