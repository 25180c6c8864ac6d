// redflag analysis: a rule set as a Graphviz DOT graph (`redflag graph`): questions and
// parameters -> derived values -> rules -> levels.
#pragma once

#include <string>

#include "redflag/ruleset.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// The graph: questions (boxes), parameters (notes), derived values (ellipses), rules (rounded
/// boxes) and levels (octagons colored by indicator), with an edge from each name to what reads
/// it and from each rule to its level. Node ids are quoted "kind:id".
std::string dot(const Ruleset& ruleset);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
