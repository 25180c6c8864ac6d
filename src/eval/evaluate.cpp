// redflag evaluator: runs a Program over bound answers (see program.hpp for the value model).
#include <algorithm>
#include <cmath>

#include "eval/program.hpp"
#include "redflag/answers.hpp"
#include "redflag/result.hpp"

namespace redflag {
inline namespace v1 {
namespace {

using detail::inf;
using detail::Node;
using detail::Op;
using detail::Program;
using detail::ValueKind;

constexpr bool is_true(double lo, double) {
  return lo == 1;
}
constexpr bool is_false(double, double hi) {
  return hi == 0;
}

/// Computes every node's interval, children first. No branches on strings, no allocation.
void run(const Program& p, double* lo, double* hi) {
  const std::uint32_t* args = p.args.data();
  double* out_lo = lo + p.node_base;
  double* out_hi = hi + p.node_base;
  const std::size_t n = p.nodes.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Node& node = p.nodes[i];
    const std::uint32_t* a = args + node.first;
    double l = 0, h = 0;
    switch (node.op) {
      case Op::and_:
        l = lo[a[0]], h = hi[a[0]];
        for (std::uint32_t k = 1; k < node.count; ++k)
          l = std::min(l, lo[a[k]]), h = std::min(h, hi[a[k]]);
        break;
      case Op::or_:
      case Op::max:
        l = lo[a[0]], h = hi[a[0]];
        for (std::uint32_t k = 1; k < node.count; ++k)
          l = std::max(l, lo[a[k]]), h = std::max(h, hi[a[k]]);
        break;
      case Op::min:
        l = lo[a[0]], h = hi[a[0]];
        for (std::uint32_t k = 1; k < node.count; ++k)
          l = std::min(l, lo[a[k]]), h = std::min(h, hi[a[k]]);
        break;
      case Op::not_:
        l = 1 - hi[a[0]], h = 1 - lo[a[0]];
        break;
      case Op::add:
        for (std::uint32_t k = 0; k < node.count; ++k)
          l += lo[a[k]], h += hi[a[k]];
        break;
      case Op::sub:
        l = lo[a[0]] - hi[a[1]], h = hi[a[0]] - lo[a[1]];
        break;
      case Op::neg:
        l = -hi[a[0]], h = -lo[a[0]];
        break;
      case Op::mul:
      case Op::div: {
        double bl = lo[a[1]], bh = hi[a[1]];
        if (node.op == Op::div) {
          if (bl <= 0 && bh >= 0) {  // the divisor may be zero: anything is possible
            l = -inf, h = inf;
            break;
          }
          const double rl = 1 / bh, rh = 1 / bl;
          bl = rl, bh = rh;
        }
        const double c[4] = {lo[a[0]] * bl, lo[a[0]] * bh, hi[a[0]] * bl, hi[a[0]] * bh};
        l = std::min({c[0], c[1], c[2], c[3]}), h = std::max({c[0], c[1], c[2], c[3]});
        if (std::isnan(l) || std::isnan(h)) l = -inf, h = inf;  // 0 * inf
        break;
      }
      case Op::eq:
      case Op::ne: {
        const double al = lo[a[0]], ah = hi[a[0]], bl = lo[a[1]], bh = hi[a[1]];
        if (al == ah && bl == bh) {
          l = h = al == bl;
        } else if (ah < bl || bh < al) {
          l = h = 0;
        } else {
          l = 0, h = 1;
        }
        if (node.op == Op::ne) std::swap(l, h), l = 1 - l, h = 1 - h;
        break;
      }
      case Op::lt:  // a < b
        l = hi[a[0]] < lo[a[1]], h = !(lo[a[0]] >= hi[a[1]]);
        break;
      case Op::le:
        l = hi[a[0]] <= lo[a[1]], h = !(lo[a[0]] > hi[a[1]]);
        break;
      case Op::gt:  // b < a
        l = hi[a[1]] < lo[a[0]], h = !(lo[a[1]] >= hi[a[0]]);
        break;
      case Op::ge:
        l = hi[a[1]] <= lo[a[0]], h = !(lo[a[1]] > hi[a[0]]);
        break;
      case Op::in:
        if (lo[a[0]] == hi[a[0]]) {
          l = h = double((node.mask >> std::uint64_t(lo[a[0]])) & 1u);
        } else {
          l = 0, h = 1;
        }
        break;
      case Op::answered:
        l = 1;
        for (std::uint32_t k = 0; k < node.count; ++k)
          if (lo[a[k]] != hi[a[k]]) l = 0;
        h = l;
        break;
    }
    out_lo[i] = l;
    out_hi[i] = h;
  }
}

/// The Value of an answer slot or derived value index `v` as a caller sees it.
Value value_at(const Program& p, std::uint32_t v, const double* lo, const double* hi,
               const std::vector<std::string>& text) {
  if (lo[v] != hi[v]) return Value::unknown_value();
  switch (p.value_type[v]) {
    case QuestionType::boolean:
      return Value::of(lo[v] == 1);
    case QuestionType::integer:
    case QuestionType::number:
      return Value::of(lo[v]);
    case QuestionType::choice: {
      const Question* q = p.choice_domain[v];
      const auto i = std::size_t(lo[v]);
      return q && i < q->options.size() ? Value::choice(q->options[i].id) : Value{};
    }
    case QuestionType::text: {
      const std::uint32_t q = v - p.answer_base;
      return p.kind_of(v) == ValueKind::answer ? Value::text_value(text[q]) : Value{};
    }
  }
  return {};
}

/// Appends to result.evidence_ the answers behind value `root`'s current truth value: for a
/// true `or`, the true operands; for a false `and`, the false ones; for a count, the operands
/// it counted; otherwise every answer beneath. Iterative, with storage kept in the Result.
template <typename Add>
void walk(const Program& p, std::uint32_t root, const double* lo, const double* hi,
          std::vector<std::uint32_t>& stack, Add&& add, bool unknown_only) {
  stack.clear();
  stack.push_back(root);
  while (!stack.empty()) {
    const std::uint32_t v = stack.back();
    stack.pop_back();
    switch (p.kind_of(v)) {
      case ValueKind::constant:
        continue;
      case ValueKind::answer:
        add(v - p.answer_base);
        continue;
      case ValueKind::node:
        break;
    }
    const Node& n = p.node_of(v);
    const std::uint32_t* a = p.args.data() + n.first;
    auto push_if = [&](auto pred) {
      for (std::uint32_t k = n.count; k-- > 0;)
        if (pred(a[k])) stack.push_back(a[k]);
    };
    if (unknown_only) {  // why is it unknown: the operands that are unknown
      push_if([&](std::uint32_t c) { return lo[c] != hi[c]; });
      continue;
    }
    const bool t = is_true(lo[v], hi[v]), f = is_false(lo[v], hi[v]);
    switch (n.op) {
      case Op::and_:
        if (f)
          push_if([&](std::uint32_t c) { return is_false(lo[c], hi[c]); });
        else
          push_if([](std::uint32_t) { return true; });
        break;
      case Op::or_:
        if (t)
          push_if([&](std::uint32_t c) { return is_true(lo[c], hi[c]); });
        else
          push_if([](std::uint32_t) { return true; });
        break;
      case Op::answered:
        if (f)
          push_if([&](std::uint32_t c) { return lo[c] != hi[c]; });
        else
          push_if([](std::uint32_t) { return true; });
        break;
      case Op::add: {
        bool counting = true, any_true = false;
        for (std::uint32_t k = 0; k < n.count; ++k) {
          counting = counting && p.value_type[a[k]] == QuestionType::boolean;
          any_true = any_true || is_true(lo[a[k]], hi[a[k]]);
        }
        if (counting && any_true)
          push_if([&](std::uint32_t c) { return is_true(lo[c], hi[c]); });
        else if (counting)
          push_if([&](std::uint32_t c) { return lo[c] == hi[c]; });
        else
          push_if([](std::uint32_t) { return true; });
        break;
      }
      default:
        push_if([](std::uint32_t) { return true; });
    }
  }
}

}  // namespace

void Ruleset::evaluate(const Answers& answers, Result& r, const EvaluateOptions& options) const {
  const Program& p = *program_;
  if (!r.ruleset_ || r.ruleset_->program_ != program_) r.ruleset_.emplace(*this);
  r.level_ = p.default_level;
  r.explained_ = options.explain;
  r.fired_.clear();
  r.unresolved_.clear();
  r.not_fired_.clear();
  r.values_.clear();
  r.evidence_.clear();
  r.evidence_slot_.clear();
  r.missing_.clear();
  r.fired_end_.clear();
  r.unresolved_end_.clear();
  r.not_fired_end_.clear();
  r.errors_.clear();

  const std::size_t n = p.value_count();
  r.lo_.resize(n);
  r.hi_.resize(n);
  double* lo = r.lo_.data();
  double* hi = r.hi_.data();
  std::copy_n(p.initial_lo.data(), p.node_base, lo);
  std::copy_n(p.initial_hi.data(), p.node_base, hi);

  if (answers.ruleset_.program_ != program_) {
    r.errors_.push_back({"", "wrong-ruleset",
                         "the answers were bound to rule set '" +
                             std::string(answers.ruleset_.id()) + "', not '" + p.id + "'"});
  } else {
    std::copy(answers.lo_.begin(), answers.lo_.end(), lo + p.answer_base);
    std::copy(answers.hi_.begin(), answers.hi_.end(), hi + p.answer_base);
    if (!answers.errors_.empty()) r.errors_ = answers.errors_;
    r.text_.resize(p.questions.size());
    for (std::size_t q = 0; q < p.questions.size(); ++q)
      if (p.questions[q].type == QuestionType::text) r.text_[q] = answers.text_[q];
  }
  run(p, lo, hi);

  // The level: the highest among rules whose condition is true.
  const std::size_t rules = p.rules.size();
  for (std::size_t i = 0; i < rules; ++i) {
    const std::uint32_t c = p.rule_condition[i];
    if (is_true(lo[c], hi[c])) r.level_ = std::max(r.level_, p.rules[i].level);
  }

  if (r.stamp_.size() < p.questions.size()) r.stamp_.resize(p.questions.size());
  auto add_evidence = [&](std::uint32_t q) {
    if (r.stamp_[q] == r.walk_) return;
    r.stamp_[q] = r.walk_;
    r.evidence_.push_back({p.questions[q].id, value_at(p, p.answer_base + q, lo, hi, r.text_)});
    r.evidence_slot_.push_back(q);
  };
  auto add_missing = [&](std::uint32_t q) {
    if (r.stamp_[q] == r.walk_ || lo[p.answer_base + q] == hi[p.answer_base + q]) return;
    r.stamp_[q] = r.walk_;
    r.missing_.push_back(p.questions[q].id);
  };
  auto next_walk = [&] {
    if (++r.walk_ == 0) std::fill(r.stamp_.begin(), r.stamp_.end(), 0), r.walk_ = 1;
  };
  for (std::size_t i = 0; i < rules; ++i) {
    const Rule& rule = p.rules[i];
    const std::uint32_t c = p.rule_condition[i];
    next_walk();
    if (is_true(lo[c], hi[c])) {
      walk(p, c, lo, hi, r.stack_, add_evidence, false);
      r.fired_.push_back({&rule, {}});
      r.fired_end_.push_back(std::uint32_t(r.evidence_.size()));
    } else if (!is_false(lo[c], hi[c])) {
      if (rule.level <= r.level_) continue;
      walk(p, c, lo, hi, r.stack_, add_missing, true);
      r.unresolved_.push_back({&rule, {}});
      r.unresolved_end_.push_back(std::uint32_t(r.missing_.size()));
    } else if (options.explain && rule.level > r.level_) {
      walk(p, c, lo, hi, r.stack_, add_evidence, false);
      r.not_fired_.push_back({&rule, {}});
      r.not_fired_end_.push_back(std::uint32_t(r.evidence_.size()));
    }
  }
  for (std::size_t d = 0; d < p.derived.size(); ++d) {
    r.values_.push_back({p.derived[d].id, value_at(p, p.derived_value[d], lo, hi, r.text_)});
  }
  r.relink();
}

Result Ruleset::evaluate(const Answers& answers, const EvaluateOptions& options) const {
  Result r;
  evaluate(answers, r, options);
  return r;
}

void Result::relink() noexcept {
  // fired_ and not_fired_ share evidence_, in the order they were appended.
  std::uint32_t begin = 0;
  std::size_t f = 0, nf = 0;
  // Rebuild in append order: entries were appended rule by rule, so merge by end offset.
  while (f < fired_.size() || nf < not_fired_.size()) {
    const bool take_fired =
        nf == not_fired_.size() || (f < fired_.size() && fired_end_[f] <= not_fired_end_[nf]);
    auto& span = take_fired ? fired_[f].answers : not_fired_[nf].answers;
    const std::uint32_t end = take_fired ? fired_end_[f++] : not_fired_end_[nf++];
    span = {evidence_.data() + begin, end - begin};
    begin = end;
  }
  begin = 0;
  for (std::size_t i = 0; i < unresolved_.size(); ++i) {
    unresolved_[i].missing = {missing_.data() + begin, unresolved_end_[i] - begin};
    begin = unresolved_end_[i];
  }
  // Text evidence points into this Result's own copy of the answers.
  for (std::size_t i = 0; i < evidence_.size(); ++i) {
    if (evidence_[i].value.kind == Value::Kind::text)
      evidence_[i].value.text = text_[evidence_slot_[i]];
  }
}

Result::Result(const Result& other)
    : ruleset_(other.ruleset_),
      level_(other.level_),
      explained_(other.explained_),
      lo_(other.lo_),
      hi_(other.hi_),
      text_(other.text_),
      fired_(other.fired_),
      unresolved_(other.unresolved_),
      not_fired_(other.not_fired_),
      values_(other.values_),
      evidence_(other.evidence_),
      missing_(other.missing_),
      evidence_slot_(other.evidence_slot_),
      fired_end_(other.fired_end_),
      unresolved_end_(other.unresolved_end_),
      not_fired_end_(other.not_fired_end_),
      errors_(other.errors_) {
  relink();
  for (auto& v : values_)
    if (v.value.kind == Value::Kind::text) v.value = Value{};  // derived values are never text
}

Result& Result::operator=(const Result& other) {
  if (this != &other) *this = Result(other);
  return *this;
}

const Level* Result::level() const noexcept {
  return ok() ? &ruleset_->levels()[level_] : nullptr;
}

}  // namespace v1
}  // namespace redflag
