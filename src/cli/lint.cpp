// redflag CLI: `redflag lint` (being written; see the issue tracker).
#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace redflag::cli {

int run_lint(std::span<const std::string_view>) {
  std::cerr << "redflag lint: not available yet\n";
  return kExitInternal;
}

}  // namespace redflag::cli
