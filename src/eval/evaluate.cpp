// redflag evaluator: runs a Program over bound answers (see program.hpp for the value model).
#include <algorithm>
#include <bit>
#include <cmath>
#include <thread>

#include "eval/interval.hpp"
#include "eval/kernel.hpp"
#include "eval/program.hpp"
#include "eval/walk.hpp"
#include "redflag/answers.hpp"
#include "redflag/result.hpp"

namespace redflag {
inline namespace v1 {
namespace {

using detail::Program;

// Rule states, two bits per rule (detail::rule_states): which rules a word's bits select.
constexpr std::uint64_t low_bits = 0x5555555555555555u;
constexpr auto true_rules = [](std::uint64_t state) { return state & low_bits; };
constexpr auto unknown_rules = [](std::uint64_t state) { return state >> 1 & ~state & low_bits; };

/// Calls f(i) for each rule i that `select` picks from the state words [0, n), in rule order.
template <typename Select, typename F>
void for_each_rule(const std::uint64_t* state, std::size_t n, Select select, F&& f) {
  for (std::size_t k = 0; k < n; ++k)
    for (std::uint64_t bits = select(state[k]); bits; bits &= bits - 1)
      f(32 * k + std::size_t(std::countr_zero(bits)) / 2);
}

/// `to = from`, out of line: for what evaluate() rarely copies (errors, text answers), whose
/// inlined copy loops would take registers from the rest of it.
template <typename T>
[[gnu::noinline]] void assign(T& to, const T& from) {
  to = from;
}

/// The error of answers bound to another rule set (out of line, as assign()).
[[gnu::noinline]] AnswerError wrong_ruleset(const Ruleset& bound, const Program& p) {
  return {
      "", "wrong-ruleset",
      "the answers were bound to rule set '" + std::string(bound.id()) + "', not '" + p.id + "'"};
}

}  // namespace

void Result::bind(const Ruleset& rules) {
  // Sized once per rule set, with the constants copied. The walks report at most walk_capacity
  // questions, so evidence_ and missing_ never grow and the spans into them stay valid; no list
  // of rules grows either.
  const Program& p = rules.program();
  ruleset_.emplace(rules);
  trace_.assign(p.initial.begin(), p.initial.end());
  text_.assign(p.questions.size(), std::string());
  stamp_.assign(p.questions.size(), 0);
  stack_.assign(p.args.size() + 1, 0);
  rule_state_.assign((p.rules.size() + 31) / 32, 0);
  evidence_.assign(p.walk_capacity, {});
  missing_.assign(p.walk_capacity, {});
  fired_.reserve(p.rules.size());
  unresolved_.reserve(p.rules.size());
  not_fired_.reserve(p.rules.size());
  walk_ = 0;
}

void Ruleset::evaluate(const Answers& answers, Result& r, const EvaluateOptions& options) const {
  const Program& p = *program_;
  const std::size_t rules = p.rules.size(), words = (rules + 31) / 32;
  if (!r.ruleset_ || r.ruleset_->program_ != program_) r.bind(*this);
  r.level_ = p.default_level;
  r.explained_ = options.explain;
  r.values_.state.store(0, std::memory_order_relaxed);
  r.fired_.clear();
  r.unresolved_.clear();
  r.not_fired_.clear();
  r.errors_.clear();

  Interval* v = r.trace_.data();
  if (answers.ruleset_.program_ != program_) {
    r.errors_.push_back(wrong_ruleset(answers.ruleset_, p));
    std::copy(p.initial.begin() + p.answer_base, p.initial.begin() + p.node_base,
              v + p.answer_base);
  } else {
    std::copy(answers.values_.begin(), answers.values_.end(), v + p.answer_base);
    if (!answers.errors_.empty()) assign(r.errors_, answers.errors_);
    for (const auto q : p.text_questions) {
      if (!r.text_[q].empty() || !answers.text_[q].empty()) assign(r.text_[q], answers.text_[q]);
    }
  }
  detail::run(p, v);

  std::uint64_t* state = r.rule_state_.data();
  detail::rule_states(p, v, state);
  const std::size_t* level = p.rule_level.data();

  // The rationale, in rule order: the evidence of each true rule; with explain, why each false
  // rule above the level is false; what each unresolved rule (unknown, above the level) misses.
  // The walks (walk.hpp) write them into evidence_ and missing_, which the spans view.
  detail::Walker w{p,
                   v,
                   r.text_.data(),
                   r.stack_.data(),
                   r.stamp_.data(),
                   r.walk_,
                   r.evidence_.data(),
                   r.missing_.data()};
  const auto evidence = [&](std::size_t i) {
    const Evidence* begin = w.evidence;
    if (options.evidence) detail::walk_evidence(std::uint32_t(i), w);
    return std::span<const Evidence>(begin, w.evidence);
  };
  for_each_rule(state, words, true_rules, [&](std::size_t i) {
    r.level_ = std::max(r.level_, level[i]);  // the level: the highest among the true rules
    r.fired_.push_back({&p.rules[i], evidence(i)});
  });
  for (std::size_t i = 0; options.explain && i < rules; ++i) {
    if (detail::is_false(v[p.rule_condition[i]]) && level[i] > r.level_)
      r.not_fired_.push_back({&p.rules[i], evidence(i)});
  }
  for_each_rule(state, words, unknown_rules, [&](std::size_t i) {
    if (level[i] <= r.level_) return;
    const std::string_view* begin = w.missing;
    if (options.evidence) detail::walk_missing(std::uint32_t(i), w);
    r.unresolved_.push_back({&p.rules[i], {begin, w.missing}});
  });
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
          lazy.values[d] = {p.derived[d].id,
                            detail::value_at(p, p.derived_value[d], trace_.data(), text_.data())};
      }
      lazy.state.store(2, std::memory_order_release);
    } else {
      while (lazy.state.load(std::memory_order_acquire) != 2)
        std::this_thread::yield();
    }
  }
  return lazy.values;
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
      stack_(other.stack_),
      stamp_(other.stamp_),
      rule_state_(other.rule_state_),
      walk_(other.walk_),
      errors_(other.errors_) {
  // The spans point at the same places in this Result's own evidence_ and missing_, and text
  // evidence into its own copy of the answers. values_ are recomputed on demand.
  const auto rebase = [](auto span, const auto& from, const auto& to) {
    return decltype(span)(to.data() + (span.data() - from.data()), span.size());
  };
  for (auto& f : fired_)
    f.answers = rebase(f.answers, other.evidence_, evidence_);
  for (auto& f : not_fired_)
    f.answers = rebase(f.answers, other.evidence_, evidence_);
  for (auto& u : unresolved_)
    u.missing = rebase(u.missing, other.missing_, missing_);
  for (Evidence& e : evidence_) {
    if (e.value.kind == Value::Kind::text)
      e.value.text = text_[ruleset_->program().question_index.find(e.question)->second];
  }
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

void interpret_rules(const Program& p, const Interval* v, std::uint64_t* state) {
  std::fill_n(state, (p.rules.size() + 31) / 32, 0);
  for (std::size_t i = 0; i < p.rules.size(); ++i)
    state[i / 32] |= std::uint64_t(interval::truth_bits(v[p.rule_condition[i]])) << 2 * (i % 32);
}

}  // namespace detail

}  // namespace v1
}  // namespace redflag
