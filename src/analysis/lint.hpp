// redflag analysis: lint findings for a loaded rule set (`redflag lint`).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "redflag/ruleset.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// One problem lint found. Codes are stable (docs/cli.md, "redflag lint").
struct Finding {
  std::string code;
  SourceLocation location;
  std::string message;
  std::string hint;  ///< what to do about it
};

struct LintOptions {
  /// The most cases one search (one rule, one question about it) may evaluate before it gives
  /// up; a search that gives up reports nothing and adds a note.
  std::size_t budget = 2'000'000;
};

struct LintReport {
  std::vector<Finding> findings;   ///< sorted by file, line and column
  std::vector<std::string> notes;  ///< what was not decided, and where reasoning is approximate
  std::size_t cases = 0;           ///< cases evaluated by all searches together
};

/// Lints the declarations of the rule set's main file (a `use`d file is linted on its own):
/// unreachable rules, rules that never change the result, unused questions and parameters,
/// levels no rule can produce, near-duplicate thresholds and rules without a source.
LintReport lint(const Ruleset& ruleset, const LintOptions& options = {});

}  // namespace detail
}  // namespace v1
}  // namespace redflag
