// redflag io: JSON text output.
#include "io/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "utf8.hpp"

namespace redflag::io {

void append_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
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
    out.append(s.data() + run, i - run);
    run = i + 1;
    if (c >= 0x80) {
      out += "\\ufffd";  // a byte that is not UTF-8: the replacement character keeps JSON valid
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xf];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

char* write_number(char* out, double d) noexcept {
  if (d >= 0 && d < 10 && d == double(int(d))) {  // the common case: one digit
    *out = char('0' + int(d));
    return out + 1;
  }
  if (!std::isfinite(d)) {
    std::memcpy(out, "null", 4);
    return out + 4;
  }
  char* const end = out + kNumberChars;
  return d == std::trunc(d) && std::fabs(d) < 1e15
             ? std::to_chars(out, end, static_cast<long long>(d)).ptr
             : std::to_chars(out, end, d).ptr;
}

void append_number(std::string& out, double d) {
  char buffer[kNumberChars];
  out.append(buffer, write_number(buffer, d));
}

void append_value(std::string& out, const Value& v) {
  switch (v.kind) {
    case Value::Kind::unknown:
      out += "null";
      break;
    case Value::Kind::boolean:
      if (v.boolean) {
        out.append("true", 4);
      } else {
        out.append("false", 5);
      }
      break;
    case Value::Kind::number:
      append_number(out, v.number);
      break;
    case Value::Kind::choice:
    case Value::Kind::text:
      append_string(out, v.text);
      break;
  }
}

}  // namespace redflag::io
