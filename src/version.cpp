// redflag: the run-time version.
#include "redflag/version.hpp"

namespace redflag {
inline namespace v1 {

const char* version() noexcept {
  return REDFLAG_VERSION_STRING;
}

}  // namespace v1
}  // namespace redflag
