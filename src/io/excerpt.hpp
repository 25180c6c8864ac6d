// redflag io: how messages quote the input they are about. Input is anybody's bytes: a message
// quotes at most a short excerpt of it, with what a terminal could act on escaped, so that no
// message grows with its input (a 100 MiB key gives a message of a few dozen bytes) and none
// carries control characters or escape sequences to whoever reads it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "utf8.hpp"

namespace redflag::io {

/// The most bytes of the input an excerpt quotes.
inline constexpr std::size_t kExcerptBytes = 40;

/// The first bytes of `text`, at most `max`, cut before a UTF-8 sequence rather than inside it.
inline std::string_view excerpt_prefix(std::string_view text,
                                       std::size_t max = kExcerptBytes) noexcept {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80)
    --end;
  return text.substr(0, end);
}

/// Appends `text` with every byte a terminal could act on escaped: control characters (C0, DEL
/// and the C1 range U+0080..U+009F) as \n, \r, \t or \xHH, and bytes that are not well-formed
/// UTF-8 as \xHH. Everything else, a backslash included, is kept as it is.
inline void append_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto hex = [&](unsigned char c) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += char(c);
      ++i;
      continue;
    }
    const std::size_t n = c < 0x80 ? 1 : detail::utf8_sequence(text, i);
    if (n >= 2) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      if (c == 0xc2 && second < 0xa0) {  // C1: U+0080..U+009F
        hex(c);
        hex(second);
      } else {
        out.append(text.substr(i, n));
      }
      i += n;
      continue;
    }
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        hex(c);
    }
    ++i;
  }
}

/// `text` as a message quotes it: escaped (append_escaped), and when it is longer than `max`
/// bytes its first bytes followed by "... (N bytes)".
inline std::string excerpt(std::string_view text, std::size_t max = kExcerptBytes) {
  std::string out;
  const std::string_view head = excerpt_prefix(text, max);
  append_escaped(out, head);
  if (head.size() < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

/// `text` shortened the same way but not escaped: for a field of data that its writers escape (an
/// answer error's question, which JSON output escapes), so that a short one stays exact.
inline std::string shortened(std::string_view text, std::size_t max = kExcerptBytes) {
  const std::string_view head = excerpt_prefix(text, max);
  std::string out(head);
  if (head.size() < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace redflag::io
