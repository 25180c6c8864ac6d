// redflag: positions and formatting of diagnostics.
#include "redflag/diagnostics.hpp"

#include <algorithm>

#include "source.hpp"

namespace redflag {
inline namespace v1 {

std::string_view to_string(Severity severity) noexcept {
  return severity == Severity::error ? "error" : "warning";
}

std::string format(const Diagnostic& d) {
  std::string out = d.file;
  if (d.where.line != 0) {
    out += ':' + std::to_string(d.where.line) + ':' + std::to_string(d.where.column);
  }
  out += out.empty() ? "" : ": ";
  out += to_string(d.severity);
  out += '[' + d.code + "]: " + d.message;
  if (d.where.line != 0) {
    out += "\n  " + d.source_line + "\n  ";
    // Keep tabs so the caret lines up under the same column.
    for (std::size_t i = 0; i + 1 < d.where.column && i < d.source_line.size(); ++i)
      out += d.source_line[i] == '\t' ? '\t' : ' ';
    out += '^';
  }
  return out;
}

std::string format(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    out += format(d);
    out += '\n';
  }
  return out;
}

namespace detail {

SourcePosition SourceFile::position(const char* p) const {
  SourcePosition pos;
  if (!contains(p)) return pos;
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
  pos.offset = std::size_t(p - text.data());
  const auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), pos.offset) - 1;
  pos.line = std::uint32_t(line - line_starts_.begin()) + 1;
  pos.column = std::uint32_t(pos.offset - *line) + 1;
  return pos;
}

Diagnostic SourceFile::diagnostic(const char* at, std::string code, std::string message,
                                  Severity severity) const {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.file = name;
  d.where = position(at);
  if (d.where.line != 0) {
    const std::string_view all(text);
    const auto begin = d.where.offset - (d.where.column - 1);
    auto end = all.find('\n', begin);
    if (end == std::string_view::npos) end = all.size();
    auto line = all.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    d.source_line = std::string(line);
  }
  return d;
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
