// redflag analysis: lint findings for a loaded rule set (`redflag lint`).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
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

/// Appends `{"code", "file", "line", "column", "message", "hint"}`: a finding as `lint --json`
/// and `diff --json` print it.
void append_json(std::string& out, const Finding& finding);

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

// ---- provenance: a rule file against its previous version (`lint --against`, `diff`) ----

/// Compares two versions as dotted whole numbers: negative when `a` is lower, 0 when equal,
/// positive when higher. Missing trailing parts count as 0 ("1.0" == "1.0.0"), and each part is
/// a number ("1.10" > "1.9"). nullopt when either is not dotted whole numbers ("2.0-rc1", "").
std::optional<int> compare_versions(std::string_view a, std::string_view b) noexcept;

/// Where the `version` statement stands in a rule file's text: the first line whose first word is
/// `version`; line 1, column 1 when there is none.
SourceLocation version_location(std::string_view text, std::string file);

/// The provenance findings of `current` as a later version of `previous`, added to `report` at
/// `where` (current's `version` statement):
///   `version-not-changed`  the content hashes differ but the versions are equal (as dotted
///                          numbers, else as text), and
///   `version-went-down`    current's version is lower than previous's.
/// When a version is not dotted numbers, whether it went down cannot be told: a note says so.
void version_findings(const Ruleset& previous, const Ruleset& current, const SourceLocation& where,
                      LintReport& report);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
