// redflag: rule and operand coverage, read from the evaluation trace of each recorded result.
#include "redflag/coverage.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "eval/program.hpp"
#include "redflag/result.hpp"
#include "result_impl.hpp"

namespace redflag {
inline namespace v1 {
namespace {

using detail::Node;
using detail::Op;
using detail::Program;
using detail::ValueKind;

/// Binding strength of what a value renders as; parentheses go around weaker operands.
enum Precedence { or_ = 1, and_, not_, compare, sum, product, negate, atom };

/// Renders program values back into rule-language text. Derived values appear by name.
class Renderer {
 public:
  explicit Renderer(const Program& p) : p_(p) {
    for (std::size_t d = 0; d < p.derived.size(); ++d) {
      const std::uint32_t v = p.derived_value[d];
      if (p.kind_of(v) == ValueKind::node) let_of_.emplace(v, d);  // the first name wins
    }
  }

  /// The derived value (`let`) whose value `v` is, if any.
  const Derived* let_of(std::uint32_t v) const {
    auto it = let_of_.find(v);
    return it == let_of_.end() ? nullptr : &p_.derived[it->second];
  }

  std::string text(std::uint32_t v) const { return render(v).first; }

 private:
  std::pair<std::string, int> render(std::uint32_t v) const {
    switch (p_.kind_of(v)) {
      case ValueKind::constant:
        return {constant(v), atom};
      case ValueKind::answer:
        return {p_.questions[v - p_.answer_base].id, atom};
      case ValueKind::node:
        break;
    }
    if (const Derived* d = let_of(v)) return {d->id, atom};
    const Node& n = p_.node_of(v);
    auto arg = [&](std::uint32_t i) { return p_.args[n.first + i]; };
    auto operand = [&](std::uint32_t i, int min) {
      auto [s, prec] = render(arg(i));
      return prec < min ? "(" + s + ")" : s;
    };
    auto join = [&](std::string_view sep, int min) {
      std::string s;
      for (std::uint32_t i = 0; i < n.count; ++i)
        s += (i ? std::string(sep) : "") + operand(i, min);
      return s;
    };
    auto infix = [&](std::string_view op, int prec) {
      return std::pair{operand(0, prec) + " " + std::string(op) + " " + operand(1, prec + 1), prec};
    };
    switch (n.op) {
      case Op::and_:
      case Op::and2:
        return {join(" and ", and_), and_};
      case Op::or_:
      case Op::or2:
        return {join(" or ", or_), or_};
      case Op::not_:
        return {"not " + operand(0, not_), not_};
      case Op::add:
        if (p_.value_type[arg(0)] == QuestionType::boolean)
          return {"count(" + join(", ", 0) + ")", atom};
        return {join(" + ", sum), sum};
      case Op::sub:
        return infix("-", sum);
      case Op::mul:
        return {join(" * ", product), product};
      case Op::div:
        return infix("/", product);
      case Op::neg:
        return {"-" + operand(0, negate), negate};
      case Op::min:
        return {"min(" + join(", ", 0) + ")", atom};
      case Op::max:
        return {"max(" + join(", ", 0) + ")", atom};
      case Op::eq:
        return infix("==", compare);
      case Op::ne:
        return infix("!=", compare);
      case Op::lt:
        return infix("<", compare);
      case Op::le:
        return infix("<=", compare);
      case Op::gt:
        return infix(">", compare);
      case Op::ge:
        return infix(">=", compare);
      case Op::in:
        return {operand(0, compare + 1) + " in {" + option_set(n) + "}", compare};
      case Op::answered:
        return {"answered(" + join(", ", 0) + ")", atom};
    }
    return {"?", atom};
  }

  std::string constant(std::uint32_t v) const {
    const double x = p_.initial[v].lo;
    if (p_.value_type[v] == QuestionType::boolean) return x != 0 ? "true" : "false";
    if (const Question* q = p_.choice_domain[v]) {
      const auto i = static_cast<std::size_t>(x);
      if (i < q->options.size()) return q->options[i].id;
    }
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, x).ptr;
    return std::string(buffer, end);
  }

  std::string option_set(const Node& n) const {
    const Question* q = p_.choice_domain[n.a];
    std::string s;
    for (std::size_t i = 0; i < 64; ++i) {
      if (!(n.mask >> i & 1)) continue;
      if (!s.empty()) s += ", ";
      s += q && i < q->options.size() ? q->options[i].id : std::to_string(i);
    }
    return s;
  }

  const Program& p_;
  std::unordered_map<std::uint32_t, std::size_t> let_of_;
};

/// Whether each value can be unknown at all. A value can only be unknown while one of the
/// questions it reads is unanswered, so each value gets the set of questions whose absence could
/// leave it unknown: an answer its own question, `answered(...)` none, and other nodes the union
/// of their operands', except that an `and` with an operand `answered(S)` (or an `or` with an
/// operand `not answered(S)`) is decided unless every question of S is answered, so S drops out.
/// `answered(t) and t >= 38` therefore can never be unknown.
std::vector<bool> unknowable(const Program& p) {
  std::vector<std::vector<std::uint32_t>> absent(p.value_count());  // sorted question indices
  for (std::uint32_t q = 0; q < p.questions.size(); ++q)
    absent[p.answer_base + q] = {q};
  // The questions `v` guards as `answered(S)` (or as `not answered(S)` when `negated`).
  auto guarded = [&](std::uint32_t v, bool negated) -> std::vector<std::uint32_t> {
    if (p.kind_of(v) != ValueKind::node) return {};
    const Node* n = &p.node_of(v);
    if (negated) {
      if (n->op != Op::not_ || p.kind_of(n->a) != ValueKind::node) return {};
      n = &p.node_of(n->a);
    }
    if (n->op != Op::answered) return {};
    std::vector<std::uint32_t> s;
    for (std::uint32_t k = 0; k < n->count; ++k)
      s.push_back(p.args[n->first + k] - p.answer_base);
    std::sort(s.begin(), s.end());
    return s;
  };
  for (std::uint32_t i = 0; i < p.nodes.size(); ++i) {  // children first
    const Node& n = p.nodes[i];
    std::vector<std::uint32_t>& out = absent[p.node_base + i];
    if (n.op == Op::answered) continue;
    std::vector<std::uint32_t> guards;
    for (std::uint32_t k = 0; k < n.count; ++k) {
      const std::uint32_t operand = p.args[n.first + k];
      std::vector<std::uint32_t> merged;
      std::set_union(out.begin(), out.end(), absent[operand].begin(), absent[operand].end(),
                     std::back_inserter(merged));
      out = std::move(merged);
      const bool conjunction = n.op == Op::and_ || n.op == Op::and2;
      const bool disjunction = n.op == Op::or_ || n.op == Op::or2;
      if (conjunction || disjunction) {
        const std::vector<std::uint32_t> s = guarded(operand, disjunction);
        guards.insert(guards.end(), s.begin(), s.end());
      }
    }
    std::sort(guards.begin(), guards.end());
    std::vector<std::uint32_t> rest;
    std::set_difference(out.begin(), out.end(), guards.begin(), guards.end(),
                        std::back_inserter(rest));
    out = std::move(rest);
  }
  std::vector<bool> can(p.value_count());
  for (std::uint32_t v = 0; v < can.size(); ++v)
    can[v] = !absent[v].empty();
  return can;
}

enum class Truth { false_, true_, unknown };

Truth truth_of(const redflag::detail::Interval& i) {
  if (i.lo != i.hi) return Truth::unknown;
  return i.lo != 0 ? Truth::true_ : Truth::false_;
}

}  // namespace

Coverage::Coverage(const Ruleset& ruleset) : ruleset_(ruleset) {
  const Program& p = ruleset_.impl();
  const Renderer renderer(p);
  const std::vector<bool> can_be_unknown = unknowable(p);
  rules_.resize(p.rules.size());
  operand_values_.resize(p.rules.size());
  for (std::size_t r = 0; r < p.rules.size(); ++r) {
    RuleCoverage& rule = rules_[r];
    rule.rule = &p.rules[r];
    const std::uint32_t root = p.rule_condition[r];
    rule.can_be_unresolved = can_be_unknown[root];
    // Depth first from the condition, operands in the order they are written; each operand is
    // located in the rule or derived value whose text holds it.
    std::unordered_set<std::uint32_t> seen{root};
    std::vector<std::pair<std::uint32_t, const SourceLocation*>> stack{
        {root, &rule.rule->location}};
    while (!stack.empty()) {
      auto [v, where] = stack.back();
      stack.pop_back();
      if (v != root && p.value_type[v] == QuestionType::boolean &&
          p.kind_of(v) != ValueKind::constant) {
        rule.operands.push_back({renderer.text(v), *where, bool(can_be_unknown[v])});
        operand_values_[r].push_back(v);
      }
      if (p.kind_of(v) != ValueKind::node) continue;
      if (const Derived* d = renderer.let_of(v)) where = &d->location;
      const Node& n = p.node_of(v);
      if (n.op == Op::answered) continue;  // it reads whether its questions are answered
      for (std::uint32_t k = n.count; k-- > 0;) {
        const std::uint32_t child = p.args[n.first + k];
        if (seen.insert(child).second) stack.emplace_back(child, where);
      }
    }
  }
}

bool Coverage::record(const Result& result) {
  if (!result.ok() || &result.ruleset()->impl() != &ruleset_.impl()) return false;
  const std::span<const redflag::detail::Interval> trace = redflag::detail::trace_of(result);
  const Program& p = ruleset_.impl();
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    RuleCoverage& rule = rules_[r];
    switch (truth_of(trace[p.rule_condition[r]])) {
      case Truth::true_:
        rule.fired = true;
        break;
      case Truth::false_:
        rule.not_fired = true;
        break;
      case Truth::unknown:
        rule.unresolved = true;
        break;
    }
    for (std::size_t o = 0; o < rule.operands.size(); ++o) {
      OperandCoverage& operand = rule.operands[o];
      switch (truth_of(trace[operand_values_[r][o]])) {
        case Truth::true_:
          operand.seen_true = true;
          break;
        case Truth::false_:
          operand.seen_false = true;
          break;
        case Truth::unknown:
          operand.seen_unknown = true;
          break;
      }
    }
  }
  ++recorded_;
  return true;
}

std::size_t Coverage::rules_covered() const noexcept {
  return std::size_t(std::count_if(rules_.begin(), rules_.end(),
                                   [](const RuleCoverage& r) { return r.covered(); }));
}

double Coverage::rule_percent() const noexcept {
  return rules_.empty() ? 100.0 : 100.0 * double(rules_covered()) / double(rules_.size());
}

std::size_t Coverage::operand_states_seen() const noexcept {
  std::size_t n = 0;
  for (const RuleCoverage& r : rules_)
    for (const OperandCoverage& o : r.operands)
      n += o.states_seen();
  return n;
}

std::size_t Coverage::operand_states_possible() const noexcept {
  std::size_t n = 0;
  for (const RuleCoverage& r : rules_)
    for (const OperandCoverage& o : r.operands)
      n += o.states_possible();
  return n;
}

double Coverage::operand_percent() const noexcept {
  const std::size_t possible = operand_states_possible();
  return possible == 0 ? 100.0 : 100.0 * double(operand_states_seen()) / double(possible);
}

}  // namespace v1
}  // namespace redflag
