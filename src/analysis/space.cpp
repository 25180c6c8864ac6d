// redflag analysis: answers worth trying and the search over them (see space.hpp).
#include "analysis/space.hpp"
#include "result_impl.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

bool numeric(QuestionType t) {
  return t == QuestionType::integer || t == QuestionType::number;
}

/// `c op x` read as `x op' c`.
Op flipped(Op op) {
  switch (op) {
    case Op::lt:
      return Op::gt;
    case Op::le:
      return Op::ge;
    case Op::gt:
      return Op::lt;
    case Op::ge:
      return Op::le;
    default:
      return op;
  }
}

bool comparison(Op op) {
  return op == Op::eq || op == Op::ne || op == Op::lt || op == Op::le || op == Op::gt ||
         op == Op::ge;
}

void sort_unique(std::vector<double>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

QuestionUse question_use(const Program& p) {
  QuestionUse use;
  const std::size_t nq = p.questions.size();
  use.thresholds.resize(nq);
  use.in_arithmetic.assign(nq, 0);
  use.in_answered.assign(nq, 0);
  auto question_at = [&](std::uint32_t v) -> std::optional<std::size_t> {
    if (p.kind_of(v) != ValueKind::answer) return std::nullopt;
    return v - p.answer_base;
  };
  for (std::size_t i = 0; i < p.nodes.size(); ++i) {
    const Node& n = p.nodes[i];
    const std::uint32_t* args = p.args.data() + n.first;
    const auto value = std::uint32_t(p.node_base + i);
    if (n.op == Op::answered) {
      for (std::uint32_t k = 0; k < n.count; ++k)
        if (auto q = question_at(args[k])) use.in_answered[*q] = 1;
      continue;
    }
    const bool direct = comparison(n.op) && n.count == 2;
    for (std::uint32_t k = 0; k < n.count; ++k) {
      auto q = question_at(args[k]);
      if (!q || !numeric(p.questions[*q].type)) continue;
      const std::uint32_t other = args[1 - k];
      if (direct && p.kind_of(other) == ValueKind::constant) {
        const double c = p.initial[other].lo;
        use.comparisons.push_back({*q, k == 0 ? n.op : flipped(n.op), c, value});
        use.thresholds[*q].push_back(c);
      } else {
        use.in_arithmetic[*q] = 1;
      }
    }
  }
  for (auto& t : use.thresholds)
    sort_unique(t);
  return use;
}

std::vector<std::size_t> questions_beneath(const Program& p, std::span<const std::uint32_t> roots) {
  std::vector<char> seen(p.value_count(), 0);
  std::vector<std::uint32_t> stack(roots.begin(), roots.end());
  std::vector<std::size_t> out;
  while (!stack.empty()) {
    const std::uint32_t v = stack.back();
    stack.pop_back();
    if (seen[v]) continue;
    seen[v] = 1;
    if (p.kind_of(v) == ValueKind::answer) out.push_back(v - p.answer_base);
    if (p.kind_of(v) != ValueKind::node) continue;
    const Node& n = p.node_of(v);
    stack.insert(stack.end(), p.args.begin() + n.first, p.args.begin() + n.first + n.count);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Axis axis_of(const Program& p, const QuestionUse& use, std::size_t q, bool unanswered) {
  const Question& question = p.questions[q];
  Axis axis{q, {}};
  switch (question.type) {
    case QuestionType::boolean:
      axis.values = {Value::of(false), Value::of(true)};
      break;
    case QuestionType::choice:
      for (const Option& o : question.options)
        axis.values.push_back(Value::choice(o.id));
      break;
    case QuestionType::text:
      axis.values = {Value::text_value("(text)")};
      break;
    case QuestionType::integer:
    case QuestionType::number: {
      const double lo = question.min.value_or(-inf), hi = question.max.value_or(inf);
      std::vector<double> points;
      const std::vector<double>& thresholds = use.thresholds[q];
      if (question.type == QuestionType::integer) {
        for (double c : thresholds) {
          for (double x : {std::floor(c) - 1, std::floor(c), std::ceil(c), std::ceil(c) + 1})
            points.push_back(x);
        }
      } else {
        points = thresholds;
        for (std::size_t i = 0; i + 1 < thresholds.size(); ++i)
          points.push_back((thresholds[i] + thresholds[i + 1]) / 2);
        if (!thresholds.empty()) {
          points.push_back(thresholds.front() - 1);
          points.push_back(thresholds.back() + 1);
        }
      }
      if (question.min) points.push_back(lo);
      if (question.max) points.push_back(hi);
      if (points.empty()) points.push_back(0);
      std::erase_if(points, [&](double x) { return x < lo || x > hi; });
      sort_unique(points);
      if (points.empty()) points.push_back(lo);
      for (double x : points)
        axis.values.push_back(Value::of(x));
      break;
    }
  }
  if (unanswered) axis.values.push_back(Value::unknown_value());
  return axis;
}

std::string show(const Value& value) {
  switch (value.kind) {
    case Value::Kind::unknown:
      return "unanswered";
    case Value::Kind::boolean:
      return value.boolean ? "true" : "false";
    case Value::Kind::number: {
      char buffer[32];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value.number);
      return ec == std::errc() ? std::string(buffer, end) : std::string("?");
    }
    case Value::Kind::choice:
    case Value::Kind::text:
      return std::string(value.text);
  }
  return "?";
}

std::span<const redflag::detail::Interval> Prober::run() {
  ruleset_.evaluate(answers_, result_, EvaluateOptions{.explain = false, .evidence = false});
  ++runs_;
  return redflag::detail::trace_of(result_);
}

Search search(Prober& prober, std::span<const Axis> axes, std::size_t exact_from,
              std::size_t budget,
              const std::function<Verdict(std::span<const redflag::detail::Interval>)>& goal) {
  Search out;
  std::vector<std::size_t> chosen(axes.size(), 0);
  prober.clear();
  const auto witness = [&](std::size_t depth) {
    out.state = Search::State::found;
    for (std::size_t i = 0; i < axes.size(); ++i) {
      const Axis& a = axes[i];
      out.witness.push_back(i < depth ? a.values[chosen[i]] : Value::unknown_value());
    }
  };
  ++out.cases;
  const Verdict root = goal(prober.run());
  if (root == Verdict::found) {
    witness(0);
    return out;
  }
  // Iterative depth first: depth d has answered axes [0, d).
  std::vector<Verdict> verdict(axes.size() + 1, Verdict::open);
  verdict[0] = root;
  std::vector<std::size_t> next(axes.size(), 0);
  std::size_t depth = 0;
  if (axes.empty() || (root == Verdict::dead && exact_from == 0)) return out;
  while (true) {
    const Axis& a = axes[depth];
    if (next[depth] == a.values.size()) {  // every answer of this axis tried: back up
      prober.set(a.question, Value::unknown_value());
      next[depth] = 0;
      if (depth == 0) return out;
      --depth;
      continue;
    }
    chosen[depth] = next[depth]++;
    const Value& v = a.values[chosen[depth]];
    Verdict here;
    if (!v.known()) {
      prober.set(a.question, v);
      here = verdict[depth];  // the same case as its parent's
    } else {
      if (out.cases >= budget) {
        out.state = Search::State::gave_up;
        return out;
      }
      prober.set(a.question, v);
      ++out.cases;
      here = goal(prober.run());
      if (here == Verdict::found) {
        witness(depth + 1);
        return out;
      }
    }
    verdict[depth + 1] = here;
    const bool prune = here == Verdict::dead && depth + 1 >= exact_from;
    if (!prune && depth + 1 < axes.size()) ++depth;
  }
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
