// redflag CLI: `redflag diff` (being written; see the issue tracker).
#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace redflag::cli {

int run_diff(std::span<const std::string_view>) {
  std::cerr << "redflag diff: not available yet\n";
  return kExitInternal;
}

}  // namespace redflag::cli
