// redflag CLI: what every subcommand shares: exit codes, argument splitting, reading inputs,
// terminal and color detection, and printing values. Each subcommand lives in its own file and
// includes this header; the library itself never prints (see DESIGN.md).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "redflag/diagnostics.hpp"
#include "redflag/ruleset.hpp"
#include "redflag/value.hpp"

namespace redflag::cli {

/// The tool's exit codes, fixed and documented in `redflag --help`.
inline constexpr int kExitOk = 0;         ///< the command did what was asked
inline constexpr int kExitFindings = 1;   ///< a checking command found problems (test, lint, diff)
inline constexpr int kExitBadInput = 2;   ///< unreadable file, rule file with errors, bad answers
inline constexpr int kExitUsage = 64;     ///< bad command line (as sysexits.h EX_USAGE)
inline constexpr int kExitInternal = 70;  ///< a bug in redflag (as sysexits.h EX_SOFTWARE)

/// A subcommand's entry point: its arguments after the subcommand name; returns the exit code.
using Command = int (*)(std::span<const std::string_view> args);

/// A command line split into flags and positional arguments.
struct ParsedArgs {
  std::vector<std::string_view> positional;
  std::vector<std::string_view> flags;  ///< as spelled, e.g. "--json"

  bool has(std::string_view flag) const noexcept;
};

/// Splits `args` into flags and positional arguments. Anything starting with '-' is a flag,
/// except a lone "-" (standard input); "--" ends the flags. `-h` is read as `--help`. Returns
/// nullopt and sets `error` ("unknown option '--x'") when a flag is not in `known`.
std::optional<ParsedArgs> parse_args(std::span<const std::string_view> args,
                                     std::initializer_list<std::string_view> known,
                                     std::string& error);

/// Prints "redflag COMMAND: MESSAGE", the usage text and a pointer to --help on standard error,
/// and returns kExitUsage.
int usage_error(std::string_view command, std::string_view message, std::string_view usage);

/// The name under which an input path appears in messages: "<stdin>" for "-".
std::string display_name(std::string_view path);

/// The whole contents of the file at `path`, or of standard input when `path` is "-". On
/// failure returns nullopt and sets `error` to a message naming the file and the reason.
std::optional<std::string> read_input(std::string_view path, std::string& error);

/// Loads the rule file at `path` for a command that reads rule sets (lint, diff, doc, graph):
/// when it cannot be read or has errors, prints why on standard error (every diagnostic, then
/// "redflag COMMAND: ...") and returns nullopt (exit with kExitBadInput). Warnings are not
/// printed: `redflag check` shows them, and `redflag lint` reports its own.
std::optional<Ruleset> load_rules(std::string_view command, std::string_view path);

/// The rule file a path given as RULES stands for: NAME.test.rf stands for NAME.rf (so that
/// `rules/*.rf` names each rule file once its duplicates are dropped); other paths themselves.
std::string rule_file_of(std::string_view path);

/// True when standard output is a terminal.
bool stdout_is_terminal() noexcept;

/// Whether to color standard output: only on a terminal, and never with --no-color, with a
/// non-empty NO_COLOR environment variable (https://no-color.org) or with TERM=dumb.
bool want_color(bool no_color_flag) noexcept;

/// ANSI styles for human output.
enum class Style { bold, red, yellow, cyan, green, dim };

/// Wraps text in ANSI escape sequences when enabled, and passes it through unchanged otherwise.
class Painter {
 public:
  explicit Painter(bool enabled) noexcept : enabled_(enabled) {}
  std::string operator()(std::string_view text, Style style) const;
  bool enabled() const noexcept { return enabled_; }

 private:
  bool enabled_;
};

/// A number as people and JSON write it: the shortest text that reads back as the same double
/// ("38", "37.5", "0.1").
std::string format_number(double number);

/// A value as the human output shows it: `true`, `38.5`, `both_legs` (a choice option id),
/// `"free text"` (text, quoted) or `unknown`.
std::string format_value(const Value& value);

/// "1 rule", "2 rules": a count with its noun, plural formed by appending "s".
std::string count_of(std::size_t n, std::string_view noun);

/// Text of the input (an answer key, a message quoting one) for human output: control characters,
/// escape sequences included, and bytes that are not UTF-8 escaped as \n or \xHH, so that input
/// never reaches the terminal raw (io/excerpt.hpp).
std::string terminal_text(std::string_view text);

/// Appends `diagnostics` as a JSON array of {"severity", "code", "message", "file", "line",
/// "column"} (`check --json`, `test --json`).
void append_diagnostics_json(std::string& out, std::span<const Diagnostic> diagnostics);

/// Text for HTML element content or a quoted attribute: & < > " ' escaped.
std::string html_escape(std::string_view text);

}  // namespace redflag::cli
