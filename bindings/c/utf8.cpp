// redflag C ABI: checking that the strings C callers pass are UTF-8.
#include <cstddef>
#include <string>
#include <string_view>

#include "handles.hpp"

namespace redflag_c {
namespace {

/// The length of the well-formed UTF-8 sequence at s[i] (1 for ASCII), or 0 when there is none
/// there: the code point is decoded, then refused when it is overlong (it needed fewer bytes), a
/// surrogate or above U+10FFFF (RFC 3629).
std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return 1;
  const std::size_t n = lead < 0xc0 ? 0 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf8 ? 4 : 0;
  if (n == 0 || s.size() - i < n) return 0;
  char32_t code = lead & (0x7f >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xc0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3f);
  }
  static constexpr char32_t fewest[] = {0, 0, 0x80, 0x800, 0x10000};  // by length
  if (code < fewest[n] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return n;
}

}  // namespace

std::size_t invalid_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

}  // namespace redflag_c
