// redflag C ABI: checking UTF-8, and values as JSON text.
#include <charconv>
#include <cmath>
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

/// JSON's two-character escapes: each character, then the letter that follows its backslash.
constexpr std::string_view short_escapes = "\"\"\\\\\bb\ff\nn\rr\tt";

/// Appends `s` as a JSON string literal; a byte that is not part of well-formed UTF-8 becomes
/// U+FFFD, so the text is always valid JSON.
void append_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (const std::size_t n = utf8_length(s, i)) {
        out.append(s, i, n);
        i += n - 1;
      } else {
        out += "\\ufffd";
      }
    } else if (c < 0x20 || c == '"' || c == '\\') {
      out += '\\';
      if (const auto at = short_escapes.find(char(c)); at != std::string_view::npos) {
        out += short_escapes[at + 1];
      } else {
        out += "u00";
        out += hex[c >> 4];
        out += hex[c & 0xf];
      }
    } else {
      out += char(c);
    }
  }
  out += '"';
}

/// Appends a number in its shortest round-trip form, integers below 1e15 without a fraction or
/// exponent; null for one that is not finite.
void append_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buffer[32];
  const auto end = d == std::trunc(d) && std::fabs(d) < 1e15
                       ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(d))
                       : std::to_chars(buffer, buffer + sizeof buffer, d);
  out.append(buffer, end.ptr);
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

void value_json(std::string& out, const redflag::Value& value) {
  out.clear();
  switch (value.kind) {
    case redflag::Value::Kind::unknown:
      out += "null";
      break;
    case redflag::Value::Kind::boolean:
      out += value.boolean ? "true" : "false";
      break;
    case redflag::Value::Kind::number:
      append_number(out, value.number);
      break;
    case redflag::Value::Kind::choice:
    case redflag::Value::Kind::text:
      append_string(out, value.text);
      break;
  }
}

}  // namespace redflag_c
