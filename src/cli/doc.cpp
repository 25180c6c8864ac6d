// redflag CLI: `redflag doc` (being written; see the issue tracker).
#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace redflag::cli {

int run_doc(std::span<const std::string_view>) {
  std::cerr << "redflag doc: not available yet\n";
  return kExitInternal;
}

}  // namespace redflag::cli
