// redflag CLI: `redflag graph` (being written; see the issue tracker).
#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace redflag::cli {

int run_graph(std::span<const std::string_view>) {
  std::cerr << "redflag graph: not available yet\n";
  return kExitInternal;
}

}  // namespace redflag::cli
