// redflag analysis: which declared names each rule and derived value reads, directly and
// through other derived values. Read from the source text of conditions and `let`s, so that
// parameters keep their names (the lowered program folds them into constants).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "redflag/ruleset.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// A declared name: a question, a parameter or a derived value, by its index in the Ruleset.
struct NameRef {
  enum class Kind { question, parameter, derived } kind;
  std::size_t index;
  friend bool operator==(const NameRef&, const NameRef&) = default;
};

/// What one rule or derived value reads: the names in its text, and everything beneath them.
struct Reads {
  std::vector<NameRef> direct;          ///< names written in its text, in order, once each
  std::vector<std::size_t> questions;   ///< every question beneath, sorted
  std::vector<std::size_t> parameters;  ///< every parameter beneath, sorted
  std::vector<std::size_t> derived;     ///< every derived value beneath, sorted
};

/// The name-level dependency graph of a rule set.
struct NameGraph {
  std::vector<Reads> rules;    ///< per Ruleset::rules()
  std::vector<Reads> derived;  ///< per Ruleset::derived()
};

NameGraph name_graph(const Ruleset& ruleset);

/// The declared names in an expression's text, in order, once each.
std::vector<NameRef> names_in(const Ruleset& ruleset, std::string_view text);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
