// redflag evaluator: runs a Program over bound answers (see program.hpp for the value model).
#include <algorithm>
#include <cmath>
#include <thread>

#include "eval/interval.hpp"
#include "eval/kernel.hpp"
#include "eval/program.hpp"
#include "redflag/answers.hpp"
#include "redflag/result.hpp"

namespace redflag {
inline namespace v1 {
namespace {

using detail::Node;
using detail::Op;
using detail::Program;
using detail::ValueKind;

constexpr bool is_true(const Interval& v) {
  return v.lo == 1;
}
constexpr bool is_false(const Interval& v) {
  return v.hi == 0;
}

/// The Value of value index `v` as a caller sees it.
Value value_at(const Program& p, std::uint32_t v, const Interval* values,
               const std::vector<std::string>& text) {
  const Interval& x = values[v];
  if (!x.known()) return Value::unknown_value();
  switch (p.value_type[v]) {
    case QuestionType::boolean:
      return Value::of(x.lo == 1);
    case QuestionType::integer:
    case QuestionType::number:
      return Value::of(x.lo);
    case QuestionType::choice: {
      const Question* q = p.choice_domain[v];
      const auto i = std::size_t(x.lo);
      return q && i < q->options.size() ? Value::choice(q->options[i].id) : Value{};
    }
    case QuestionType::text:
      return p.kind_of(v) == ValueKind::answer ? Value::text_value(text[v - p.answer_base])
                                               : Value{};
  }
  return {};
}

/// Depth first over the operands beneath value `root`: answers go to `visit(question)`; for each
/// operator node, `expand(node, mode, push)` chooses the operands to follow, each pushed with a
/// mode (the top two bits of the stack entry; value indices are below 2^30, see check.cpp).
/// Constants are never pushed (nothing is beneath them). Iterative, with the stack kept by the
/// caller: `stack` has room for p.args.size() + 1 entries, enough because the entries waiting
/// at any time are operands of the distinct nodes on one path.
constexpr std::uint32_t mode_mask = 3u << 30;

template <typename Visit, typename Expand>
void traverse(const Program& p, std::uint32_t root, std::uint32_t* stack, Visit&& visit,
              Expand&& expand) {
  std::uint32_t* top = stack;
  *top++ = root;
  while (top != stack) {
    const std::uint32_t entry = *--top;
    const std::uint32_t x = entry & ~mode_mask;
    if (x < p.node_base) {
      if (x >= p.answer_base) visit(x - p.answer_base);
      continue;
    }
    const Node& n = p.node_of(x);
    const std::uint32_t* a = p.args.data() + n.first;
    auto push = [&](std::uint32_t child_mode, auto pred) {
      for (std::uint32_t k = n.count; k-- > 0;)
        if (a[k] >= p.answer_base && pred(a[k])) *top++ = a[k] | child_mode;
    };
    expand(x, n, entry & mode_mask, push);
  }
}

/// Visits the answers behind value `root`'s current value: for a true `or`, its true operands;
/// for a false `and`, its false ones; for a count, the operands it counted; otherwise every
/// answer beneath.
template <typename Visit>
void walk(const Program& p, std::uint32_t root, const Interval* v, std::uint32_t* stack,
          Visit&& visit) {
  traverse(p, root, stack, visit, [&](std::uint32_t x, const Node& n, std::uint32_t, auto&& push) {
    const std::uint32_t* a = p.args.data() + n.first;
    const auto all = [](std::uint32_t) { return true; };
    const auto true_ones = [&](std::uint32_t c) { return is_true(v[c]); };
    const auto false_ones = [&](std::uint32_t c) { return is_false(v[c]); };
    switch (n.op) {
      case Op::and_:
      case Op::and2:
        is_false(v[x]) ? push(0, false_ones) : push(0, all);
        break;
      case Op::or_:
      case Op::or2:
        is_true(v[x]) ? push(0, true_ones) : push(0, all);
        break;
      case Op::answered:
        if (is_false(v[x]))
          push(0, [&](std::uint32_t c) { return !v[c].known(); });
        else
          push(0, all);
        break;
      case Op::add: {
        // count(...) adds truth values; `+` adds numbers (never truth values: type checked).
        const bool counting = n.count > 0 && p.value_type[a[0]] == QuestionType::boolean;
        bool any_true = false;
        for (std::uint32_t k = 0; counting && !any_true && k < n.count; ++k)
          any_true = is_true(v[a[k]]);
        if (counting && any_true)
          push(0, true_ones);
        else if (counting)
          push(0, [&](std::uint32_t c) { return v[c].known(); });
        else
          push(0, all);
        break;
      }
      default:
        push(0, all);
    }
  });
}

/// Visits the unanswered questions that could make value `root` true: through `and` and `or`,
/// the operands not true yet; through `not`, those that could make its operand false; through
/// `answered(...)`, its unanswered questions; beneath anything numeric, every unanswered
/// question. So in `fever or (answered(t) and t >= 38)` with both unanswered, answering `t`
/// is listed as well as `fever`.
template <typename Visit>
void walk_missing(const Program& p, std::uint32_t root, const Interval* v, std::uint32_t* stack,
                  Visit&& visit) {
  constexpr std::uint32_t want_true = 0, want_false = 1u << 30, everything = 2u << 30;
  traverse(
      p, root, stack, visit, [&](std::uint32_t x, const Node& n, std::uint32_t mode, auto&& push) {
        const auto all = [](std::uint32_t) { return true; };
        if (mode == everything) return push(everything, all);
        const bool want = mode == want_true;
        if (want ? is_true(v[x]) : is_false(v[x])) return;  // already there
        switch (n.op) {
          case Op::and_:
          case Op::and2:
          case Op::or_:
          case Op::or2:
            push(mode, [&](std::uint32_t c) { return want ? !is_true(v[c]) : !is_false(v[c]); });
            break;
          case Op::not_:
            push(want ? want_false : want_true, all);
            break;
          case Op::answered:
            if (want) push(everything, [&](std::uint32_t c) { return !v[c].known(); });
            break;
          default:
            push(everything, all);
        }
      });
}

}  // namespace

void Ruleset::evaluate(const Answers& answers, Result& r, const EvaluateOptions& options) const {
  const Program& p = *program_;
  if (!r.ruleset_ || r.ruleset_->program_ != program_) {
    // (Re)bound to this rule set: size the buffers and copy the constants, once.
    r.ruleset_.emplace(*this);
    r.trace_.assign(p.initial.begin(), p.initial.end());
    r.text_.assign(p.questions.size(), std::string());
    r.stamp_.assign(p.questions.size(), 0);
    r.stack_.assign(p.args.size() + 1, 0);
    r.look_.assign(p.rules.size(), 0);
    r.walk_ = 0;
  }
  r.level_ = p.default_level;
  r.explained_ = options.explain;
  r.values_.state.store(0, std::memory_order_relaxed);
  r.fired_.clear();
  r.unresolved_.clear();
  r.not_fired_.clear();
  r.evidence_.clear();
  r.evidence_slot_.clear();
  r.missing_.clear();
  r.fired_range_.clear();
  r.unresolved_range_.clear();
  r.not_fired_range_.clear();
  r.errors_.clear();

  Interval* v = r.trace_.data();
  if (answers.ruleset_.program_ != program_) {
    r.errors_.push_back({"", "wrong-ruleset",
                         "the answers were bound to rule set '" +
                             std::string(answers.ruleset_.id()) + "', not '" + p.id + "'"});
    std::copy(p.initial.begin() + p.answer_base, p.initial.begin() + p.node_base,
              v + p.answer_base);
  } else {
    std::copy(answers.values_.begin(), answers.values_.end(), v + p.answer_base);
    if (!answers.errors_.empty()) r.errors_ = answers.errors_;
    for (const auto q : p.text_questions)
      r.text_[q] = answers.text_[q];
  }
  detail::run(p, v);

  // The level: the highest among rules whose condition is true. A rule that did not fire needs
  // a second look only when it is unknown and above the result (it is unresolved), or, for
  // explain, false and above the result.
  const std::size_t rules = p.rules.size();
  const std::uint32_t* cond = p.rule_condition.data();
  const std::size_t* level = p.rule_level.data();
  // First pass: the level, and the rules that may need a second look (all but the false ones,
  // unless explaining).
  std::uint32_t* look = r.look_.data();
  std::uint32_t* look_end = look;
  std::size_t fired = 0, open = 0, highest_false = 0;  // open: 1 + the highest unknown rule's
  for (std::size_t i = 0; i < rules; ++i) {
    const Interval& c = v[cond[i]];
    if (is_true(c)) {
      ++fired;
      r.level_ = std::max(r.level_, level[i]);
      *look_end++ = std::uint32_t(i);
    } else if (!is_false(c)) {
      open = std::max(open, level[i] + 1);
      *look_end++ = std::uint32_t(i);
    } else {
      highest_false = std::max(highest_false, level[i]);
      if (options.explain) *look_end++ = std::uint32_t(i);
    }
  }
  if (fired == 0 && open <= r.level_ + 1 && !(options.explain && highest_false > r.level_)) {
    r.relink();
    return;
  }

  auto next_walk = [&] {
    if (++r.walk_ == 0) std::fill(r.stamp_.begin(), r.stamp_.end(), 0), r.walk_ = 1;
  };
  auto add_evidence = [&](std::uint32_t q) {
    if (r.stamp_[q] == r.walk_) return;
    r.stamp_[q] = r.walk_;
    r.evidence_.push_back({p.questions[q].id, value_at(p, p.answer_base + q, v, r.text_)});
    r.evidence_slot_.push_back(q);
  };
  auto add_missing = [&](std::uint32_t q) {
    if (r.stamp_[q] == r.walk_ || v[p.answer_base + q].known()) return;
    r.stamp_[q] = r.walk_;
    r.missing_.push_back(p.questions[q].id);
  };
  // Second pass, in rule order: evidence of the fired rules, what the unresolved ones miss.
  for (; look != look_end; ++look) {
    const std::uint32_t i = *look;
    const Interval& c = v[cond[i]];
    const auto evidence_begin = std::uint32_t(r.evidence_.size());
    if (is_true(c)) {
      if (options.evidence) next_walk(), walk(p, cond[i], v, r.stack_.data(), add_evidence);
      r.fired_.push_back({&p.rules[i], {}});
      r.fired_range_.emplace_back(evidence_begin, std::uint32_t(r.evidence_.size()));
    } else if (level[i] <= r.level_) {
      continue;  // cannot change the result: neither unresolved nor worth explaining
    } else if (!is_false(c)) {
      const auto missing_begin = std::uint32_t(r.missing_.size());
      if (options.evidence) next_walk(), walk_missing(p, cond[i], v, r.stack_.data(), add_missing);
      r.unresolved_.push_back({&p.rules[i], {}});
      r.unresolved_range_.emplace_back(missing_begin, std::uint32_t(r.missing_.size()));
    } else if (options.explain) {
      if (options.evidence) next_walk(), walk(p, cond[i], v, r.stack_.data(), add_evidence);
      r.not_fired_.push_back({&p.rules[i], {}});
      r.not_fired_range_.emplace_back(evidence_begin, std::uint32_t(r.evidence_.size()));
    }
  }
  r.relink();
}

Result Ruleset::evaluate(const Answers& answers, const EvaluateOptions& options) const {
  Result r;
  evaluate(answers, r, options);
  return r;
}

std::span<const NamedValue> Result::values() const {
  auto& lazy = values_;
  if (lazy.state.load(std::memory_order_acquire) != 2) {
    std::uint8_t expected = 0;
    if (lazy.state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) {
      lazy.values.clear();
      if (ruleset_) {
        const Program& p = ruleset_->program();
        lazy.values.resize(p.derived.size());
        for (std::size_t d = 0; d < lazy.values.size(); ++d)
          lazy.values[d] = {p.derived[d].id, value_at(p, p.derived_value[d], trace_.data(), text_)};
      }
      lazy.state.store(2, std::memory_order_release);
    } else {
      while (lazy.state.load(std::memory_order_acquire) != 2)
        std::this_thread::yield();
    }
  }
  return lazy.values;
}

void Result::relink() noexcept {
  for (std::size_t i = 0; i < fired_.size(); ++i) {
    const auto [begin, end] = fired_range_[i];
    fired_[i].answers = {evidence_.data() + begin, end - begin};
  }
  for (std::size_t i = 0; i < not_fired_.size(); ++i) {
    const auto [begin, end] = not_fired_range_[i];
    not_fired_[i].answers = {evidence_.data() + begin, end - begin};
  }
  for (std::size_t i = 0; i < unresolved_.size(); ++i) {
    const auto [begin, end] = unresolved_range_[i];
    unresolved_[i].missing = {missing_.data() + begin, end - begin};
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
      trace_(other.trace_),
      text_(other.text_),
      fired_(other.fired_),
      unresolved_(other.unresolved_),
      not_fired_(other.not_fired_),
      evidence_(other.evidence_),
      missing_(other.missing_),
      evidence_slot_(other.evidence_slot_),
      fired_range_(other.fired_range_),
      unresolved_range_(other.unresolved_range_),
      not_fired_range_(other.not_fired_range_),
      stack_(other.stack_),
      stamp_(other.stamp_),
      look_(other.look_),
      walk_(other.walk_),
      errors_(other.errors_) {
  relink();  // values_ are recomputed on demand
}

Result& Result::operator=(const Result& other) {
  if (this != &other) *this = Result(other);
  return *this;
}

const Level* Result::level() const noexcept {
  return ok() ? &ruleset_->levels()[level_] : nullptr;
}

namespace detail {

#if defined(__GNUC__)
#define REDFLAG_UNREACHABLE() __builtin_unreachable()
#else
#define REDFLAG_UNREACHABLE() ((void)0)
#endif

void interpret(const Program& p, Interval* v) {
  using namespace interval;
  const std::uint32_t* args = p.args.data();
  Interval* out = v + p.node_base;
  const Node* nodes = p.nodes.data();
  const std::size_t n = p.nodes.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Node& node = nodes[i];
    const Pair a = load(v[node.a]);
    // The variadic operators fold their operands left to right, as the kernels do.
    const std::uint32_t *rest = args + node.first + 1, *end = args + node.first + node.count;
    Pair r;
    switch (node.op) {
      case Op::and2:
        r = min(a, load(v[node.b]));
        break;
      case Op::or2:
        r = max(a, load(v[node.b]));
        break;
      case Op::and_:
      case Op::min:
        for (r = a; rest < end; ++rest)
          r = min(r, load(v[*rest]));
        break;
      case Op::or_:
      case Op::max:
        for (r = a; rest < end; ++rest)
          r = max(r, load(v[*rest]));
        break;
      case Op::add:
        for (r = a; rest < end; ++rest)
          r = add(r, load(v[*rest]));
        break;
      case Op::not_:
        r = op_not(a);
        break;
      case Op::sub:
        r = op_sub(a, load(v[node.b]));
        break;
      case Op::neg:
        r = op_neg(a);
        break;
      case Op::mul:
        r = op_mul(a, load(v[node.b]));
        break;
      case Op::div:
        r = op_div(a, load(v[node.b]));
        break;
      case Op::eq:
        r = op_eq(a, load(v[node.b]));
        break;
      case Op::ne:
        r = op_ne(a, load(v[node.b]));
        break;
      case Op::lt:
        r = op_lt(a, load(v[node.b]));
        break;
      case Op::le:
        r = op_le(a, load(v[node.b]));
        break;
      case Op::gt:
        r = op_gt(a, load(v[node.b]));
        break;
      case Op::ge:
        r = op_ge(a, load(v[node.b]));
        break;
      case Op::in:
        r = op_in(a, node.mask);
        break;
      case Op::answered: {
        bool known = true;
        for (const std::uint32_t* k = args + node.first; k < end; ++k)
          known = known && v[*k].known();
        r = op_answered(known);
        break;
      }
      default:
        REDFLAG_UNREACHABLE();
    }
    store(out[i], r);
  }
}

}  // namespace detail

}  // namespace v1
}  // namespace redflag
