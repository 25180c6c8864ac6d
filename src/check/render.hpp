// redflag: renders a loaded rule set back to rule-language text.
#pragma once

#include <string>

#include "redflag/ruleset.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// The rule set as one rule file that loads into a rule set which evaluates every answer set
/// the same way: the same levels, questions, parameters (with any override applied), derived
/// values, rules, missing policy and tests, in declaration order, with the files it `use`d
/// merged in. Conditions and derived values are written from the checked program (not copied
/// from the source), fully bracketed only where precedence needs it. Comments and layout are
/// not kept. Used by the differential fuzz target (tests/fuzz/roundtrip.cpp).
std::string render(const Ruleset& ruleset);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
