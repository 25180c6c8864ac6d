// redflag CLI: `redflag batch` (being written; see the issue tracker).
#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace redflag::cli {

int run_batch(std::span<const std::string_view>) {
  std::cerr << "redflag batch: not available yet\n";
  return kExitInternal;
}

}  // namespace redflag::cli
