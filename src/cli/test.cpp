// redflag CLI: `redflag test`, running the tests that live with rule files, with coverage and
// JUnit XML.
//
//   redflag test rules/*.rf                      run every test; failures with file:line
//   redflag test rules/*.rf --coverage           and the rule and operand coverage
//   redflag test rules/*.rf --junit report.xml   and a JUnit report for CI
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "io/json_writer.hpp"
#include "junit.hpp"
#include "redflag/coverage.hpp"
#include "redflag/redflag.hpp"

namespace redflag::cli {
namespace {

constexpr std::string_view kCommand = "test";

constexpr std::string_view kUsage =
    "usage: redflag test RULES... [--coverage] [--min-coverage N] [--junit FILE] [--json]\n"
    "                   [--no-color]\n";

constexpr std::string_view kHelp =
    "usage: redflag test RULES... [--coverage] [--min-coverage N] [--junit FILE] [--json]\n"
    "                   [--no-color]\n"
    "\n"
    "Run the tests written in each rule file RULES and in its companion NAME.test.rf. Each\n"
    "test gives answers and expects a level, fired and not fired rules, unresolved rules,\n"
    "completeness and derived values. A failed test is reported with its file:line:column,\n"
    "each unmet expectation (expected vs actual) and the actual level, fired and unresolved\n"
    "rules. A NAME.test.rf given as RULES stands for NAME.rf, so 'rules/*.rf' works.\n"
    "\n"
    "options:\n"
    "  --coverage        also report coverage: per rule, whether its condition was seen true\n"
    "                    (fired), false (not fired) and unknown (unresolved); per operand of\n"
    "                    every condition, whether it was seen true, false and unknown; and\n"
    "                    every uncovered item with its file:line:column\n"
    "  --min-coverage N  fail (exit 1) when the rule coverage of all RULES together (rules\n"
    "                    seen both fired and not fired) is below N percent\n"
    "  --junit FILE      write a JUnit XML report to FILE ('-': standard output, instead of\n"
    "                    the human report)\n"
    "  --json            print every file's tests (pass or fail, each unmet expectation, the\n"
    "                    actual result) and, with --coverage, its coverage, as one JSON\n"
    "                    document instead of the human report (docs/cli.md)\n"
    "  --no-color        never color the output\n"
    "  -h, --help        show this help and exit\n"
    "\n"
    "exit codes:\n"
    "  0   every test passed (and the coverage reached --min-coverage)\n"
    "  1   a test failed, or the rule coverage is below --min-coverage\n"
    "  2   bad input: an unreadable or invalid rule or test file, or an unwritable FILE\n"
    "  64  usage error: no RULES, an unknown option, a bad --min-coverage\n";

/// What the command line asked for.
struct TestRequest {
  std::vector<std::string> rules;  ///< rule files, NAME.test.rf mapped to NAME.rf, deduplicated
  bool coverage = false;
  std::optional<double> min_coverage;
  std::optional<std::string> junit;
  bool no_color = false;
  bool json = false;
};

/// One test as run.
struct TestRun {
  const RuleTest* test = nullptr;
  TestOutcome outcome;
  std::string actual;  ///< "level X; fired: ...; unresolved: ..." (failed tests only)
};

/// One rule file: loaded or not, its tests and its coverage.
struct FileRun {
  std::string path;
  LoadResult loaded;
  std::vector<TestRun> tests;
  std::optional<Coverage> coverage;

  std::size_t failed() const {
    return std::size_t(std::count_if(tests.begin(), tests.end(),
                                     [](const TestRun& t) { return !t.outcome.passed; }));
  }
};

/// Splits `--junit FILE` / `--junit=FILE` and `--min-coverage N` / `--min-coverage=N` off the
/// arguments (their values would otherwise read as positional), leaving the rest for parse_args.
std::optional<std::vector<std::string_view>> take_valued_options(
    std::span<const std::string_view> args, TestRequest& request, std::string& error) {
  std::vector<std::string_view> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--") {
      rest.insert(rest.end(), args.begin() + std::ptrdiff_t(i), args.end());
      break;
    }
    std::string_view value;
    std::string_view name;
    for (const std::string_view option : {"--junit", "--min-coverage"}) {
      if (arg == option) {
        if (i + 1 == args.size()) {
          error = std::string(option) + " needs a value";
          return std::nullopt;
        }
        name = option;
        value = args[++i];
      } else if (arg.starts_with(std::string(option) + "=")) {
        name = option;
        value = arg.substr(option.size() + 1);
      }
    }
    if (name.empty()) {
      rest.push_back(arg);
    } else if (name == "--junit") {
      if (value.empty()) {
        error = "--junit needs a FILE";
        return std::nullopt;
      }
      request.junit = std::string(value);
    } else {
      double n = -1;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || !(n >= 0 && n <= 100)) {
        error = "--min-coverage needs a percentage from 0 to 100, not '" + std::string(value) + "'";
        return std::nullopt;
      }
      request.min_coverage = n;
    }
  }
  return rest;
}

/// Rounds down to one decimal, so that 99.96 never shows as 100.0.
std::string percent(double value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", std::floor(value * 10) / 10);
  return buffer;
}

std::string location(const SourceLocation& where) {
  return where.file + ":" + std::to_string(where.where.line) + ":" +
         std::to_string(where.where.column);
}

std::string ids(std::vector<std::string> list) {
  if (list.empty()) return "none";
  std::string out;
  for (const std::string& id : list)
    out += (out.empty() ? "" : ", ") + id;
  return out;
}

/// What a result actually was, in one line: level, fired and unresolved rules.
std::string actual_of(const Result& result) {
  if (!result.ok()) return "no level (the answers have errors)";
  std::vector<std::string> fired, unresolved;
  for (const FiredRule& f : result.fired())
    fired.push_back(f.rule->id);
  for (const UnresolvedRule& u : result.unresolved())
    unresolved.push_back(u.rule->id);
  return "level " + result.level().id + "; fired: " + ids(fired) +
         "; unresolved: " + ids(unresolved);
}

// ---- running ------------------------------------------------------------------------------

FileRun run_file(const std::string& path, bool coverage) {
  LoadOptions options;
  options.load_tests = true;
  FileRun run{path, load_file(find_rules(path), options), {}, std::nullopt};
  if (!run.loaded.ok()) return run;
  const Ruleset& ruleset = run.loaded.value();
  if (coverage) run.coverage.emplace(ruleset);
  Result result;
  for (const RuleTest& test : ruleset.tests()) {
    TestRun t{&test, run_test(ruleset, test, result), {}};
    if (!t.outcome.passed) t.actual = actual_of(result);
    if (run.coverage) run.coverage->record(result);
    run.tests.push_back(std::move(t));
  }
  return run;
}

// ---- the human report ---------------------------------------------------------------------

std::string test_location(const RuleTest& test) {
  return location({test.file, test.where});
}

void print_failures(const FileRun& run, const Painter& paint) {
  for (const TestRun& t : run.tests) {
    if (t.outcome.passed) continue;
    std::cout << test_location(*t.test) << ": " << paint("FAILED", Style::red) << " test \""
              << t.test->name << "\"\n";
    for (const std::string& failure : t.outcome.failures)
      std::cout << "  " << failure << "\n";
    std::cout << "  actual: " << t.actual << "\n";
  }
}

/// Which of an item's states were never seen, e.g. "never seen false or unknown".
std::string never_seen(std::vector<std::string_view> states) {
  std::string out = "never seen ";
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (i > 0) out += i + 1 == states.size() ? " or " : ", ";
    out += states[i];
  }
  return out;
}

/// A rule or operand not fully covered, where it is written, and the rules that read it.
struct Uncovered {
  SourceLocation location;
  std::string text;  ///< "rule ID" or "operand `TEXT`"
  std::vector<std::string_view> never_seen;
  std::vector<std::string> rules;  ///< operands: the rules that read it
};

/// Every uncovered item, each once, in file order: an operand shared by several rules (a derived
/// value) is listed once with every rule that reads it.
std::vector<Uncovered> uncovered_items(const Coverage& coverage) {
  std::map<std::tuple<std::string, std::uint32_t, std::uint32_t, std::string>, Uncovered> items;
  for (const RuleCoverage& r : coverage.rules()) {
    if (!r.covered()) {
      Uncovered& item = items[{r.rule->location.file, r.rule->location.where.line,
                               r.rule->location.where.column, ""}];
      item = {r.rule->location, "rule " + r.rule->id, {}, {}};
      if (!r.fired) item.never_seen.push_back("fired");
      if (!r.not_fired) item.never_seen.push_back("not fired");
    }
    for (const OperandCoverage& o : r.operands) {
      if (o.covered()) continue;
      Uncovered& item =
          items[{o.location.file, o.location.where.line, o.location.where.column, o.text}];
      if (item.text.empty()) {
        item = {o.location, "operand `" + o.text + "`", {}, {}};
        if (!o.seen_true) item.never_seen.push_back("true");
        if (!o.seen_false) item.never_seen.push_back("false");
        if (o.can_be_unknown && !o.seen_unknown) item.never_seen.push_back("unknown");
      }
      item.rules.push_back(r.rule->id);
    }
  }
  std::vector<Uncovered> out;
  for (auto& [where, item] : items)
    out.push_back(std::move(item));
  return out;
}

void print_coverage(const Coverage& coverage, const Painter& paint) {
  const Ruleset& ruleset = coverage.ruleset();
  std::cout << "\n"
            << paint("coverage of " + std::string(ruleset.source_name()), Style::bold) << " ("
            << count_of(coverage.recorded(), "test") << "):\n";
  std::size_t width = 4;
  for (const RuleCoverage& r : coverage.rules())
    width = std::max(width, r.rule->id.size());
  auto yes_no = [&](bool seen) {
    return seen ? paint("yes", Style::green) : paint("NO ", Style::red);
  };
  std::cout << "  " << std::string("rule") << std::string(width - 4, ' ')
            << "  fired  not fired  unresolved  operand states\n";
  for (const RuleCoverage& r : coverage.rules()) {
    std::size_t seen = 0, possible = 0;
    for (const OperandCoverage& o : r.operands) {
      seen += o.states_seen();
      possible += o.states_possible();
    }
    std::cout << "  " << r.rule->id << std::string(width - r.rule->id.size(), ' ') << "  "
              << yes_no(r.fired) << "    " << yes_no(r.not_fired) << "        "
              << (r.can_be_unresolved ? (r.unresolved ? "yes" : "no ") : "n/a") << "         "
              << seen << "/" << possible << "\n";
  }
  std::cout << "  rules:    " << coverage.rules_covered() << "/" << coverage.rules().size()
            << " seen fired and not fired (" << percent(coverage.rule_percent()) << ")\n"
            << "  operands: " << coverage.operand_states_seen() << "/"
            << coverage.operand_states_possible() << " states seen ("
            << percent(coverage.operand_percent()) << ")\n";
  const std::vector<Uncovered> uncovered = uncovered_items(coverage);
  if (uncovered.empty()) return;
  std::cout << "  uncovered:\n";
  for (const Uncovered& item : uncovered) {
    std::cout << "    " << location(item.location) << ": " << item.text << " "
              << never_seen(item.never_seen);
    if (!item.rules.empty()) std::cout << " (in " << ids(item.rules) << ")";
    std::cout << "\n";
  }
}

// ---- JSON ---------------------------------------------------------------------------------

template <typename Strings>
void json_strings(std::string& out, const Strings& list) {
  out += '[';
  bool first = true;
  for (const auto& s : list) {
    if (!first) out += ',';
    first = false;
    io::append_string(out, s);
  }
  out += ']';
}

void json_location(std::string& out, const std::string& file, const SourcePosition& where) {
  out += "\"file\":";
  io::append_string(out, file);
  out += ",\"line\":" + std::to_string(where.line);
  out += ",\"column\":" + std::to_string(where.column);
}

void json_coverage(std::string& out, const Coverage& coverage) {
  out += "{\"rules\":[";
  bool first = true;
  for (const RuleCoverage& r : coverage.rules()) {
    std::size_t seen = 0, possible = 0;
    for (const OperandCoverage& o : r.operands) {
      seen += o.states_seen();
      possible += o.states_possible();
    }
    out += first ? "{\"id\":" : ",{\"id\":";
    first = false;
    io::append_string(out, r.rule->id);
    out += std::string(",\"fired\":") + (r.fired ? "true" : "false");
    out += std::string(",\"not_fired\":") + (r.not_fired ? "true" : "false");
    out += std::string(",\"unresolved\":") +
           (r.can_be_unresolved ? (r.unresolved ? "true" : "false") : "null");
    out += ",\"operand_states_seen\":" + std::to_string(seen);
    out += ",\"operand_states_possible\":" + std::to_string(possible) + "}";
  }
  out += "],\"rules_covered\":" + std::to_string(coverage.rules_covered());
  out += ",\"rules_total\":" + std::to_string(coverage.rules().size());
  out += ",\"rule_percent\":";
  io::append_number(out, coverage.rule_percent());
  out += ",\"operand_states_seen\":" + std::to_string(coverage.operand_states_seen());
  out += ",\"operand_states_possible\":" + std::to_string(coverage.operand_states_possible());
  out += ",\"operand_percent\":";
  io::append_number(out, coverage.operand_percent());
  out += ",\"uncovered\":[";
  first = true;
  for (const Uncovered& item : uncovered_items(coverage)) {
    out += first ? "{" : ",{";
    first = false;
    json_location(out, item.location.file, item.location.where);
    out += ",\"item\":";
    io::append_string(out, item.text);
    out += ",\"never_seen\":";
    json_strings(out, item.never_seen);
    out += ",\"rules\":";
    json_strings(out, item.rules);
    out += "}";
  }
  out += "]}";
}

/// Every file's tests (and coverage), as one JSON document (the shape is in docs/cli.md).
std::string test_json(const std::vector<FileRun>& runs, const TestRequest& request, bool below) {
  std::string out = "{\"files\":[";
  std::size_t tests = 0, failed = 0, covered = 0, rules = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const FileRun& run = runs[i];
    out += i ? ",{\"file\":" : "{\"file\":";
    io::append_string(out, run.path);
    if (!run.loaded.ok()) {
      out += ",\"ok\":false,\"diagnostics\":";
      append_diagnostics_json(out, run.loaded.diagnostics());
      out += "}";
      continue;
    }
    const Ruleset& ruleset = run.loaded.value();
    out += ",\"ok\":true,\"ruleset\":{\"id\":";
    io::append_string(out, ruleset.id());
    out += ",\"version\":";
    io::append_string(out, ruleset.version());
    out += ",\"content_hash\":";
    io::append_string(out, ruleset.content_hash());
    out += "},\"tests\":[";
    for (std::size_t t = 0; t < run.tests.size(); ++t) {
      const TestRun& test = run.tests[t];
      out += t ? ",{\"name\":" : "{\"name\":";
      io::append_string(out, test.test->name);
      out += ',';
      json_location(out, test.test->file, test.test->where);
      out += std::string(",\"passed\":") + (test.outcome.passed ? "true" : "false");
      out += ",\"failures\":";
      json_strings(out, test.outcome.failures);
      out += ",\"actual\":";
      if (test.outcome.passed) {
        out += "null";
      } else {
        io::append_string(out, test.actual);
      }
      out += "}";
    }
    out += "],\"passed\":" + std::to_string(run.tests.size() - run.failed());
    out += ",\"failed\":" + std::to_string(run.failed());
    if (run.coverage && request.coverage) {
      out += ",\"coverage\":";
      json_coverage(out, *run.coverage);
    }
    out += "}";
    tests += run.tests.size();
    failed += run.failed();
    if (run.coverage) {
      covered += run.coverage->rules_covered();
      rules += run.coverage->rules().size();
    }
  }
  out += "],\"tests\":" + std::to_string(tests);
  out += ",\"passed\":" + std::to_string(tests - failed);
  out += ",\"failed\":" + std::to_string(failed);
  if (request.coverage || request.min_coverage) {
    out += ",\"rule_coverage\":{\"covered\":" + std::to_string(covered) +
           ",\"rules\":" + std::to_string(rules) + ",\"percent\":";
    io::append_number(out, rules == 0 ? 100.0 : 100.0 * double(covered) / double(rules));
    out += "}";
  }
  if (request.min_coverage) {
    out += ",\"min_coverage\":";
    io::append_number(out, *request.min_coverage);
    out += std::string(",\"below_min_coverage\":") + (below ? "true" : "false");
  }
  return out + "}\n";
}

// ---- JUnit --------------------------------------------------------------------------------

std::vector<JunitSuite> junit_suites(const std::vector<FileRun>& runs) {
  std::vector<JunitSuite> suites;
  for (const FileRun& run : runs) {
    JunitSuite& suite = suites.emplace_back();
    suite.file = run.path;
    suite.name = std::filesystem::path(run.path).stem().string();
    if (!run.loaded.ok()) {
      JunitCase& load = suite.cases.emplace_back();
      load.name = "load " + run.path;
      load.file = run.path;
      load.error = run.path + ": failed to load\n" + run.loaded.formatted();
      if (!run.loaded.diagnostics().empty())
        load.line = run.loaded.diagnostics().front().where.line;
      continue;
    }
    suite.name = run.loaded.value().id();
    if (run.coverage) {
      suite.properties = {{"rule_coverage", percent(run.coverage->rule_percent())},
                          {"operand_coverage", percent(run.coverage->operand_percent())}};
    }
    for (const TestRun& t : run.tests) {
      JunitCase& c = suite.cases.emplace_back();
      c.name = t.test->name;
      c.file = t.test->file;
      c.line = t.test->where.line;
      c.failures = t.outcome.failures;
      if (!t.outcome.passed) c.detail = "actual: " + t.actual + "\n";
    }
  }
  return suites;
}

/// Writes the report; false (after a message on standard error) when it cannot.
bool write_junit(const std::string& path, const std::string& xml) {
  if (path == "-") {
    std::cout << xml;
    return true;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << xml;
  out.close();
  if (!out) {
    std::cerr << "redflag " << kCommand << ": cannot write the JUnit report to " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace

int run_test(std::span<const std::string_view> args) {
  TestRequest request;
  std::string error;
  const auto rest = take_valued_options(args, request, error);
  if (!rest) return usage_error(kCommand, error, kUsage);
  const std::optional<ParsedArgs> parsed =
      parse_args(*rest, {"--help", "--coverage", "--no-color", "--json"}, error);
  if (!parsed) return usage_error(kCommand, error, kUsage);
  if (parsed->has("--help")) {
    std::cout << kHelp;
    return kExitOk;
  }
  request.coverage = parsed->has("--coverage");
  request.no_color = parsed->has("--no-color");
  request.json = parsed->has("--json");
  if (request.json && request.junit == "-") {
    return usage_error(kCommand, "--json and --junit - both write to standard output", kUsage);
  }
  if (parsed->positional.empty()) return usage_error(kCommand, "missing RULES", kUsage);
  for (const std::string_view path : parsed->positional) {
    if (path == "-") return usage_error(kCommand, "RULES must be files ('-' is not one)", kUsage);
    std::string file = rule_file_of(path);
    if (std::find(request.rules.begin(), request.rules.end(), file) == request.rules.end()) {
      request.rules.push_back(std::move(file));
    }
  }

  const bool measure = request.coverage || request.min_coverage.has_value();
  std::vector<FileRun> runs;
  for (const std::string& path : request.rules)
    runs.push_back(run_file(path, measure));

  const bool report = request.junit != "-" && !request.json;
  const Painter paint(report && want_color(request.no_color));
  bool bad_input = false;
  std::size_t tests = 0, failed = 0, covered = 0, rules = 0;
  for (const FileRun& run : runs) {
    if (!run.loaded.diagnostics().empty() && !request.json) {
      const std::string formatted = run.loaded.formatted();
      std::cerr << formatted << (formatted.ends_with('\n') ? "" : "\n");
    }
    if (!run.loaded.ok()) {
      bad_input = true;
      if (!request.json)
        std::cerr << "redflag " << kCommand << ": " << run.path
                  << ": failed to load; its tests did not run\n";
      continue;
    }
    tests += run.tests.size();
    failed += run.failed();
    if (run.coverage) {
      covered += run.coverage->rules_covered();
      rules += run.coverage->rules().size();
    }
    if (!report) continue;
    print_failures(run, paint);
    std::cout << run.path << ": " << count_of(run.tests.size(), "test") << ", "
              << run.tests.size() - run.failed() << " passed";
    if (run.failed() > 0)
      std::cout << ", " << paint(std::to_string(run.failed()) + " failed", Style::red);
    std::cout << "\n";
  }
  if (report && request.coverage) {
    for (const FileRun& run : runs)
      if (run.coverage) print_coverage(*run.coverage, paint);
  }
  if (report && runs.size() > 1) {
    std::cout << "\ntotal: " << count_of(tests, "test") << ", " << tests - failed << " passed";
    if (failed > 0) std::cout << ", " << paint(std::to_string(failed) + " failed", Style::red);
    if (measure) {
      std::cout << "; rule coverage " << covered << "/" << rules << " ("
                << percent(rules == 0 ? 100.0 : 100.0 * double(covered) / double(rules)) << ")";
    }
    std::cout << "\n";
  }

  bool below = false;
  if (request.min_coverage) {
    const double total = rules == 0 ? 100.0 : 100.0 * double(covered) / double(rules);
    below = total < *request.min_coverage;
    if (below && !request.json) {
      std::cerr << "redflag " << kCommand << ": rule coverage " << percent(total)
                << " is below --min-coverage " << format_number(*request.min_coverage) << "%\n";
    }
  }
  if (request.json) std::cout << test_json(runs, request, below);
  if (request.junit &&
      !write_junit(*request.junit, junit_xml("redflag test", junit_suites(runs)))) {
    return kExitBadInput;
  }
  if (bad_input) return kExitBadInput;
  return failed > 0 || below ? kExitFindings : kExitOk;
}

}  // namespace redflag::cli
