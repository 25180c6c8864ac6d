// redflag evaluator: runs a Program over bound answers (see program.hpp for the value model).
#include <algorithm>
#include <bit>
#include <cmath>

#include "eval/evaluate.hpp"

#include "answers_impl.hpp"
#include "eval/interval.hpp"
#include "eval/kernel.hpp"
#include "eval/program.hpp"
#include "eval/walk.hpp"
#include "result_impl.hpp"

namespace redflag {
inline namespace v1 {
namespace {

using detail::Interval;
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

namespace detail {

void evaluate(const Program& p, const Answers::Impl& answers, Result::Impl& r,
              const EvaluateOptions& options) {
  const std::size_t rules = p.rules.size(), words = (rules + 31) / 32;
  r.level = p.default_level;
  r.explained = options.explain;
  r.values_state.store(0, std::memory_order_relaxed);
  r.fired.clear();
  r.unresolved.clear();
  r.not_fired.clear();
  r.errors.clear();

  Interval* v = r.trace.data();
  if (&answers.program() != &p) {
    r.errors.push_back(wrong_ruleset(answers.ruleset(), p));
    std::copy(p.initial.begin() + p.answer_base, p.initial.begin() + p.node_base,
              v + p.answer_base);
  } else {
    std::copy_n(answers.values(), p.questions.size(), v + p.answer_base);
    if (!answers.errors().empty()) assign(r.errors, answers.errors());
    for (const auto q : p.text_questions) {
      if (!r.text[q].empty() || !answers.text()[q].empty()) assign(r.text[q], answers.text()[q]);
    }
  }
  if (p.kernel)
    p.kernel->run(v);
  else
    interpret(p, v);

  std::uint64_t* state = r.rule_state.data();
  if (p.kernel)
    p.kernel->rules(v, state);
  else
    rule_states(p, v, state);
  const std::size_t* level = p.rule_level.data();

  // The rationale, in rule order: the evidence of each true rule; with explain, why each false
  // rule above the level is false; what each unresolved rule (unknown, above the level) misses.
  // The walks (walk.hpp) write them into r.evidence and r.missing, which the spans view.
  Walker w{p,
           v,
           r.text.data(),
           r.stack.data(),
           r.stamp.data(),
           r.walk,
           r.evidence.data(),
           r.missing.data()};
  const auto evidence = [&](std::size_t i) {
    const Evidence* begin = w.evidence;
    if (options.evidence) walk_evidence(std::uint32_t(i), w);
    return std::span<const Evidence>(begin, w.evidence);
  };
  for_each_rule(state, words, true_rules, [&](std::size_t i) {
    r.level = std::max(r.level, level[i]);  // the level: the highest among the true rules
    r.fired.push_back({&p.rules[i], evidence(i)});
  });
  for (std::size_t i = 0; options.explain && i < rules; ++i) {
    if (is_false(v[p.rule_condition[i]]) && level[i] > r.level)
      r.not_fired.push_back({&p.rules[i], evidence(i)});
  }
  for_each_rule(state, words, unknown_rules, [&](std::size_t i) {
    if (level[i] <= r.level) return;
    const std::string_view* begin = w.missing;
    if (options.evidence) walk_missing(std::uint32_t(i), w);
    r.unresolved.push_back({&p.rules[i], {begin, w.missing}});
  });
}

#if defined(__GNUC__)
#define REDFLAG_UNREACHABLE() __builtin_unreachable()
#else
#define REDFLAG_UNREACHABLE() ((void)0)
#endif

void interpret(const Program& p, Interval* v) {
  using namespace interval;
  const std::uint32_t* args = p.args.data();
  Interval* out = v + p.node_base;
  for (const Node& node : p.nodes) {
    // The variadic operators fold their operands args[first, first + count) left to right.
    const auto fold = [&](auto f) {
      const std::uint32_t* k = args + node.first;
      const std::uint32_t* const end = k + node.count;
      Pair r = load(v[*k]);
      while (++k != end)
        r = f(r, load(v[*k]));
      return r;
    };
    const auto a = [&] { return load(v[node.a]); };
    const auto b = [&] { return load(v[node.b]); };
    Pair r;
    switch (node.op) {
      case Op::and2:
        r = min(a(), b());
        break;
      case Op::or2:
        r = max(a(), b());
        break;
      case Op::and_:
      case Op::min:
        r = fold([](Pair x, Pair y) { return min(x, y); });
        break;
      case Op::or_:
      case Op::max:
        r = fold([](Pair x, Pair y) { return max(x, y); });
        break;
      case Op::add:
        r = fold([](Pair x, Pair y) { return add(x, y); });
        break;
      case Op::not_:
        r = op_not(a());
        break;
      case Op::sub:
        r = op_sub(a(), b());
        break;
      case Op::neg:
        r = op_neg(a());
        break;
      case Op::mul:
        r = op_mul(a(), b());
        break;
      case Op::div:
        r = op_div(a(), b());
        break;
      case Op::eq:
        r = op_eq(a(), b());
        break;
      case Op::ne:
        r = op_ne(a(), b());
        break;
      case Op::lt:
        r = op_lt(a(), b());
        break;
      case Op::le:
        r = op_le(a(), b());
        break;
      case Op::gt:
        r = op_gt(a(), b());
        break;
      case Op::ge:
        r = op_ge(a(), b());
        break;
      case Op::in:
        r = op_in(a(), node.mask);
        break;
      case Op::answered: {
        bool known = true;
        for (std::uint32_t k = 0; k < node.count; ++k)
          known = known && v[args[node.first + k]].known();
        r = op_answered(known);
        break;
      }
      default:
        REDFLAG_UNREACHABLE();
    }
    store(*out++, r);
  }
}

void rule_states(const Program& p, const Interval* v, std::uint64_t* state) {
  // Two bits per rule, 32 rules to a word, each word built in a register.
  const std::uint32_t* condition = p.rule_condition.data();
  const std::size_t rules = p.rules.size();
  for (std::size_t first = 0; first < rules; first += 32) {
    std::uint64_t word = 0;
    const std::size_t n = std::min<std::size_t>(32, rules - first);
    for (std::size_t i = 0; i < n; ++i)
      word |= std::uint64_t(interval::truth_bits(v[condition[first + i]])) << 2 * i;
    *state++ = word;
  }
}
}  // namespace detail

}  // namespace v1
}  // namespace redflag
