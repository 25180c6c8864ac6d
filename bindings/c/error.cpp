// redflag C ABI: the thread-local last error, the status of an exception, argument checks, and
// the version functions.
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "handles.hpp"
#include "redflag/redflag.h"
#include "redflag/version.hpp"

static_assert(RF_VERSION_MAJOR == REDFLAG_VERSION_MAJOR &&
                  RF_VERSION_MINOR == REDFLAG_VERSION_MINOR &&
                  RF_VERSION_PATCH == REDFLAG_VERSION_PATCH,
              "redflag.h and redflag/version.hpp disagree on the version");

namespace redflag_c {
namespace {

struct LastError {
  rf_error error{RF_OK, "", "", 0, 0};
  std::string message;
  std::string file;
};

thread_local LastError last_error;

void point_error_strings() noexcept {
  last_error.error.message = last_error.message.c_str();
  last_error.error.file = last_error.file.c_str();
}

}  // namespace

int fail(int code, std::string_view message, std::string_view file, unsigned line,
         unsigned column) noexcept {
  last_error.error.code = code;
  last_error.error.line = line;
  last_error.error.column = column;
  try {
    last_error.message.assign(message);
    last_error.file.assign(file);
    point_error_strings();
  } catch (...) {
    last_error.message.clear();
    last_error.file.clear();
    point_error_strings();
    last_error.error.message = "out of memory (while recording another error)";
  }
  return code;
}

int fail_current_exception() noexcept {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return fail(RF_ENOMEM, "out of memory");
  } catch (const std::exception& e) {
    return fail(RF_ERROR, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(RF_ERROR, "internal error: unknown exception");
  }
}

int null_argument(const char* what, const char* function) noexcept {
  try {
    return fail(RF_EINVALID, std::string(function) + ": " + what + " is NULL");
  } catch (...) {
    return fail(RF_EINVALID, "a handle or string argument is NULL");
  }
}

int bad_index(const char* what, std::size_t index, std::size_t count,
              const char* function) noexcept {
  try {
    return fail(RF_EINVALID, std::string(function) + ": " + what + " index " +
                                 std::to_string(index) + " is out of range (there are " +
                                 std::to_string(count) + ")");
  } catch (...) {
    return fail(RF_EINVALID, "an index is out of range");
  }
}

int check_string(const char* s, const char* what, const char* function) noexcept {
  if (!s) return null_argument(what, function);
  if (const auto bad = invalid_utf8(s); bad != std::string_view::npos) {
    try {
      return fail(RF_EINVALID, std::string(function) + ": " + what + " is not valid UTF-8 (byte " +
                                   std::to_string(bad) + ")");
    } catch (...) {
      return fail(RF_EINVALID, "a string argument is not valid UTF-8");
    }
  }
  return RF_OK;
}

}  // namespace redflag_c

extern "C" {

const rf_error* rf_error_last(void) {
  return &redflag_c::last_error.error;
}

void rf_error_clear(void) {
  auto& e = redflag_c::last_error;
  e.error = rf_error{RF_OK, "", "", 0, 0};
  e.message.clear();
  e.file.clear();
}

const char* rf_version(void) {
  return redflag::version();
}

void rf_version_numbers(int* major, int* minor, int* patch) {
  if (major) *major = REDFLAG_VERSION_MAJOR;
  if (minor) *minor = REDFLAG_VERSION_MINOR;
  if (patch) *patch = REDFLAG_VERSION_PATCH;
}

}  // extern "C"
