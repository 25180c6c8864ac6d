// redflag CLI: `redflag diff OLD NEW`, what changed between two versions of a rule file: the
// declarations, and the outcomes over a corpus or over every combination of answers that matter.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/diff.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "io/binder.hpp"
#include "io/records.hpp"
#include "redflag/result.hpp"

namespace redflag::cli {
namespace {

constexpr std::string_view kCommand = "diff";

constexpr std::string_view kUsage =
    "usage: redflag diff OLD NEW [--corpus FILE] [--fail-on-downgrade]\n";

constexpr std::string_view kHelp =
    "usage: redflag diff OLD NEW [--corpus FILE] [--fail-on-downgrade]\n"
    "\n"
    "Compare two versions of a rule file: what was added, removed or edited (levels, the\n"
    "default, parameters, questions, derived values, rules), then how the outcomes change, as\n"
    "a table of old level -> new level with counts and examples. It says plainly whether any\n"
    "case gets a lower level.\n"
    "\n"
    "Without --corpus, the cases are every combination of answers to the questions the changed\n"
    "rules read: booleans, choice options both files declare, numbers at their thresholds,\n"
    "either side of them and at their range ends, and each question also left unanswered\n"
    "(a missing answer is a case of its own). Other questions are held at quiet answers, those\n"
    "that fire the fewest and lowest rules, and listed. Over 16777216 combinations, a random\n"
    "sample of 1048576 of them is compared instead (seed 1), and the output says so.\n"
    "\n"
    "options:\n"
    "  --corpus FILE        compare the outcomes of these records instead (CSV, NDJSON or FHIR,\n"
    "                       by extension; .gz allowed); an 'id' column or key names each\n"
    "                       record, else its line number\n"
    "  --fail-on-downgrade  exit 1 when any case gets a lower level\n"
    "  -h, --help           show this help and exit\n"
    "\n"
    "exit codes:\n"
    "  0   compared (with --fail-on-downgrade: and no case got a lower level)\n"
    "  1   --fail-on-downgrade and some case got a lower level\n"
    "  2   bad input: an unreadable file, a rule file with errors, a corpus that cannot be\n"
    "      read, or a question whose type changed (its answers cannot be compared)\n"
    "  64  usage error\n";

std::string location(const SourceLocation& at) {
  return at.file + ":" + std::to_string(at.where.line) + ":" + std::to_string(at.where.column);
}

std::string kind_text(detail::Change::Kind kind) {
  switch (kind) {
    case detail::Change::Kind::added:
      return "added";
    case detail::Change::Kind::removed:
      return "removed";
    case detail::Change::Kind::edited:
      return "edited";
  }
  return "?";
}

void print_structure(const detail::StructuralDiff& diff) {
  std::cout << "structure: ";
  if (diff.changes.empty()) {
    std::cout << "no declaration changed\n";
    return;
  }
  std::cout << count_of(diff.changes.size(), "change") << "\n";
  for (const detail::Change& c : diff.changes) {
    std::cout << "  " << kind_text(c.kind) << ' ' << c.what << ' ' << c.id << " ("
              << location(c.location) << ")";
    if (!c.detail.empty()) std::cout << ": " << c.detail;
    std::cout << "\n";
  }
}

std::string level_name(const Ruleset& ruleset, detail::LevelOf level) {
  return level ? ruleset.levels()[*level].id : std::string("(error)");
}

/// The transition table and the plain statement about downgrades.
void print_transitions(const Ruleset& old_rules, const Ruleset& new_rules,
                       const detail::Transitions& t) {
  std::size_t width = 9;
  for (const auto& [key, cell] : t.cells)
    width = std::max(width, level_name(old_rules, key.first).size());
  const auto pad = [&](const std::string& s) {
    return s + std::string(width + 1 - std::min(width, s.size()), ' ');
  };
  std::cout << "  " << pad("old") << "   " << pad("new") << "cases\n";
  std::string first_downgrade;
  std::string downgrade_cells;
  for (const auto& [key, cell] : t.cells) {
    const std::string from = level_name(old_rules, key.first);
    const std::string to = level_name(new_rules, key.second);
    int cmp = 0;
    if (key.first && key.second)
      cmp = detail::compare_levels(old_rules, *key.first, new_rules, *key.second);
    std::cout << "  " << pad(from) << "-> " << pad(to) << cell.count;
    if (cmp < 0) std::cout << "  DOWNGRADE";
    if (cmp > 0) std::cout << "  higher";
    if (key.first != key.second) {
      for (const std::string& e : cell.examples)
        std::cout << "\n      e.g. " << e;
    }
    std::cout << "\n";
    if (cmp < 0) {
      downgrade_cells += (downgrade_cells.empty() ? "" : ", ") + from + " -> " + to + ": " +
                         std::to_string(cell.count);
      if (first_downgrade.empty()) first_downgrade = cell.examples.front();
    }
  }
  if (t.downgrades > 0) {
    std::cout << "DOWNGRADE: " << t.downgrades << " of " << count_of(t.cases, "case")
              << " get a lower level (" << downgrade_cells << "), e.g. " << first_downgrade << "\n";
  } else {
    std::cout << "no case gets a lower level (" << count_of(t.cases, "case") << " compared; "
              << t.upgrades << " get a higher level)\n";
  }
}

void print_space(const detail::CaseSpace& space, const detail::Transitions& t) {
  std::cout << "outcomes: ";
  if (space.questions.empty()) {
    std::cout << "no changed rule reads a question: 1 case\n";
  } else {
    char size[32];
    std::snprintf(size, sizeof size, "%.0f", space.size);
    if (space.sampled) {
      std::cout << "a random sample (seed " << space.seed << ") of " << t.cases << " of the "
                << size << " combinations";
    } else {
      std::cout << "every combination (" << count_of(t.cases, "case") << ")";
    }
    std::cout << " of the answers to the " << count_of(space.questions.size(), "question")
              << " the changed rules read, each also unanswered\n  varied: ";
    for (std::size_t i = 0; i < space.questions.size(); ++i)
      std::cout << (i ? ", " : "") << space.questions[i];
    std::cout << "\n";
  }
  if (!space.held.empty()) {
    std::cout << "  held at quiet answers: ";
    for (std::size_t i = 0; i < space.held.size(); ++i)
      std::cout << (i ? ", " : "") << space.held[i].first << "=" << space.held[i].second;
    std::cout << "\n";
  }
  if (!space.unanswered.empty()) {
    std::cout << "  left unanswered in both (type changed): ";
    for (std::size_t i = 0; i < space.unanswered.size(); ++i)
      std::cout << (i ? ", " : "") << space.unanswered[i];
    std::cout << "\n";
  }
}

/// Compares the outcomes of the records of `corpus`, read once for each rule set.
std::optional<detail::Transitions> compare_corpus(const Ruleset& old_rules,
                                                  const Ruleset& new_rules,
                                                  std::string_view corpus) {
  const io::Binder old_binder(old_rules, nullptr, {"id"}), new_binder(new_rules, nullptr, {"id"});
  io::RecordReader old_reader, new_reader;
  const io::SourceOptions source;
  std::string error;
  if (!old_reader.open(corpus, old_binder, source, error) ||
      !new_reader.open(corpus, new_binder, source, error)) {
    std::cerr << "redflag " << kCommand << ": " << error << "\n";
    return std::nullopt;
  }
  detail::Transitions t;
  io::Record a, b;
  Result old_result, new_result;
  const EvaluateOptions fast{.explain = false, .evidence = false};
  while (old_reader.next(a)) {
    if (!new_reader.next(b)) break;
    old_rules.evaluate(*a.answers, old_result, fast);
    new_rules.evaluate(*b.answers, new_result, fast);
    const detail::LevelOf o =
        old_result.ok() ? detail::LevelOf(old_result.level().rank) : std::nullopt;
    const detail::LevelOf n =
        new_result.ok() ? detail::LevelOf(new_result.level().rank) : std::nullopt;
    const int cmp = o && n ? detail::compare_levels(old_rules, *o, new_rules, *n) : 0;
    t.add(o, n, cmp<0, cmp> 0, [&] {
      return !a.ids.empty() && !a.ids.front().empty() ? "record " + a.ids.front()
                                                      : "line " + std::to_string(a.line);
    });
  }
  const std::string& read_error =
      !old_reader.error().empty() ? old_reader.error() : new_reader.error();
  if (!read_error.empty()) {
    std::cerr << "redflag " << kCommand << ": " << read_error << "\n";
    return std::nullopt;
  }
  return t;
}

}  // namespace

int run_diff(std::span<const std::string_view> args) {
  std::vector<std::string_view> positional;
  std::optional<std::string_view> corpus;
  bool fail_on_downgrade = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kHelp;
      return kExitOk;
    } else if (arg == "--fail-on-downgrade") {
      fail_on_downgrade = true;
    } else if (arg == "--corpus") {
      if (i + 1 == args.size()) return usage_error(kCommand, "--corpus needs a FILE", kUsage);
      corpus = args[++i];
    } else if (arg.starts_with("--corpus=")) {
      corpus = arg.substr(9);
    } else if (arg.starts_with('-') && arg != "-") {
      return usage_error(kCommand, "unknown option '" + std::string(arg) + "'", kUsage);
    } else {
      positional.push_back(arg);
    }
  }
  if (corpus == "-") {
    return usage_error(kCommand, "--corpus must be a file (it is read once per rule set)", kUsage);
  }
  if (positional.size() < 2) return usage_error(kCommand, "expected OLD and NEW", kUsage);
  if (positional.size() > 2) {
    return usage_error(kCommand, "unexpected argument '" + std::string(positional[2]) + "'",
                       kUsage);
  }
  const std::optional<Ruleset> old_rules = load_rules(kCommand, positional[0]);
  const std::optional<Ruleset> new_rules = load_rules(kCommand, positional[1]);
  if (!old_rules || !new_rules) return kExitBadInput;

  const detail::StructuralDiff diff = detail::structural_diff(*old_rules, *new_rules);
  for (const detail::Conflict& c : diff.conflicts) {
    std::cerr << location(c.new_location) << ": error[question-type-changed]: " << c.message
              << (corpus ? "" : "; it is left unanswered in both") << "\n";
  }
  print_structure(diff);
  std::optional<detail::Transitions> t;
  if (corpus) {
    t = compare_corpus(*old_rules, *new_rules, *corpus);
    if (!t) return kExitBadInput;
    std::cout << "outcomes: the " << count_of(t->cases, "record") << " of " << *corpus << "\n";
  } else {
    detail::CaseSpace space;
    t = detail::compare_outcomes(*old_rules, *new_rules, diff, {}, space);
    print_space(space, *t);
  }
  print_transitions(*old_rules, *new_rules, *t);
  if (!diff.conflicts.empty()) return kExitBadInput;
  return fail_on_downgrade && t->downgrades > 0 ? kExitFindings : kExitOk;
}

}  // namespace redflag::cli
