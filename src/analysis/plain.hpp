// redflag analysis: conditions and derived values in plain words, for clinicians who sign off a
// rule set (`redflag doc`): "saddle numbness is yes OR leg pain is “Into both legs”".
#pragma once

#include <cstdint>
#include <string>

#include "redflag/ruleset.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// The condition of rule `rule` in words. Derived values appear by name (see derived_in_words).
std::string rule_in_words(const Ruleset& ruleset, std::size_t rule);

/// The definition of derived value `derived` in words.
std::string derived_in_words(const Ruleset& ruleset, std::size_t derived);

/// "saddle_numbness" as "saddle numbness".
std::string humanize(std::string_view id);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
