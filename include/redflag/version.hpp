// redflag: version of the library. The single source of the version number: CMake reads the
// macros below, and redflag::version() returns the same values at run time.
#pragma once

#define REDFLAG_VERSION_MAJOR 0
#define REDFLAG_VERSION_MINOR 1
#define REDFLAG_VERSION_PATCH 0
#define REDFLAG_VERSION_STRING "0.1.0"

namespace redflag {
inline namespace v1 {

/// The library version this binary was built from, e.g. "0.1.0" (compare with the macros to
/// detect a header/library mismatch).
const char* version() noexcept;

}  // namespace v1
}  // namespace redflag
