// redflag: diagnostics reported while loading a rule file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace redflag {
inline namespace v1 {

/// A place in a source text. Lines and columns count from 1 (columns in bytes); offset counts
/// bytes from 0. A default-constructed position (line 0) means "no particular place".
struct SourcePosition {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::size_t offset = 0;

  friend bool operator==(const SourcePosition&, const SourcePosition&) = default;
};

enum class Severity { error, warning };

/// One problem found in a rule file. `code` is stable across releases (see
/// docs/rule-language.md, "Diagnostics"); `message` is for people and may change.
struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;
  std::string message;
  std::string file;         ///< the source name given to the loader, e.g. "rules/x.rf"
  SourcePosition where;     ///< where the problem starts
  std::string source_line;  ///< the text of the line `where` points into, without its newline
};

/// "file:line:column: error[code]: message", then the source line and a caret under the column,
/// the way a compiler prints it. No trailing newline.
std::string format(const Diagnostic& diagnostic);

/// All diagnostics, one format() block per diagnostic, each followed by a newline.
std::string format(const std::vector<Diagnostic>& diagnostics);

/// "error" or "warning".
std::string_view to_string(Severity severity) noexcept;

}  // namespace v1
}  // namespace redflag
