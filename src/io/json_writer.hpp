// redflag io: appending JSON text to a string, without building a document first.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "redflag/value.hpp"

namespace redflag::io {

/// Appends `s` as a JSON string literal (quoted, escaped; UTF-8 passes through, and each byte
/// that is not part of well-formed UTF-8 becomes U+FFFD, so the output is always valid JSON).
void append_string(std::string& out, std::string_view s);

/// Appends a finite number in its shortest round-trip form (integers without a fraction), and
/// null for one that is not finite.
void append_number(std::string& out, double d);

/// The most characters write_number() writes.
inline constexpr std::size_t kNumberChars = 32;

/// Writes the text append_number() appends to `out`, which has room for kNumberChars; returns
/// the end of it. For writers that reserve room for a whole record first.
char* write_number(char* out, double d) noexcept;

/// Appends a Value: true/false, a number, a string (choice or text), or null when unknown.
void append_value(std::string& out, const Value& v);

}  // namespace redflag::io
