// redflag: compiled_kernels() of a library built without kernels (REDFLAG_KERNELS=OFF), and of
// redflag_kernelgen itself: every program is interpreted.
#include "eval/kernel.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

std::span<const Kernel* const> compiled_kernels() noexcept {
  return {};
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
