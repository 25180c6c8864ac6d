// redflag io: appending JSON text to a string, without building a document first.
#pragma once

#include <cstddef>
#include <cstring>
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

/// Appends a Value: true/false, a number, a string (choice or text), or null when unknown.
void append_value(std::string& out, const Value& v);

// ---- writing through a pointer ----------------------------------------------------------------
// The writers below write at `out`, which has room for what they may write, and return the end
// of what they wrote. They write exactly what the append_* functions above append.

/// The most characters write_number() writes.
inline constexpr std::size_t kNumberChars = 32;

/// Writes the text append_number() appends; `out` has room for kNumberChars. For writers that
/// reserve room for a whole record first.
char* write_number(char* out, double d) noexcept;

/// The most characters write_string() writes for `s`: the quotes, and 6 per byte (\u00XX).
constexpr std::size_t string_room(std::string_view s) noexcept {
  return 6 * s.size() + 2;
}

/// Writes the text append_string() appends; `out` has room for string_room(s).
char* write_string(char* out, std::string_view s) noexcept;

/// The most characters write_value() writes for `v`.
inline std::size_t value_room(const Value& v) noexcept {
  return v.kind == Value::Kind::choice || v.kind == Value::Kind::text ? string_room(v.text)
                                                                      : kNumberChars;
}

/// Copies `s` to `out` as it is and returns the end. Ids and keys of 8 to 32 characters take a
/// few overlapping 8-byte moves instead of a call to memcpy.
inline char* write_raw(char* out, std::string_view s) noexcept {
  const std::size_t n = s.size();
  const char* const in = s.data();
  if (n < 8 || n > 32) {
    std::memcpy(out, in, n);
    return out + n;
  }
  const auto move8 = [&](std::size_t at) { std::memcpy(out + at, in + at, 8); };
  move8(0);
  move8(n - 8);
  if (n > 16) {
    move8(8);
    move8(n - 16);
  }
  return out + n;
}

/// Writes the text append_value() appends; `out` has room for value_room(v). Inline: most values
/// in a result are booleans and one-digit numbers.
inline char* write_value(char* out, const Value& v) noexcept {
  switch (v.kind) {
    case Value::Kind::unknown:
      return write_raw(out, "null");
    case Value::Kind::boolean:
      return v.boolean ? write_raw(out, "true") : write_raw(out, "false");
    case Value::Kind::number:
      return write_number(out, v.number);
    case Value::Kind::choice:
    case Value::Kind::text:
      return write_string(out, v.text);
  }
  return out;
}

/// Buffered appending to a std::string, for writers of a whole document: each piece is written
/// through the pointer room(n) returns (room for n characters), then advance(end) takes it; the
/// pieces reach the string in a few large appends (at the latest when the JsonOut is destroyed),
/// not one append (capacity check, copy, terminator) per piece.
class JsonOut {
 public:
  explicit JsonOut(std::string& out) noexcept : out_(out) {}
  ~JsonOut() { flush(); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  char* room(std::size_t n) {
    return std::size_t(buffer_ + sizeof buffer_ - end_) >= n ? end_ : grow(n);
  }
  /// The piece written at room() ends at `end`.
  void advance(char* end) {
    if (direct_) [[unlikely]]
      return done_direct(end);
    end_ = end;
  }

  /// Appends text that needs no escaping (literals, keys that are identifiers).
  void raw(std::string_view s) { advance(write_raw(room(s.size()), s)); }
  void raw(char c) {
    char* w = room(1);
    *w = c;
    advance(w + 1);
  }
  void string(std::string_view s) { advance(write_string(room(string_room(s)), s)); }
  void value(const Value& v) { advance(write_value(room(value_room(v)), v)); }

  /// Appends what is buffered to the string.
  void flush() {
    out_.append(buffer_, end_);
    end_ = buffer_;
  }

 private:
  char* grow(std::size_t n);
  void done_direct(char* end);

  std::string& out_;
  char buffer_[4096];
  char* end_ = buffer_;
  bool direct_ = false;  // room() pointed into out_ itself (a piece larger than the buffer)
};

}  // namespace redflag::io
