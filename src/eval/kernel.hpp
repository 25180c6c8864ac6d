// redflag: kernels, one rule set's evaluation compiled ahead of time to straight-line C++ (no
// dispatch, every operand at a fixed offset): the node pass, the rule states and each rule's
// rationale walks (walk.hpp). The bundled rule sets ship with theirs in src/eval/kernels/, written
// by `redflag_kernelgen` and checked by tests/unit/kernel_test.cpp to be current.
//
// A kernel is used for a loaded program only when the program has exactly the shape the kernel
// was generated from (the layout of values, every node's operator, operands and option mask, each
// rule's condition, every value's type). Constants are read from the value array, so changing a
// parameter's value keeps the kernel; any other change to a rule file makes the evaluator
// interpret the program instead, with the same result.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "eval/program.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

struct Walker;

/// On x86-64 with GCC and glibc, a kernel's node pass and rule states are built three times: for
/// AVX (three-operand instructions with unaligned memory operands: about 15 % fewer
/// instructions), for x86-64-v4 (AVX-512: 32 registers, so fewer spills to the stack; about 3 %
/// faster than AVX), and for the baseline SSE2; the loader picks one for the CPU (an ifunc). All
/// are the same source and compute the same bits; tests/unit/kernel_test.cpp checks the one this
/// CPU runs.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__GLIBC__)
#define REDFLAG_KERNEL_CLONES [[gnu::target_clones("arch=x86-64-v4", "avx", "default")]]
#else
#define REDFLAG_KERNEL_CLONES
#endif

struct Kernel {
  std::string_view ruleset;    // the rule set it was generated for (for messages)
  const std::uint32_t* shape;  // kernel_shape() of that program
  std::size_t shape_size;
  void (*run)(Interval* values);  // what interpret() computes, for that shape
  void (*rules)(const Interval* values, std::uint64_t* state);  // what rule_states() computes
  // What interpret_evidence() and interpret_missing() report (walk.hpp), for that shape.
  void (*evidence)(std::uint32_t rule, Walker& w);
  void (*missing)(std::uint32_t rule, Walker& w);
};

/// Computes every node's interval, children first, by interpreting `p.nodes`: one pass, no
/// recursion, no string lookups, no allocation. `values` holds constants and answers on entry.
void interpret(const Program& p, Interval* values);

/// Computes every node's interval with p's kernel, or by interpreting when it has none.
inline void run(const Program& p, Interval* values) {
  if (p.kernel)
    p.kernel->run(values);
  else
    interpret(p, values);
}

/// Writes the state of every rule's condition in two bits (interval.hpp, truth_bits): rule i in
/// bits 2i % 64 and 2i % 64 + 1 of state[i / 32], which has (rules + 31) / 32 words.
void interpret_rules(const Program& p, const Interval* values, std::uint64_t* state);

/// interpret_rules() with p's kernel, or interpreted when it has none.
inline void rule_states(const Program& p, const Interval* values, std::uint64_t* state) {
  if (p.kernel)
    p.kernel->rules(values, state);
  else
    interpret_rules(p, values, state);
}

/// What a kernel depends on: node_base, the node count, then per node its operator, option mask
/// (two words), operand count and operands; the rule count, then each rule's condition; then the
/// type of every value (the walks tell a count from a sum by it).
std::vector<std::uint32_t> kernel_shape(const Program& p);

/// The bundled kernel generated for exactly p's shape, or null.
const Kernel* find_kernel(const Program& p);

/// The C++ source of a kernel for p, defining `detail::kernel_<name>`.
std::string generate_kernel(const Program& p, std::string_view name);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
