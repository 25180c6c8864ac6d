// redflag: kernels, a rule set's node pass and rule states compiled ahead of time to straight-line
// C++ (no dispatch, every operand at a fixed offset). With the CMake option REDFLAG_KERNELS (on
// by default), the build generates the kernels of the bundled rule sets (rules/*.rf) with
// `redflag_kernelgen` into the build tree and compiles them into the core library: nothing
// generated is kept in the source tree, and editing a rule file regenerates its kernel at the
// next build.
//
// A kernel runs for a loaded program only when the program has exactly the shape the kernel was
// generated from (the layout of values, every node's operator, operands and option mask, each
// rule's condition). Constants are read from the value array, so a parameter override keeps the
// kernel; any other change (a rule file edited after the build, any other rule file) is
// interpreted, with the same result: both call the same functions of interval.hpp in the same
// order, and tests/unit/kernel_test.cpp compares them bit for bit.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eval/interval.hpp"
#include "eval/program.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

struct Kernel {
  std::string_view ruleset;              // the rule set it was generated for (for messages)
  std::span<const std::uint32_t> shape;  // kernel_shape() of that program
  void (*run)(Interval* values);         // what interpret() computes (evaluate.hpp)
  void (*rules)(const Interval* values, std::uint64_t* state);  // what rule_states() computes
};

/// The kernels compiled into this library: those the build generated, or none.
std::span<const Kernel* const> compiled_kernels() noexcept;

/// What a kernel depends on: node_base, the node count, then per node its operator, option mask
/// (two words), operand count and operands; the rule count, then each rule's condition.
std::vector<std::uint32_t> kernel_shape(const Program& p);

/// The compiled kernel generated for exactly p's shape, or null.
const Kernel* find_kernel(const Program& p);

/// The C++ source of the kernel of p, defining `detail::kernel_<name>`.
std::string generate_kernel(const Program& p, std::string_view name);

/// The C++ source of compiled_kernels() listing the kernels `names` (as given to
/// generate_kernel).
std::string generate_kernel_list(const std::vector<std::string>& names);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
