// redflag io: JSON text output.
#include "io/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "utf8.hpp"

namespace redflag::io {
namespace {

/// Writes `d` (finite, not whole) as std::to_chars writes it when its shortest round-trip form
/// has at most 4 decimals and fixed notation is no longer than scientific; nullptr otherwise.
///
/// With 1e-3 <= |d| < 1e9 and a scale s = 10^j (j <= 4), |d| * s < 2^44: the product is within
/// 0.001 of the exact one, and every integer m for which m / s rounds to d is within 0.0011 of
/// it, so std::round finds the one such m when there is one (the values that round to d span
/// less than 1 / s). The smallest j with an m gives the fewest significant digits, which is what
/// to_chars picks (the digits are then unique); and from 1e-3 up fixed notation ("0.00d") is
/// never longer than scientific ("de-03"), so to_chars writes it fixed.
char* write_short_decimal(char* out, double d) noexcept {
  static constexpr double scale[] = {1e1, 1e2, 1e3, 1e4};
  const double a = std::fabs(d);
  if (!(a >= 1e-3 && a < 1e9)) return nullptr;
  for (int j = 1; j <= 4; ++j) {
    const double m = std::round(a * scale[j - 1]);
    if (m / scale[j - 1] != a) continue;
    const auto digits = static_cast<std::uint64_t>(m);
    const auto unit = static_cast<std::uint64_t>(scale[j - 1]);
    if (d < 0) *out++ = '-';
    out = std::to_chars(out, out + 20, digits / unit).ptr;
    *out++ = '.';
    for (std::uint64_t fraction = digits % unit, i = std::uint64_t(j); i > 0; --i) {
      out[i - 1] = char('0' + fraction % 10);
      fraction /= 10;
    }
    return out + j;
  }
  return nullptr;
}

}  // namespace

char* write_string(char* out, std::string_view s) noexcept {
  static constexpr char hex[] = "0123456789abcdef";
  *out++ = '"';
  std::size_t run = 0;  // start of the pending run of characters that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') continue;
    if (c >= 0x80) {
      if (const std::size_t n = detail::utf8_sequence(s, i)) {
        i += n - 1;
        continue;
      }
    }
    out = write_raw(out, s.substr(run, i - run));
    run = i + 1;
    if (c >= 0x80) {
      out = write_raw(out, "\\ufffd");  // not UTF-8: the replacement character keeps JSON valid
      continue;
    }
    *out++ = '\\';
    switch (c) {
      case '"':
      case '\\':
        *out++ = char(c);
        break;
      case '\n':
        *out++ = 'n';
        break;
      case '\r':
        *out++ = 'r';
        break;
      case '\t':
        *out++ = 't';
        break;
      case '\b':
        *out++ = 'b';
        break;
      case '\f':
        *out++ = 'f';
        break;
      default:
        out = write_raw(out, "u00");
        *out++ = hex[c >> 4];
        *out++ = hex[c & 0xf];
    }
  }
  out = write_raw(out, s.substr(run));
  *out++ = '"';
  return out;
}

char* write_number(char* out, double d) noexcept {
  if (d >= 0 && d < 10 && d == double(int(d))) {  // the common case: one digit
    *out = char('0' + int(d));
    return out + 1;
  }
  if (!std::isfinite(d)) return write_raw(out, "null");
  char* const end = out + kNumberChars;
  if (d == std::trunc(d)) {
    if (std::fabs(d) < 1e15) return std::to_chars(out, end, static_cast<long long>(d)).ptr;
  } else if (char* written = write_short_decimal(out, d)) {
    return written;
  }
  return std::to_chars(out, end, d).ptr;
}

char* JsonOut::grow(std::size_t n) {
  flush();
  if (n <= sizeof buffer_) return end_;
  // A piece larger than the buffer is written into the string itself, cut to size by advance().
  const std::size_t at = out_.size();
  out_.resize(at + n);
  direct_ = true;
  return out_.data() + at;
}

void JsonOut::done_direct(char* end) {
  out_.resize(std::size_t(end - out_.data()));
  direct_ = false;
}

void append_string(std::string& out, std::string_view s) {
  JsonOut(out).string(s);
}

void append_number(std::string& out, double d) {
  char buffer[kNumberChars];
  out.append(buffer, write_number(buffer, d));
}

void append_value(std::string& out, const Value& v) {
  JsonOut(out).value(v);
}

}  // namespace redflag::io
