// redflag analysis: lint (see lint.hpp; the method is described in docs/cli.md).
#include "analysis/lint.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "analysis/names.hpp"
#include "analysis/space.hpp"
#include "eval/program.hpp"
#include "io/json_writer.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

std::string quoted(std::string_view id) {
  return "'" + std::string(id) + "'";
}

std::string op_text(Op op) {
  switch (op) {
    case Op::lt:
      return "<";
    case Op::le:
      return "<=";
    case Op::gt:
      return ">";
    case Op::ge:
      return ">=";
    case Op::eq:
      return "==";
    case Op::ne:
      return "!=";
    default:
      return "?";
  }
}

class Linter {
 public:
  Linter(const Ruleset& ruleset, const LintOptions& options)
      : ruleset_(ruleset),
        p_(ruleset.impl()),
        options_(options),
        use_(question_use(p_)),
        names_(name_graph(ruleset)),
        prober_(ruleset) {}

  LintReport run();

 private:
  bool in_main(const SourceLocation& at) const { return at.file == p_.source_name; }
  void add(std::string code, const SourceLocation& at, std::string message, std::string hint) {
    report_.findings.push_back({std::move(code), at, std::move(message), std::move(hint)});
  }
  /// The axes of a search over the questions beneath `roots`: those answered(...) reads first
  /// (`exact_from` of them), then the questions beneath the first root, then the rest.
  std::vector<Axis> axes_for(std::span<const std::uint32_t> roots, std::size_t& exact_from);
  Search find(std::span<const std::uint32_t> roots, std::size_t budget,
              const std::function<Verdict(std::span<const Interval>)>& goal);
  /// Rules whose condition no case makes true.
  std::vector<char> reachability();
  void never_matters(std::size_t rule);
  void unused();
  void unreachable_levels(const std::vector<char>& reachable);
  void near_duplicates();
  void missing_sources();

  const Ruleset& ruleset_;
  const Program& p_;
  const LintOptions& options_;
  QuestionUse use_;
  NameGraph names_;
  Prober prober_;
  LintReport report_;
  std::set<std::size_t> approximate_;  // numbers in arithmetic that a search tried
};

std::vector<Axis> Linter::axes_for(std::span<const std::uint32_t> roots, std::size_t& exact_from) {
  // Beyond the first root's questions only answered(...) guards need trying: any other question
  // left unanswered keeps every other condition as undecided as it can be (Kleene logic is
  // monotone), so a case found with it unanswered is a case, and a rule true with it
  // unanswered stays true whatever the answer.
  std::vector<std::size_t> all = questions_beneath(p_, roots.first(1));
  for (std::size_t q : questions_beneath(p_, roots))
    if (use_.in_answered[q] && !std::binary_search(all.begin(), all.end(), q)) all.push_back(q);
  std::stable_partition(all.begin(), all.end(), [&](std::size_t q) { return use_.in_answered[q]; });
  std::vector<Axis> axes;
  exact_from = 0;
  for (std::size_t q : all) {
    axes.push_back(axis_of(p_, use_, q, true));
    exact_from += use_.in_answered[q] ? 1 : 0;
    if (use_.in_arithmetic[q]) approximate_.insert(q);
  }
  return axes;
}

Search Linter::find(std::span<const std::uint32_t> roots, std::size_t budget,
                    const std::function<Verdict(std::span<const Interval>)>& goal) {
  std::size_t exact_from = 0;
  const std::vector<Axis> axes = axes_for(roots, exact_from);
  Search s = search(prober_, axes, exact_from, budget, goal);
  report_.cases += s.cases;
  return s;
}

std::vector<char> Linter::reachability() {
  std::vector<char> reachable(p_.rules.size(), 1);
  for (std::size_t r = 0; r < p_.rules.size(); ++r) {
    const Rule& rule = p_.rules[r];
    const std::uint32_t cond = p_.rule_condition[r];
    const Search s = find(std::span(&cond, 1), options_.budget, [&](std::span<const Interval> v) {
      return surely_true(v[cond])    ? Verdict::found
             : surely_false(v[cond]) ? Verdict::dead
                                     : Verdict::open;
    });
    if (s.state == Search::State::gave_up) {
      report_.notes.push_back("could not decide within the search budget whether rule " +
                              quoted(rule.id) + " can fire");
      continue;
    }
    if (s.state == Search::State::found) continue;
    reachable[r] = 0;
    if (!in_main(rule.location)) continue;
    add("unreachable-rule", rule.location,
        "rule " + quoted(rule.id) + " can never fire: no answers to the questions it reads, " +
            "within their declared types, ranges and options (or left unanswered), make its " +
            "condition true",
        "check the condition's thresholds and options against the question declarations; " +
            std::string("delete the rule if it is obsolete"));
  }
  return reachable;
}

void Linter::never_matters(std::size_t r) {
  const Rule& rule = p_.rules[r];
  if (!in_main(rule.location)) return;
  const Level& level = p_.levels[rule.level];
  if (rule.level <= p_.default_level) {
    add("never-matters", rule.location,
        "rule " + quoted(rule.id) + " can never change the result: its level " + quoted(level.id) +
            " is not above the default level " + quoted(p_.levels[p_.default_level].id),
        "raise its level, or delete the rule");
    return;
  }
  std::vector<std::size_t> others;
  std::vector<std::uint32_t> roots{p_.rule_condition[r]};
  for (std::size_t s = 0; s < p_.rules.size(); ++s) {
    if (s == r || p_.rules[s].level < rule.level) continue;
    others.push_back(s);
    roots.push_back(p_.rule_condition[s]);
  }
  // Is there a case where the rule fires and no rule of its level or above does?
  auto alone = [&](std::span<const std::size_t> covering, std::size_t budget) {
    return find(roots, budget, [&](std::span<const Interval> v) {
      const Interval& c = v[p_.rule_condition[r]];
      if (surely_false(c)) return Verdict::dead;
      for (std::size_t s : covering)
        if (surely_true(v[p_.rule_condition[s]])) return Verdict::dead;
      return surely_true(c) ? Verdict::found : Verdict::open;
    });
  };
  const Search s = alone(others, options_.budget);
  if (s.state == Search::State::gave_up) {
    report_.notes.push_back("could not decide within the search budget whether rule " +
                            quoted(rule.id) + " can change the result");
    return;
  }
  if (s.state == Search::State::found) return;
  // Name the rules that cover it on their own, when there are any.
  std::string by;
  for (std::size_t o : others) {
    if (alone(std::span(&o, 1), options_.budget / 16).state == Search::State::none)
      by += (by.empty() ? "" : ", ") + quoted(p_.rules[o].id);
  }
  add("never-matters", rule.location,
      "rule " + quoted(rule.id) + " can never change the result: whenever it fires, " +
          (by.empty() ? std::string("a rule of level ") + quoted(level.id) + " or above"
                      : "rule " + by) +
          " fires too",
      "delete it, or if it should matter, raise its level or narrow the rules that cover it");
}

void Linter::unused() {
  std::vector<char> question_used(p_.questions.size(), 0), param_used(p_.parameters.size(), 0);
  auto mark = [&](const Reads& reads) {
    for (std::size_t q : reads.questions)
      question_used[q] = 1;
    for (std::size_t x : reads.parameters)
      param_used[x] = 1;
  };
  for (const Reads& r : names_.rules)
    mark(r);
  for (const Reads& d : names_.derived)  // derived values are outputs: every result shows them
    mark(d);
  for (std::size_t q = 0; q < p_.questions.size(); ++q) {
    const Question& question = p_.questions[q];
    if (question_used[q] || !in_main(question.location)) continue;
    add("unused-question", question.location,
        "question " + quoted(question.id) + " is read by no rule and no derived value",
        "use it in a condition or a `let`, or delete it (a form built from the rule set asks it "
        "for nothing)");
  }
  for (std::size_t x = 0; x < p_.parameters.size(); ++x) {
    const Parameter& param = p_.parameters[x];
    if (param_used[x] || !in_main(param.location)) continue;
    add("unused-parameter", param.location,
        "parameter " + quoted(param.id) + " is read by no rule and no derived value",
        "use it where its threshold is meant to apply, or delete it");
  }
}

void Linter::unreachable_levels(const std::vector<char>& reachable) {
  for (const Level& level : p_.levels) {
    if (level.rank == p_.default_level || !in_main(level.location)) continue;
    bool produced = false;
    for (std::size_t r = 0; r < p_.rules.size(); ++r)
      produced = produced || (reachable[r] && p_.rules[r].level == level.rank);
    if (produced) continue;
    add("unreachable-level", level.location,
        "no rule can produce level " + quoted(level.id) +
            (level.rank < p_.default_level
                 ? " (it is below the default level " + quoted(p_.levels[p_.default_level].id) + ")"
                 : " (no rule that can fire has this level)"),
        "give a rule this level, or delete the level");
  }
}

void Linter::near_duplicates() {
  // Which declarations (rules, derived values) each comparison node is written in.
  std::map<std::uint32_t, std::vector<const SourceLocation*>> where;
  std::map<std::uint32_t, std::string> owner_names;
  std::set<std::uint32_t> derived_roots(p_.derived_value.begin(), p_.derived_value.end());
  auto scan = [&](std::uint32_t root, const SourceLocation& at, const std::string& id,
                  bool is_let) {
    std::vector<std::uint32_t> stack{root};
    std::set<std::uint32_t> seen;
    while (!stack.empty()) {
      const std::uint32_t v = stack.back();
      stack.pop_back();
      if (p_.kind_of(v) != ValueKind::node || !seen.insert(v).second) continue;
      if ((v != root || !is_let) && derived_roots.count(v)) continue;  // written in that `let`
      auto& w = where[v];
      if (std::find(w.begin(), w.end(), &at) == w.end()) {
        w.push_back(&at);
        owner_names[v] += (owner_names[v].empty() ? "" : ", ") + id;
      }
      const Node& n = p_.node_of(v);
      stack.insert(stack.end(), p_.args.begin() + n.first, p_.args.begin() + n.first + n.count);
    }
  };
  for (std::size_t d = 0; d < p_.derived.size(); ++d)
    scan(p_.derived_value[d], p_.derived[d].location, p_.derived[d].id, true);
  for (std::size_t r = 0; r < p_.rules.size(); ++r)
    scan(p_.rule_condition[r], p_.rules[r].location, p_.rules[r].id, false);

  // `x >= c` beside `x > c` (or `<=` beside `<`): one of them is probably a typo.
  std::set<std::tuple<std::size_t, double, bool>> reported;
  for (const Comparison& a : use_.comparisons) {
    const bool upward = a.op == Op::gt || a.op == Op::ge;
    const bool downward = a.op == Op::lt || a.op == Op::le;
    if (!upward && !downward) continue;
    for (const Comparison& b : use_.comparisons) {
      if (b.question != a.question || b.threshold != a.threshold || b.op == a.op) continue;
      const bool same_direction =
          upward ? (b.op == Op::gt || b.op == Op::ge) : (b.op == Op::lt || b.op == Op::le);
      if (!same_direction || (a.op != Op::ge && a.op != Op::le)) continue;  // a is the non-strict
      if (!reported.emplace(a.question, a.threshold, upward).second) continue;
      const auto wa = where.find(a.value), wb = where.find(b.value);
      if (wa == where.end() || wb == where.end() || wa->second.empty()) continue;
      const SourceLocation& at = *wa->second.front();
      if (!in_main(at)) continue;
      const std::string& q = p_.questions[a.question].id;
      char c[32];
      std::snprintf(c, sizeof c, "%g", a.threshold);
      add("near-duplicate-threshold", at,
          quoted(q + " " + op_text(a.op) + " " + c) + " (in " + owner_names[a.value] + ") beside " +
              quoted(q + " " + op_text(b.op) + " " + c) + " (in " + owner_names[b.value] +
              "): answers of exactly " + c + " are treated differently",
          "if both should include " + std::string(c) + " write " + op_text(a.op) +
              " in both; if the difference is meant, use distinct, documented thresholds");
    }
  }
}

void Linter::missing_sources() {
  for (const Rule& rule : p_.rules) {
    if (!rule.source.empty() || !in_main(rule.location)) continue;
    add("missing-source", rule.location,
        (rule.missing_policy ? std::string("`on missing`") : "rule " + quoted(rule.id)) +
            " cites no source",
        "add `source \"...\"` naming the guideline or evidence it follows");
  }
}

LintReport Linter::run() {
  const std::vector<char> reachable = reachability();
  for (std::size_t r = 0; r < p_.rules.size(); ++r)
    if (reachable[r]) never_matters(r);
  unused();
  unreachable_levels(reachable);
  near_duplicates();
  missing_sources();
  for (const auto& [file, rules] : p_.used_rule_sets) {
    report_.notes.push_back("'" + file + "' is a rule set of its own: its " +
                            std::to_string(rules) + " rule" + (rules == 1 ? "" : "s") +
                            " run when it is loaded itself, not here (this rule set reads its "
                            "questions, parameters and derived values); lint it on its own");
  }
  if (!approximate_.empty()) {
    std::string names;
    for (std::size_t q : approximate_)
      names += (names.empty() ? "" : ", ") + p_.questions[q].id;
    report_.notes.push_back(
        "numbers that feed arithmetic were tried only at their thresholds "
        "and range ends (" +
        names + "): findings about the rules that " + "read them are approximate");
  }
  std::stable_sort(
      report_.findings.begin(), report_.findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.location.file, a.location.where.line, a.location.where.column) <
               std::tie(b.location.file, b.location.where.line, b.location.where.column);
      });
  return std::move(report_);
}

}  // namespace

void append_json(std::string& out, const Finding& f) {
  out += "{\"code\":";
  io::append_string(out, f.code);
  out += ",\"file\":";
  io::append_string(out, f.location.file);
  out += ",\"line\":" + std::to_string(f.location.where.line);
  out += ",\"column\":" + std::to_string(f.location.where.column);
  out += ",\"message\":";
  io::append_string(out, f.message);
  out += ",\"hint\":";
  io::append_string(out, f.hint);
  out += '}';
}

LintReport lint(const Ruleset& ruleset, const LintOptions& options) {
  return Linter(ruleset, options).run();
}

namespace {

/// The parts of a dotted whole-number version; nullopt for anything else.
std::optional<std::vector<unsigned long long>> version_parts(std::string_view v) {
  std::vector<unsigned long long> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(v.find('.', start), v.size());
    const std::string_view part = v.substr(start, end - start);
    if (part.empty() || part.size() > 18 ||
        part.find_first_not_of("0123456789") != std::string_view::npos)
      return std::nullopt;
    parts.push_back(std::stoull(std::string(part)));
    if (end == v.size()) return parts;
    start = end + 1;
  }
}

/// The version after `v`: its last part raised by one ("1.0.0" -> "1.0.1"); "" when `v` is not
/// dotted numbers.
std::string next_version(std::string_view v) {
  const auto parts = version_parts(v);
  if (!parts) return "";
  const std::size_t last = v.rfind('.') == std::string_view::npos ? 0 : v.rfind('.') + 1;
  return std::string(v.substr(0, last)) + std::to_string(parts->back() + 1);
}

}  // namespace

std::optional<int> compare_versions(std::string_view a, std::string_view b) noexcept {
  try {
    const auto x = version_parts(a), y = version_parts(b);
    if (!x || !y) return std::nullopt;
    for (std::size_t i = 0; i < std::max(x->size(), y->size()); ++i) {
      const unsigned long long p = i < x->size() ? (*x)[i] : 0, q = i < y->size() ? (*y)[i] : 0;
      if (p != q) return p < q ? -1 : 1;
    }
    return 0;
  } catch (...) {  // allocation failure
    return std::nullopt;
  }
}

SourceLocation version_location(std::string_view text, std::string file) {
  std::uint32_t line = 1;
  for (std::size_t start = 0; start < text.size(); ++line) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view l = text.substr(start, end - start);
    const std::size_t word = l.find_first_not_of(" \t");
    if (word != std::string_view::npos && l.substr(word).starts_with("version") &&
        (l.size() == word + 7 || l[word + 7] == ' ' || l[word + 7] == '\t' || l[word + 7] == '"'))
      return {std::move(file), {line, std::uint32_t(word + 1), start + word}};
    start = end + 1;
  }
  return {std::move(file), {1, 1, 0}};
}

void version_findings(const Ruleset& previous, const Ruleset& current, const SourceLocation& where,
                      LintReport& report) {
  const std::string old_version(previous.version()), new_version(current.version());
  const std::string old_file(previous.source_name());
  const std::optional<int> order = compare_versions(old_version, new_version);
  const bool same_version = order ? *order == 0 : old_version == new_version;
  if (same_version && previous.content_hash() != current.content_hash()) {
    const std::string next = next_version(new_version);
    report.findings.push_back(
        {"version-not-changed", where,
         "the rules changed (content hash " + std::string(previous.content_hash()) + " in " +
             old_file + ", " + std::string(current.content_hash()) + " here) but the version " +
             (new_version.empty()          ? std::string("is missing in both")
              : old_version == new_version ? "is still " + quoted(new_version)
                                           : "is the same (" + quoted(old_version) + " there, " +
                                                 quoted(new_version) + " here)"),
         "raise the version" + (next.empty() ? "" : " (e.g. `version \"" + next + "\"`)") +
             ", so that a result's version names the rules that produced it"});
  }
  if (order && *order > 0) {
    report.findings.push_back(
        {"version-went-down", where,
         "version " + quoted(new_version) + " is lower than " + quoted(old_version) + " in " +
             old_file,
         "a later rule file needs a higher version; give it one above " + quoted(old_version)});
  }
  if (!order && !same_version) {
    report.notes.push_back("versions " + quoted(old_version) + " (" + old_file + ") and " +
                           quoted(new_version) +
                           " are not both dotted numbers: whether the version went down was not "
                           "checked");
  }
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
