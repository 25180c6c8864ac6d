// redflag CLI: `redflag test` (being written; see the issue tracker).
#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace redflag::cli {

int run_test(std::span<const std::string_view>) {
  std::cerr << "redflag test: not available yet\n";
  return kExitInternal;
}

}  // namespace redflag::cli
