// redflag CLI: shared helpers (see common.hpp).
#include "common.hpp"

#include "io/excerpt.hpp"
#include "io/json_writer.hpp"

#include "redflag/load.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <system_error>

#ifdef _WIN32
#include <io.h>
#define REDFLAG_CLI_ISATTY(fd) _isatty(fd)
#define REDFLAG_CLI_FILENO(f) _fileno(f)
#else
#include <unistd.h>
#define REDFLAG_CLI_ISATTY(fd) isatty(fd)
#define REDFLAG_CLI_FILENO(f) fileno(f)
#endif

namespace redflag::cli {

bool ParsedArgs::has(std::string_view flag) const noexcept {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::optional<ParsedArgs> parse_args(std::span<const std::string_view> args,
                                     std::initializer_list<std::string_view> known,
                                     std::string& error) {
  ParsedArgs parsed;
  bool flags_ended = false;
  for (std::string_view arg : args) {
    if (flags_ended || arg == "-" || !arg.starts_with('-')) {
      parsed.positional.push_back(arg);
    } else if (arg == "--") {
      flags_ended = true;
    } else {
      if (arg == "-h") arg = "--help";
      if (std::find(known.begin(), known.end(), arg) == known.end()) {
        error = "unknown option '" + std::string(arg) + "'";
        return std::nullopt;
      }
      parsed.flags.push_back(arg);
    }
  }
  return parsed;
}

int usage_error(std::string_view command, std::string_view message, std::string_view usage) {
  std::cerr << "redflag";
  if (!command.empty()) std::cerr << ' ' << command;
  std::cerr << ": " << message << "\n" << usage << "Try 'redflag";
  if (!command.empty()) std::cerr << ' ' << command;
  std::cerr << " --help' for more information.\n";
  return kExitUsage;
}

std::string display_name(std::string_view path) {
  return path == "-" ? std::string("<stdin>") : std::string(path);
}

namespace {

/// Appends everything `file` still holds to `out`; false on a read error (errno is set).
bool read_all(std::FILE* file, std::string& out) {
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
    out.append(buffer, n);
  return std::ferror(file) == 0;
}

std::string reason(int error_number) {
  return std::generic_category().message(error_number);
}

}  // namespace

std::optional<std::string> read_input(std::string_view path, std::string& error) {
  std::string text;
  const std::string name = display_name(path);
  if (path == "-") {
    if (!read_all(stdin, text)) {
      error = "cannot read " + name + ": " + reason(errno);
      return std::nullopt;
    }
    return text;
  }

  std::error_code ec;
  if (std::filesystem::is_directory(std::filesystem::path(path), ec)) {
    error = "cannot read " + name + ": it is a directory";
    return std::nullopt;
  }
  struct Closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Closer> file(std::fopen(name.c_str(), "rb"));
  if (!file) {
    error = "cannot open " + name + ": " + reason(errno);
    return std::nullopt;
  }
  if (!read_all(file.get(), text)) {
    error = "cannot read " + name + ": " + reason(errno);
    return std::nullopt;
  }
  return text;
}

std::optional<Ruleset> load_rules(std::string_view command, std::string_view name) {
  const std::string path = find_rules(name).string();
  std::string error;
  if (path == "-") error = "RULES must be a file, not '-'";
  const std::optional<std::string> text = error.empty() ? read_input(path, error) : std::nullopt;
  if (!text) {
    std::cerr << "redflag " << command << ": " << error << "\n";
    return std::nullopt;
  }
  const LoadResult loaded = load(*text, path);
  if (!loaded.ok()) {
    const std::string formatted = loaded.formatted();
    std::cerr << formatted << (formatted.ends_with('\n') ? "" : "\n");
    std::cerr << "redflag " << command << ": " << path << ": the rule file has errors\n";
    return std::nullopt;
  }
  return loaded.value();
}

bool stdout_is_terminal() noexcept {
  return REDFLAG_CLI_ISATTY(REDFLAG_CLI_FILENO(stdout)) != 0;
}

bool want_color(bool no_color_flag) noexcept {
  if (no_color_flag) return false;
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color) return false;
  if (const char* term = std::getenv("TERM"); term && std::strcmp(term, "dumb") == 0) return false;
  return stdout_is_terminal();
}

std::string Painter::operator()(std::string_view text, Style style) const {
  if (!enabled_) return std::string(text);
  std::string_view code;
  switch (style) {
    case Style::bold:
      code = "\x1b[1m";
      break;
    case Style::red:
      code = "\x1b[1;31m";
      break;
    case Style::yellow:
      code = "\x1b[1;33m";
      break;
    case Style::cyan:
      code = "\x1b[1;36m";
      break;
    case Style::green:
      code = "\x1b[32m";
      break;
    case Style::dim:
      code = "\x1b[2m";
      break;
  }
  std::string out;
  out.reserve(code.size() + text.size() + 4);
  out.append(code).append(text).append("\x1b[0m");
  return out;
}

std::string format_number(double number) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
  if (ec != std::errc()) return "?";
  return std::string(buffer, end);
}

std::string format_value(const Value& value) {
  switch (value.kind) {
    case Value::Kind::unknown:
      return "unknown";
    case Value::Kind::boolean:
      return value.boolean ? "true" : "false";
    case Value::Kind::number:
      return format_number(value.number);
    case Value::Kind::choice:
      return std::string(value.text);
    case Value::Kind::text: {
      std::string out;
      io::append_string(out, value.text);
      return out;
    }
  }
  return "unknown";
}

std::string count_of(std::size_t n, std::string_view noun) {
  std::string out = std::to_string(n);
  out.push_back(' ');
  out.append(noun);
  if (n != 1) out.push_back('s');
  return out;
}

std::string terminal_text(std::string_view text) {
  std::string out;
  io::append_escaped(out, text);
  return out;
}

void append_diagnostics_json(std::string& out, std::span<const Diagnostic> diagnostics) {
  out += '[';
  bool first = true;
  for (const Diagnostic& d : diagnostics) {
    if (!first) out += ',';
    first = false;
    out += "{\"severity\":";
    io::append_string(out, to_string(d.severity));
    out += ",\"code\":";
    io::append_string(out, d.code);
    out += ",\"message\":";
    io::append_string(out, d.message);
    out += ",\"file\":";
    io::append_string(out, d.file);
    out += ",\"line\":" + std::to_string(d.where.line);
    out += ",\"column\":" + std::to_string(d.where.column) + "}";
  }
  out += ']';
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string rule_file_of(std::string_view path) {
  constexpr std::string_view kTestSuffix = ".test.rf";
  if (path.ends_with(kTestSuffix)) {
    return std::string(path.substr(0, path.size() - kTestSuffix.size())) + ".rf";
  }
  return std::string(path);
}

}  // namespace redflag::cli
