// redflag: the rationale walks (walk.hpp).
#include "eval/walk.hpp"

#include <vector>

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

/// Depth first over the operands beneath value `root`: answers go to `visit(question)`; for each
/// operator node, `expand(node, mode, push)` chooses the operands to follow, each pushed with a
/// mode (the top two bits of the stack entry; value indices are below 2^30, see check.cpp).
/// Constants are never pushed (nothing is beneath them). Iterative, on w.stack, which is big
/// enough because the entries waiting at any time are operands of the distinct nodes on one path.
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

}  // namespace

std::size_t walk_capacity(const Program& p) {
  std::size_t total = 0;
  std::vector<std::uint32_t> stack(p.args.size() + 1), stamp(p.questions.size());
  std::uint32_t walk = 0;
  for (std::size_t rule = 0; rule < p.rules.size(); ++rule) {
    ++walk;
    traverse(
        p, p.rule_condition[rule], stack.data(),
        [&](std::uint32_t q) {
          if (stamp[q] != walk) stamp[q] = walk, ++total;
        },
        [](std::uint32_t, const Node&, std::uint32_t, auto&& push) {
          push(0, [](std::uint32_t) { return true; });
        });
  }
  return total;
}

void walk_evidence(std::uint32_t rule, Walker& w) {
  w.next();
  const Program& p = w.p;
  const Interval* v = w.v;
  const auto visit = [&](std::uint32_t q) { w.add(q); };
  traverse(p, p.rule_condition[rule], w.stack, visit,
           [&](std::uint32_t x, const Node& n, std::uint32_t, auto&& push) {
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
               case Op::add:
                 if (p.is_count(n)) {
                   bool any_true = false;
                   for (std::uint32_t k = 0; !any_true && k < n.count; ++k)
                     any_true = is_true(v[a[k]]);
                   if (any_true)
                     push(0, true_ones);
                   else
                     push(0, [&](std::uint32_t c) { return v[c].known(); });
                 } else {
                   push(0, all);
                 }
                 break;
               default:
                 push(0, all);
             }
           });
}

void walk_missing(std::uint32_t rule, Walker& w) {
  w.next();
  const Program& p = w.p;
  const Interval* v = w.v;
  constexpr std::uint32_t want_true = 0, want_false = 1u << 30, everything = 2u << 30;
  const auto visit = [&](std::uint32_t q) { w.add_if_unanswered(q); };
  traverse(p, p.rule_condition[rule], w.stack, visit,
           [&](std::uint32_t x, const Node& n, std::uint32_t mode, auto&& push) {
             const auto all = [](std::uint32_t) { return true; };
             if (mode == everything) return push(everything, all);
             const bool want = mode == want_true;
             const bool truth = p.value_type[x] == QuestionType::boolean;
             if (truth && (want ? is_true(v[x]) : is_false(v[x]))) return;  // already there
             const auto not_there = [&](std::uint32_t c) {
               return want ? !is_true(v[c]) : !is_false(v[c]);
             };
             switch (n.op) {
               case Op::and_:
               case Op::and2:
               case Op::or_:
               case Op::or2:
                 push(mode, not_there);
                 break;
               case Op::add:  // a count reached from a comparison below: like `or`
                 p.is_count(n) ? push(mode, not_there) : push(everything, all);
                 break;
               case Op::ge:
               case Op::gt:
               case Op::le:
               case Op::lt:
                 // `count(...) >= k` (or `>`) becomes true as operands become true, `<=` (or
                 // `<`) as they become false; any other comparison may need anything beneath.
                 if (n.a >= p.node_base && n.b < p.answer_base && p.is_count(p.node_of(n.a))) {
                   const bool up = n.op == Op::ge || n.op == Op::gt;
                   push(want == up ? want_true : want_false,
                        [&](std::uint32_t c) { return c == n.a; });
                 } else {
                   push(everything, all);
                 }
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

}  // namespace detail
}  // namespace v1
}  // namespace redflag
