// redflag C ABI: the structs behind the opaque handles of redflag.h, and what every entry point
// shares: the thread-local last error, the catch-all guards that keep exceptions from crossing,
// and argument checks. Private to bindings/c; built over the public C++ API only.
//
// Every entry point checks its handles and strings (NULL, invalid UTF-8 -> RF_EINVALID), catches
// everything (std::bad_alloc -> RF_ENOMEM, anything else -> RF_ERROR) and reports failures through
// the last error. No C++ type or exception crosses the boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "redflag/answers.hpp"
#include "redflag/diagnostics.hpp"
#include "redflag/redflag.h"
#include "redflag/result.hpp"
#include "redflag/ruleset.hpp"
#include "redflag/value.hpp"

struct rf_ruleset {
  rf_ruleset(const redflag::Ruleset& ruleset, std::uint64_t serial_number)
      : rs(ruleset),
        id(rs.id()),
        version(rs.version()),
        title(rs.title()),
        json(rs.to_json()),
        serial(serial_number) {}

  redflag::Ruleset rs;
  std::string id, version, title;  // NUL-terminated copies of the string_view accessors
  std::string json;                // Ruleset::to_json(), computed at load
  std::uint64_t serial;            // distinct for every rf_ruleset the process ever loads
};

struct rf_diagnostics {
  std::vector<redflag::Diagnostic> list;
  std::string formatted;
};

struct rf_answers {
  redflag::Answers a;
};

struct rf_result {
  redflag::Result r;
  // rf_evaluate_json reads into this, kept while the rule set (json_serial) stays the same.
  std::optional<redflag::Answers> json_answers;
  std::uint64_t json_serial = 0;
  // JSON text of values, made on first request after an evaluation (rf_result is used by one
  // thread at a time, so the lazy caches need no locking).
  mutable bool texts_ready = false;
  mutable std::vector<std::string> evidence_text;   // fired evidence, flattened
  mutable std::vector<std::size_t> evidence_begin;  // per fired rule: its first evidence_text
  mutable std::vector<std::string> value_text;      // per derived value
  mutable bool json_ready = false;
  mutable std::string json;

  void invalidate() noexcept {
    texts_ready = false;
    json_ready = false;
  }
};

namespace redflag_c {

// ---- the last error (error.cpp) ---------------------------------------------------------------

/// Sets the calling thread's last error and returns `code`. Never throws: if the strings cannot
/// be stored, the message becomes a static "out of memory".
int fail(int code, std::string_view message, std::string_view file = {}, unsigned line = 0,
         unsigned column = 0) noexcept;

/// Records the exception being handled (std::bad_alloc -> RF_ENOMEM, else RF_ERROR), returns it.
int fail_current_exception() noexcept;

/// "function: what is NULL", RF_EINVALID.
int null_argument(const char* what, const char* function) noexcept;

/// "function: what index i is out of range (there are n)", RF_EINVALID.
int bad_index(const char* what, std::size_t index, std::size_t count,
              const char* function) noexcept;

/// RF_OK for a NUL-terminated, well-formed UTF-8 argument; else RF_EINVALID, recorded.
int check_string(const char* s, const char* what, const char* function) noexcept;

/// Runs `f` (returning an int status), turning any exception into a status.
template <class F>
int guarded(F&& f) noexcept {
  try {
    return f();
  } catch (...) {
    return fail_current_exception();
  }
}

/// Runs a getter; on an exception records it and returns `fallback`.
template <class T, class F>
T guarded_get(T fallback, F&& f) noexcept {
  try {
    return f();
  } catch (...) {
    fail_current_exception();
    return fallback;
  }
}

/// &items[i], or null after recording that the `what` index `i` is out of range.
template <class T>
const T* element(std::span<const T> items, std::size_t i, const char* what,
                 const char* function) noexcept {
  if (i < items.size()) return &items[i];
  bad_index(what, i, items.size(), function);
  return nullptr;
}

// ---- UTF-8 (utf8.cpp) -------------------------------------------------------------------------

/// The offset of the first byte of `s` that is not part of well-formed UTF-8 (no overlong forms,
/// no surrogates, nothing above U+10FFFF), or npos when all of `s` is well formed.
std::size_t invalid_utf8(std::string_view s) noexcept;

}  // namespace redflag_c
