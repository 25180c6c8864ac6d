// redflag analysis: structural and outcome diff of two rule sets (see diff.hpp).
#include "analysis/diff.hpp"

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>

#include "analysis/names.hpp"
#include "analysis/space.hpp"
#include "eval/program.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

template <typename T>
const T* by_id(std::span<const T> items, std::string_view id) {
  for (const T& item : items)
    if (item.id == id) return &item;
  return nullptr;
}

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", x);
  return buffer;
}

std::string range_text(const Question& q) {
  if (!q.min && !q.max) return "any";
  return (q.min ? number(*q.min) : std::string()) + ".." + (q.max ? number(*q.max) : std::string());
}

std::string options_text(const Question& q) {
  std::string out;
  for (const Option& o : q.options)
    out += (out.empty() ? "" : ", ") + o.id;
  return "{" + out + "}";
}

std::string tags_text(const Rule& r) {
  std::string out;
  for (const std::string& t : r.tags)
    out += (out.empty() ? "" : ", ") + t;
  return out;
}

/// Appends "what old -> new" to `detail` when the two differ.
void edit(std::string& detail, std::string_view what, const std::string& a, const std::string& b) {
  if (a == b) return;
  if (!detail.empty()) detail += "; ";
  detail.append(what).append(" '").append(a).append("' -> '").append(b).append("'");
}

/// Compares the items of both files by id: `compare(old, new)` gives what changed in an item
/// present in both ("" when nothing did).
template <typename T, typename Compare>
void match(std::vector<Change>& out, std::string_view what, std::span<const T> olds,
           std::span<const T> news, Compare compare, std::set<std::string>* edited = nullptr) {
  for (const T& o : olds) {
    const T* n = by_id(news, o.id);
    if (!n) {
      out.push_back({Change::Kind::removed, std::string(what), o.id, "", o.location});
      if (edited) edited->insert(o.id);
      continue;
    }
    std::string detail = compare(o, *n);
    if (detail.empty()) continue;
    out.push_back({Change::Kind::edited, std::string(what), o.id, std::move(detail), n->location});
    if (edited) edited->insert(o.id);
  }
  for (const T& n : news) {
    if (by_id(olds, n.id)) continue;
    out.push_back({Change::Kind::added, std::string(what), n.id, "", n.location});
    if (edited) edited->insert(n.id);
  }
}

std::string where(const SourceLocation& at) {
  return at.file + ":" + std::to_string(at.where.line) + ":" + std::to_string(at.where.column);
}

}  // namespace

StructuralDiff structural_diff(const Ruleset& a, const Ruleset& b) {
  StructuralDiff d;
  match<Level>(d.changes, "level", a.levels(), b.levels(), [](const Level& o, const Level& n) {
    std::string s;
    edit(s, "rank", std::to_string(o.rank), std::to_string(n.rank));
    edit(s, "advice", o.advice, n.advice);
    edit(s, "indicator", std::string(to_string(o.indicator)), std::string(to_string(n.indicator)));
    return s;
  });
  if (a.default_level().id != b.default_level().id) {
    d.changes.push_back({Change::Kind::edited, "default", "default",
                         "'" + a.default_level().id + "' -> '" + b.default_level().id + "'",
                         b.default_level().location});
  }
  std::set<std::string> changed_params, changed_questions, changed_derived;
  match<Parameter>(
      d.changes, "parameter", a.parameters(), b.parameters(),
      [](const Parameter& o, const Parameter& n) {
        std::string s;
        edit(s, "value", number(o.value), number(n.value));
        edit(s, "description", o.description, n.description);
        return s;
      },
      &changed_params);
  std::erase_if(changed_params, [&](const std::string& id) {  // descriptions do not matter
    const Parameter *o = by_id(a.parameters(), id), *n = by_id(b.parameters(), id);
    return o && n && o->value == n->value;
  });
  match<Question>(
      d.changes, "question", a.questions(), b.questions(),
      [&](const Question& o, const Question& n) {
        std::string s;
        edit(s, "type", std::string(to_string(o.type)), std::string(to_string(n.type)));
        if (o.type != n.type) {
          d.conflicts.push_back({o.id, o.location, n.location,
                                 "question '" + o.id + "' changed type from " +
                                     std::string(to_string(o.type)) + " (" + where(o.location) +
                                     ") to " + std::string(to_string(n.type)) +
                                     ": its answers cannot be compared"});
        }
        edit(s, "options", options_text(o), options_text(n));
        edit(s, "range", range_text(o), range_text(n));
        edit(s, "unit", o.unit, n.unit);
        edit(s, "required", o.required ? "yes" : "no", n.required ? "yes" : "no");
        edit(s, "prompt", o.prompt, n.prompt);
        return s;
      },
      &changed_questions);
  match<Derived>(
      d.changes, "derived value", a.derived(), b.derived(),
      [](const Derived& o, const Derived& n) {
        std::string s;
        edit(s, "definition", o.expression, n.expression);
        return s;
      },
      &changed_derived);
  std::set<std::string> changed_rules;
  match<Rule>(
      d.changes, "rule", a.rules(), b.rules(),
      [&](const Rule& o, const Rule& n) {
        std::string s;
        edit(s, "level", a.levels()[o.level].id, b.levels()[n.level].id);
        edit(s, "condition", o.condition, n.condition);
        if (!s.empty()) changed_rules.insert(o.id);
        edit(s, "title", o.title, n.title);
        edit(s, "because", o.because, n.because);
        edit(s, "source", o.source, n.source);
        edit(s, "tags", tags_text(o), tags_text(n));
        return s;
      },
      nullptr);
  for (const Change& c : d.changes)
    if (c.what == "rule" && c.kind != Change::Kind::edited) changed_rules.insert(c.id);

  // A rule's outcome may change when it changed, or anything it reads did.
  auto affected = [&](const Ruleset& r, std::vector<std::size_t>& out) {
    const NameGraph g = name_graph(r);
    const bool levels_moved =
        a.levels().size() != b.levels().size() || a.default_level().id != b.default_level().id;
    for (std::size_t i = 0; i < r.rules().size(); ++i) {
      const Reads& reads = g.rules[i];
      bool changed = levels_moved || changed_rules.count(r.rules()[i].id) > 0;
      for (std::size_t q : reads.questions)
        changed = changed || changed_questions.count(r.questions()[q].id);
      for (std::size_t x : reads.parameters)
        changed = changed || changed_params.count(r.parameters()[x].id);
      for (std::size_t x : reads.derived)
        changed = changed || changed_derived.count(r.derived()[x].id);
      if (changed) out.push_back(i);
    }
  };
  affected(a, d.changed_rules_old);
  affected(b, d.changed_rules_new);
  return d;
}

int compare_levels(const Ruleset& a, std::size_t old_level, const Ruleset& b,
                   std::size_t new_level) {
  const auto same = b.find_level(a.levels()[old_level].id);
  const std::size_t old_rank = same ? *same : old_level;
  return new_level < old_rank ? -1 : new_level > old_rank ? 1 : 0;
}

void Transitions::add(LevelOf old_level, LevelOf new_level, bool lower, bool higher,
                      const std::function<std::string()>& example) {
  Cell& cell = cells[{old_level, new_level}];
  ++cell.count;
  ++cases;
  downgrades += lower ? 1 : 0;
  upgrades += higher ? 1 : 0;
  if (cell.examples.size() < examples_per_cell) cell.examples.push_back(example());
}

namespace {

/// One question as both files know it, and the answers tried for it.
struct Dimension {
  std::string id;
  std::optional<std::size_t> old_q, new_q;
  std::vector<Value> values;
};

class Comparer {
 public:
  Comparer(const Ruleset& a, const Ruleset& b) : a_(a), b_(b), old_(a), new_(b) {}

  void set(const Dimension& d, const Value& v) {
    if (d.old_q) old_.set(*d.old_q, v);
    if (d.new_q) new_.set(*d.new_q, v);
  }
  /// Evaluates both; the levels (nullopt for an error result).
  std::pair<LevelOf, LevelOf> run() {
    old_.run(), new_.run();
    return {level(old_.result()), level(new_.result())};
  }
  /// How loud both results are: the higher level, then how many rules fired.
  std::pair<std::size_t, std::size_t> loudness() {
    const auto [o, n] = run();
    return {std::max(o.value_or(99), n.value_or(99)),
            old_.result().fired().size() + new_.result().fired().size()};
  }
  void record(Transitions& t, const std::function<std::string()>& example) {
    const auto [o, n] = run();
    const int cmp = o && n ? compare_levels(a_, *o, b_, *n) : 0;
    t.add(o, n, cmp<0, cmp> 0, example);
  }

 private:
  static LevelOf level(const Result& r) { return r.ok() ? LevelOf(r.level().rank) : std::nullopt; }
  const Ruleset& a_;
  const Ruleset& b_;
  Prober old_, new_;
};

}  // namespace

Transitions compare_outcomes(const Ruleset& a, const Ruleset& b, const StructuralDiff& diff,
                             const OutcomeOptions& options, CaseSpace& space) {
  const Program& pa = a.impl();
  const Program& pb = b.impl();
  std::set<std::string> conflicted;
  for (const Conflict& c : diff.conflicts)
    conflicted.insert(c.question), space.unanswered.push_back(c.question);

  // Every question of either file, with the answers worth trying: thresholds of both files.
  QuestionUse use_a = question_use(pa), use_b = question_use(pb);
  std::set<std::string> read;
  const NameGraph ga = name_graph(a), gb = name_graph(b);
  for (std::size_t r : diff.changed_rules_old)
    for (std::size_t q : ga.rules[r].questions)
      read.insert(pa.questions[q].id);
  for (std::size_t r : diff.changed_rules_new)
    for (std::size_t q : gb.rules[r].questions)
      read.insert(pb.questions[q].id);

  std::vector<Dimension> axes, held;
  auto dimension = [&](const std::string& id, std::optional<std::size_t> qa,
                       std::optional<std::size_t> qb) {
    Dimension d{id, qa, qb, {}};
    if (qa && qb) {
      auto& t = use_b.thresholds[*qb];
      t.insert(t.end(), use_a.thresholds[*qa].begin(), use_a.thresholds[*qa].end());
      std::sort(t.begin(), t.end());
      t.erase(std::unique(t.begin(), t.end()), t.end());
    }
    const Axis axis = qb ? axis_of(pb, use_b, *qb, true) : axis_of(pa, use_a, *qa, true);
    for (const Value& v : axis.values) {
      // A choice option only one file declares cannot be given to both.
      if (v.kind == Value::Kind::choice && qa && qb &&
          !(by_id(std::span<const Option>(pa.questions[*qa].options), v.text) &&
            by_id(std::span<const Option>(pb.questions[*qb].options), v.text)))
        continue;
      d.values.push_back(v);
    }
    (read.count(id) ? axes : held).push_back(std::move(d));
  };
  for (std::size_t q = 0; q < pb.questions.size(); ++q) {
    const std::string& id = pb.questions[q].id;
    if (!conflicted.count(id)) dimension(id, a.find_question(id), q);
  }
  for (std::size_t q = 0; q < pa.questions.size(); ++q) {
    const std::string& id = pa.questions[q].id;
    if (!conflicted.count(id) && !b.find_question(id)) dimension(id, q, std::nullopt);
  }

  Comparer cmp(a, b);
  // Quiet answers for the questions held: one pass, each taking the answer (answered first)
  // that leaves both results lowest, with the enumerated questions at their first answers.
  for (const Dimension& d : axes)
    cmp.set(d, d.values.front());
  for (const Dimension& d : held)
    cmp.set(d, d.values.front());
  for (const Dimension& d : held) {
    std::size_t best = 0;
    auto best_loudness = cmp.loudness();
    for (std::size_t i = 1; i < d.values.size(); ++i) {
      cmp.set(d, d.values[i]);
      const auto l = cmp.loudness();
      if (l < best_loudness) best = i, best_loudness = l;
    }
    cmp.set(d, d.values[best]);
    space.held.emplace_back(d.id, show(d.values[best]));
  }

  for (const Dimension& d : axes) {
    space.questions.push_back(d.id);
    space.size *= double(d.values.size());
  }
  std::vector<std::size_t> digit(axes.size(), 0);
  const auto example = [&] {
    std::string out;
    for (std::size_t i = 0; i < axes.size(); ++i)
      out += (i ? ", " : "") + axes[i].id + "=" + show(axes[i].values[digit[i]]);
    return out.empty() ? std::string("(no question varied)") : out;
  };
  Transitions t;
  if (space.size > options.max_exhaustive) {
    space.sampled = true;
    space.seed = options.seed;
    std::mt19937_64 random(options.seed);
    for (std::size_t n = 0; n < options.sample; ++n) {
      for (std::size_t i = 0; i < axes.size(); ++i) {
        digit[i] = std::size_t(random() % axes[i].values.size());
        cmp.set(axes[i], axes[i].values[digit[i]]);
      }
      cmp.record(t, example);
    }
    return t;
  }
  while (true) {  // an odometer: the first axis turns fastest
    cmp.record(t, example);
    std::size_t i = 0;
    for (; i < axes.size(); ++i) {
      if (++digit[i] < axes[i].values.size()) {
        cmp.set(axes[i], axes[i].values[digit[i]]);
        break;
      }
      digit[i] = 0;
      cmp.set(axes[i], axes[i].values[0]);
    }
    if (i == axes.size()) break;
  }
  return t;
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
