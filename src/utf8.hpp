// redflag: checking UTF-8 (rule files are refused when they are not; JSON output replaces what is
// not, so that a document is always valid JSON).
#pragma once

#include <cstddef>
#include <string_view>

namespace redflag {
inline namespace v1 {
namespace detail {

/// The length of the well-formed UTF-8 sequence starting at s[i] (1 for ASCII), or 0 when there
/// is none there. Overlong forms, surrogates and code points above U+10FFFF are not well-formed
/// (RFC 3629; table 3-7 of the Unicode standard).
inline std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xbf;  // the range of the second byte
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (i + len > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  return len;
}

/// The offset of the first byte of `s` that is not part of well-formed UTF-8, or npos.
inline std::size_t invalid_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
