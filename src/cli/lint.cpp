// redflag CLI: `redflag lint RULES`, finding rules and declarations that cannot be right.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "analysis/lint.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "io/json_writer.hpp"

namespace redflag::cli {
namespace {

constexpr std::string_view kCommand = "lint";

constexpr std::string_view kUsage = "usage: redflag lint RULES... [--against OLD] [--json]\n";

constexpr std::string_view kHelp =
    "usage: redflag lint RULES... [--against OLD] [--json]\n"
    "\n"
    "Find what cannot be right in each rule file RULES (a NAME.test.rf given stands for\n"
    "NAME.rf, so 'rules/*.rf' works). Each finding is printed as\n"
    "file:line:column: lint[code]: message, with a hint on the next line:\n"
    "\n"
    "  unreachable-rule          no answers (within the declared types, ranges and options,\n"
    "                            or left unanswered) make the rule's condition true\n"
    "  never-matters             whenever the rule fires, a rule of the same or a higher\n"
    "                            level fires too (or its level is not above the default)\n"
    "  unused-question           a question no rule and no derived value reads\n"
    "  unused-parameter          a parameter no rule and no derived value reads\n"
    "  unreachable-level         a level no rule that can fire produces\n"
    "  near-duplicate-threshold  `x >= c` beside `x > c` (or `<=` beside `<`): a likely typo\n"
    "  missing-source            a rule (or `on missing`) that cites no source\n"
    "\n"
    "With --against OLD, each file is also checked against its previous version:\n"
    "\n"
    "  version-not-changed       the content hash changed but the version did not\n"
    "  version-went-down         the version is lower than the previous one's (dotted numbers)\n"
    "\n"
    "A finding that is meant is allowed by a comment on its line or the line above:\n"
    "  # lint: allow CODE (the reason)\n"
    "\n"
    "Rules are decided by trying every answer that can matter: booleans and choices, each\n"
    "number at its thresholds, either side of them and at its range ends, and 'unanswered'\n"
    "(see docs/cli.md). Only the main file's declarations are reported; lint a `use`d file\n"
    "on its own.\n"
    "\n"
    "options:\n"
    "  --against OLD  the previous version: a rule file (with one RULES), or a directory\n"
    "                 holding each RULES file under the same name (a file not there is new:\n"
    "                 a note says so)\n"
    "  --json         print {\"file\", \"findings\": [{\"code\", \"file\", \"line\",\n"
    "                 \"column\", \"message\", \"hint\"}], \"notes\": [...], \"cases\",\n"
    "                 \"allowed\"} instead, one line per file that loads\n"
    "  -h, --help     show this help and exit\n"
    "\n"
    "exit codes:\n"
    "  0   no findings in any file\n"
    "  1   findings (in any file)\n"
    "  2   bad input: an unreadable file or a rule file with errors, RULES or OLD (the other\n"
    "      files are still linted)\n"
    "  64  usage error\n";

/// Drops the findings that the rule file allows with a comment `# lint: allow CODE` (followed by
/// the reason) on the finding's line or the line above it. Returns how many were dropped.
std::size_t drop_allowed(std::string_view text, std::vector<detail::Finding>& findings) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  auto allows = [&](std::size_t line, std::string_view code) {  // 1-based
    if (line == 0 || line > lines.size()) return false;
    const std::string_view l = lines[line - 1];
    const std::size_t at = l.find("# lint: allow ");
    if (at == std::string_view::npos) return false;
    std::string_view rest = l.substr(at + 14);
    return rest.substr(0, rest.find_first_of(" \t(")) == code;
  };
  const std::size_t before = findings.size();
  std::erase_if(findings, [&](const detail::Finding& f) {
    const std::uint32_t line = f.location.where.line;
    return allows(line, f.code) || allows(line - 1, f.code);
  });
  return before - findings.size();
}

void print_json(std::string_view path, const detail::LintReport& report, std::size_t allowed) {
  std::string out = "{\"file\":";
  io::append_string(out, path);
  out += ",\"findings\":[";
  bool first = true;
  for (const detail::Finding& f : report.findings) {
    if (!first) out += ',';
    first = false;
    detail::append_json(out, f);
  }
  out += "],\"notes\":[";
  first = true;
  for (const std::string& note : report.notes) {
    if (!first) out += ",";
    first = false;
    io::append_string(out, note);
  }
  out += "],\"cases\":" + std::to_string(report.cases);
  out += ",\"allowed\":" + std::to_string(allowed);
  std::cout << out << "}\n";
}

void print_text(std::string_view path, const detail::LintReport& report, std::size_t allowed) {
  for (const detail::Finding& f : report.findings) {
    std::cout << f.location.file << ":" << f.location.where.line << ":" << f.location.where.column
              << ": lint[" << f.code << "]: " << f.message << "\n"
              << "  hint: " << f.hint << "\n";
  }
  for (const std::string& note : report.notes)
    std::cout << "note: " << note << "\n";
  std::cout << path << ": "
            << (report.findings.empty() ? std::string("no findings")
                                        : count_of(report.findings.size(), "finding"))
            << " (" << count_of(report.cases, "case") << " evaluated";
  if (allowed > 0) std::cout << "; " << allowed << " allowed by `# lint: allow` comments";
  std::cout << ")\n";
}

/// Adds the findings of `ruleset` (whose text is `text`) against its previous version, named by
/// --against `against`. False when the previous version does not load (it said why).
bool check_against(const Ruleset& ruleset, std::string_view text, std::string_view against,
                   detail::LintReport& report) {
  namespace fs = std::filesystem;
  std::string previous(against);
  std::error_code ec;
  if (fs::is_directory(fs::path(against), ec)) {
    previous = (fs::path(against) / fs::path(ruleset.source_name()).filename()).string();
    if (!fs::exists(previous, ec)) {
      report.notes.push_back("no previous version to compare with: " + previous +
                             " does not exist (a new rule file)");
      return true;
    }
  }
  const std::optional<Ruleset> old_rules = load_rules(kCommand, previous);
  if (!old_rules) return false;
  detail::version_findings(*old_rules, ruleset,
                           detail::version_location(text, std::string(ruleset.source_name())),
                           report);
  return true;
}

/// Takes `--against OLD` (or `--against=OLD`) out of `args`.
std::optional<std::vector<std::string_view>> take_against(std::span<const std::string_view> args,
                                                          std::optional<std::string_view>& against,
                                                          std::string& error) {
  std::vector<std::string_view> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      rest.insert(rest.end(), args.begin() + std::ptrdiff_t(i), args.end());
      break;
    }
    if (args[i] == "--against") {
      if (i + 1 == args.size()) {
        error = "--against needs OLD";
        return std::nullopt;
      }
      against = args[++i];
    } else if (args[i].starts_with("--against=")) {
      against = args[i].substr(10);
    } else {
      rest.push_back(args[i]);
    }
  }
  return rest;
}

}  // namespace

int run_lint(std::span<const std::string_view> args) {
  std::string error;
  std::optional<std::string_view> against;
  const auto rest = take_against(args, against, error);
  if (!rest) return usage_error(kCommand, error, kUsage);
  const std::optional<ParsedArgs> parsed = parse_args(*rest, {"--help", "--json"}, error);
  if (!parsed) return usage_error(kCommand, error, kUsage);
  if (parsed->has("--help")) {
    std::cout << kHelp;
    return kExitOk;
  }
  if (parsed->positional.empty()) return usage_error(kCommand, "missing RULES", kUsage);
  std::error_code ec;
  if (against && parsed->positional.size() > 1 &&
      !std::filesystem::is_directory(std::filesystem::path(*against), ec)) {
    return usage_error(kCommand,
                       "--against names one rule file, so give one RULES (or make OLD a "
                       "directory holding the previous version of each)",
                       kUsage);
  }
  bool bad_input = false, findings = false;
  std::vector<std::string> files;  // NAME.test.rf stands for NAME.rf, so `rules/*.rf` works
  for (const std::string_view arg : parsed->positional) {
    std::string file = rule_file_of(arg);
    if (std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
  }
  for (const std::string_view path : files) {
    const std::optional<Ruleset> ruleset = load_rules(kCommand, path);
    if (!ruleset) {
      bad_input = true;
      continue;
    }
    detail::LintReport report = detail::lint(*ruleset);
    const std::optional<std::string> text = read_input(ruleset->source_name(), error);
    if (against && !check_against(*ruleset, text.value_or(""), *against, report)) {
      bad_input = true;  // the previous version did not load; the file's own findings still count
    }
    std::stable_sort(report.findings.begin(), report.findings.end(),
                     [](const detail::Finding& a, const detail::Finding& b) {
                       return std::tie(a.location.where.line, a.location.where.column) <
                              std::tie(b.location.where.line, b.location.where.column);
                     });
    const std::size_t allowed = text ? drop_allowed(*text, report.findings) : 0;
    if (parsed->has("--json")) {
      print_json(path, report, allowed);
    } else {
      print_text(path, report, allowed);
    }
    findings = findings || !report.findings.empty();
  }
  return bad_input ? kExitBadInput : findings ? kExitFindings : kExitOk;
}

}  // namespace redflag::cli
