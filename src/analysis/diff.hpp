// redflag analysis: what changed between two versions of a rule set (`redflag diff`): the
// declarations, and the outcomes, over a corpus or over every combination of the answers the
// changed rules read.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "redflag/answers.hpp"
#include "redflag/ruleset.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// One declaration added, removed or edited.
struct Change {
  enum class Kind { added, removed, edited } kind;
  std::string what;  ///< "rule", "level", "parameter", "question", "derived value", "default"
  std::string id;
  std::string detail;       ///< for edits: what changed, "level urgent -> emergency; ..."
  SourceLocation location;  ///< in the new file (in the old one for a removal)
};

/// A question whose answers cannot be compared: its type changed.
struct Conflict {
  std::string question;
  SourceLocation old_location, new_location;
  std::string message;
};

struct StructuralDiff {
  std::vector<Change> changes;
  std::vector<Conflict> conflicts;
  std::vector<std::size_t> changed_rules_old;  ///< rules of the old file whose outcome may change
  std::vector<std::size_t> changed_rules_new;  ///< ... and of the new file
};

StructuralDiff structural_diff(const Ruleset& old_rules, const Ruleset& new_rules);

/// The level of one side of one case: a level index, or nullopt for an error result.
using LevelOf = std::optional<std::size_t>;

/// Counts of cases per (old level, new level), with a few examples each.
struct Transitions {
  struct Cell {
    std::size_t count = 0;
    std::vector<std::string> examples;  ///< at most `examples_per_cell`
  };
  std::map<std::pair<LevelOf, LevelOf>, Cell> cells;
  std::size_t cases = 0;
  std::size_t downgrades = 0, upgrades = 0;
  std::size_t examples_per_cell = 3;

  void add(LevelOf old_level, LevelOf new_level, bool lower, bool higher,
           const std::function<std::string()>& example);
};

/// Negative when `new_level` of the new file is below `old_level` of the old one, positive when
/// above, 0 when the same: levels are matched by id where the new file has the old level's id,
/// and by rank otherwise.
int compare_levels(const Ruleset& old_rules, std::size_t old_level, const Ruleset& new_rules,
                   std::size_t new_level);

struct OutcomeOptions {
  double max_exhaustive = double(1 << 24);  ///< enumerate every case up to this many
  std::size_t sample = 1 << 20;             ///< otherwise, this many random cases
  unsigned long long seed = 1;
};

/// How the cases of an outcome comparison were made.
struct CaseSpace {
  std::vector<std::string> questions;                     ///< enumerated, each also left unanswered
  std::vector<std::pair<std::string, std::string>> held;  ///< other questions: id, answer
  std::vector<std::string> unanswered;  ///< questions left unanswered in both (type changed)
  double size = 1;                      ///< every combination
  bool sampled = false;
  unsigned long long seed = 0;
};

/// Compares the outcomes of both rule sets over every combination of the answers the changed
/// rules read (booleans, choice options common to both, numbers at their thresholds, either
/// side and at range ends; each also unanswered), or over a random sample when there are more
/// than `max_exhaustive`. Other questions are held at quiet answers (those that fire the fewest
/// and lowest rules) listed in `space.held`.
Transitions compare_outcomes(const Ruleset& old_rules, const Ruleset& new_rules,
                             const StructuralDiff& diff, const OutcomeOptions& options,
                             CaseSpace& space);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
