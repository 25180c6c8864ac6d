// redflag CLI: the `redflag` executable. Dispatches to the subcommands (one file each, declared in
// commands.hpp) and answers `--help` and `--version` itself.
#include <array>
#include <exception>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "redflag/version.hpp"

namespace redflag::cli {
namespace {

/// A subcommand: its name, a one-line summary for `redflag --help`, and its entry point.
struct Subcommand {
  std::string_view name;
  std::string_view summary;
  Command run;
};

constexpr std::array kSubcommands = {
    Subcommand{"check", "validate a rule file, or evaluate one answers document against it",
               run_check},
    Subcommand{"batch", "screen an export (CSV, NDJSON, FHIR) and write one result per record",
               run_batch},
    Subcommand{"test", "run the tests that live with rule files, with coverage and JUnit XML",
               run_test},
    Subcommand{"lint", "find unreachable rules, rules that never matter, unused names", run_lint},
    Subcommand{"diff", "compare two versions of a rule file: structure and outcomes", run_diff},
    Subcommand{"doc", "render a rule file for clinical sign-off (Markdown or HTML)", run_doc},
    Subcommand{"graph", "Graphviz DOT of questions, derived values, rules and levels", run_graph},
};

constexpr std::string_view kUsage =
    "usage: redflag COMMAND [ARGUMENTS...]\n"
    "       redflag --help | --version\n";

/// The exit-code table; every subcommand keeps to it.
constexpr std::string_view kExitCodes =
    "exit codes:\n"
    "  0   ok: the command did what was asked (a rule file loaded, answers were evaluated)\n"
    "  1   findings: a checking command found problems (failed rule tests, lint findings)\n"
    "  2   bad input: a file that cannot be read, a rule file with errors, invalid JSON,\n"
    "      answers with errors (no level is given); also output that cannot be written\n"
    "  64  usage error: an unknown command or option, a missing or extra argument\n"
    "  70  internal error: a bug in redflag; please report it\n";

void print_help() {
  std::cout << kUsage
            << "\n"
               "Red-flag triage rules: load a declarative rule file, evaluate questionnaire\n"
               "answers, and get an urgency level with its rationale.\n"
               "\n"
               "commands:\n";
  for (const Subcommand& sub : kSubcommands) {
    std::cout << "  " << sub.name
              << std::string(sub.name.size() < 10 ? 10 - sub.name.size() : 1, ' ') << sub.summary
              << "\n";
  }
  std::cout << "  help      show the help of a command: redflag help COMMAND\n"
               "\n"
               "options:\n"
               "  -h, --help   show this help and exit\n"
               "  --version    print the version and exit\n"
               "\n"
               "Run 'redflag COMMAND --help' for the options of a command.\n"
               "\n"
            << kExitCodes
            << "\n"
               "environment:\n"
               "  NO_COLOR     when set and not empty, never color the output (color is only\n"
               "               used when standard output is a terminal)\n";
}

const Subcommand* find_subcommand(std::string_view name) {
  for (const Subcommand& sub : kSubcommands) {
    if (sub.name == name) return &sub;
  }
  return nullptr;
}

int unknown_command(std::string_view name) {
  return usage_error("", "unknown command '" + std::string(name) + "'", kUsage);
}

int dispatch(std::span<const std::string_view> args) {
  if (args.empty()) return usage_error("", "missing COMMAND", kUsage);
  const std::string_view first = args.front();
  if (first == "--help" || first == "-h") {
    print_help();
    return kExitOk;
  }
  if (first == "--version") {
    std::cout << "redflag " << redflag::version() << "\n";
    return kExitOk;
  }
  if (first == "help") {
    if (args.size() == 1) {
      print_help();
      return kExitOk;
    }
    if (args.size() > 2) return usage_error("help", "expected one COMMAND", kUsage);
    const Subcommand* sub = find_subcommand(args[1]);
    if (sub == nullptr) return unknown_command(args[1]);
    constexpr std::array<std::string_view, 1> kHelpFlag = {"--help"};
    return sub->run(kHelpFlag);
  }
  if (first.starts_with('-')) {
    return usage_error("", "unknown option '" + std::string(first) + "'", kUsage);
  }
  const Subcommand* sub = find_subcommand(first);
  if (sub == nullptr) return unknown_command(first);
  return sub->run(args.subspan(1));
}

}  // namespace
}  // namespace redflag::cli

int main(int argc, char** argv) {
  using namespace redflag::cli;
  int code = kExitInternal;
  try {
    const std::vector<std::string_view> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    code = dispatch(args);
  } catch (const std::exception& e) {
    std::cerr << "redflag: internal error: " << e.what() << "\n";
    return kExitInternal;
  } catch (...) {
    std::cerr << "redflag: internal error\n";
    return kExitInternal;
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "redflag: cannot write to standard output\n";
    return code == kExitOk ? kExitBadInput : code;
  }
  return code;
}
