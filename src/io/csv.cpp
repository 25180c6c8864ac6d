// redflag io: RFC 4180 CSV (see csv.hpp).
#include "io/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace redflag::io {

std::size_t CsvRecordScan::feed(std::string_view data) noexcept {
  const char* const begin = data.data();
  const char* const end = begin + data.size();
  const char* p = begin;
  for (;;) {
    if (quote_pending) {
      if (p == end) return std::string_view::npos;
      quote_pending = false;
      if (*p == '"') {  // a doubled quote: still inside
        ++p;
      } else {  // the closing quote
        quoted = false;
        field_start = false;
      }
    }
    if (quoted) {
      const auto* quote = static_cast<const char*>(std::memchr(p, '"', std::size_t(end - p)));
      lines += std::size_t(std::count(p, quote ? quote : end, '\n'));
      if (!quote) return std::string_view::npos;
      p = quote + 1;
      quote_pending = true;
      continue;
    }
    // Outside quotes: up to the next line feed, look for a quote that opens a field.
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', std::size_t(end - p)));
    const char* const stop = nl ? nl : end;
    const char* open = nullptr;
    for (const char* q = p;
         (q = static_cast<const char*>(std::memchr(q, '"', std::size_t(stop - q)))); ++q) {
      quotes = true;
      if (q == p ? field_start : is_delimiter(q[-1])) {
        open = q;
        break;
      }
    }
    if (open) {
      quoted = true;
      p = open + 1;
      continue;
    }
    if (nl) return std::size_t(nl - begin) + 1;
    if (stop > p) field_start = is_delimiter(stop[-1]);
    return std::string_view::npos;
  }
}

std::size_t csv_record_end(std::string_view data, std::size_t& lines, char delimiter) noexcept {
  bool quoted = false;
  return csv_record_end(data, lines, quoted, delimiter);
}

std::size_t csv_record_end(std::string_view data, std::size_t& lines, bool& quoted,
                           char delimiter) noexcept {
  CsvRecordScan scan(delimiter);
  const std::size_t end = scan.feed(data);
  lines = scan.lines;
  quoted = scan.quotes;
  return end;
}

std::size_t csv_complete_prefix(std::string_view data, char delimiter) noexcept {
  if (!std::memchr(data.data(), '"', data.size())) {
    const auto* nl = static_cast<const char*>(memrchr(data.data(), '\n', data.size()));
    return nl ? std::size_t(nl - data.data()) + 1 : 0;
  }
  std::size_t at = 0, lines = 0;
  for (std::size_t n;
       (n = csv_record_end(data.substr(at), lines, delimiter)) != std::string_view::npos;)
    at += n;
  return at;
}

bool csv_split(char* first, char* last, std::vector<std::string_view>& fields, std::string& error,
               char delimiter) {
  fields.clear();
  if (last > first && last[-1] == '\r') --last;
  char* p = first;
  for (;;) {
    if (p < last && *p == '"') {
      // A quoted field: undouble quotes in place.
      char* out = p;
      const char* const start = out;
      ++p;
      for (;;) {
        if (p == last) {
          error = "unterminated quoted field (field " + std::to_string(fields.size() + 1) + ")";
          return false;
        }
        if (*p == '"') {
          if (p + 1 < last && p[1] == '"') {
            *out++ = '"';
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        *out++ = *p++;
      }
      fields.emplace_back(start, std::size_t(out - start));
      if (p == last) return true;
      if (*p != delimiter) {
        error = "unexpected character after the closing quote of field " +
                std::to_string(fields.size());
        return false;
      }
      ++p;
      continue;
    }
    char* const start = p;
    while (p < last && *p != delimiter) {
      if (*p == '"') {
        error = "a quote inside unquoted field " + std::to_string(fields.size() + 1) +
                " (a field with quotes must be enclosed in quotes, its quotes doubled)";
        return false;
      }
      ++p;
    }
    fields.emplace_back(start, std::size_t(p - start));
    if (p == last) return true;
    ++p;  // the delimiter; a record ending in one ends with an empty field
    if (p == last) {
      fields.emplace_back(p, 0);
      return true;
    }
  }
}

char csv_detect_delimiter(std::string_view header) noexcept {
  std::size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (const char c : header) {
    if (c == '"') quoted = !quoted;  // "" inside quotes toggles twice
    if (quoted) continue;
    comma += c == ',';
    semicolon += c == ';';
    tab += c == '\t';
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

char* csv_write_field(char* out, std::string_view field) noexcept {
  const auto special = [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; };
  if (std::none_of(field.begin(), field.end(), special)) {
    if (!field.empty()) std::memcpy(out, field.data(), field.size());
    return out + field.size();
  }
  *out++ = '"';
  for (char c : field) {
    if (c == '"') *out++ = '"';
    *out++ = c;
  }
  *out++ = '"';
  return out;
}

void csv_append_field(std::string& out, std::string_view field) {
  const std::size_t at = out.size();
  out.resize(at + csv_field_bound(field));
  out.resize(std::size_t(csv_write_field(out.data() + at, field) - out.data()));
}

bool parse_number(std::string_view text, double& value) noexcept {
  const char* const last = text.data() + text.size();
  if (scan_short_number(text.data(), last, value) == last) return true;
  const auto [stop, ec] = std::from_chars(text.data(), last, value);
  return ec == std::errc() && stop == last;
}

}  // namespace redflag::io
