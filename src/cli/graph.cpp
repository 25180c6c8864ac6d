// redflag CLI: `redflag graph RULES`, the rule set as a Graphviz DOT graph: questions and
// parameters -> derived values -> rules -> levels.
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "analysis/graph.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace redflag::cli {
namespace {

constexpr std::string_view kCommand = "graph";

constexpr std::string_view kUsage = "usage: redflag graph RULES\n";

constexpr std::string_view kHelp =
    "usage: redflag graph RULES\n"
    "\n"
    "Print the rule file RULES as a Graphviz DOT graph: each question (box) and parameter\n"
    "(note) points to the derived values (ellipses) and rules (rounded boxes) that read it,\n"
    "each derived value to what reads it, and each rule to its level (octagons, colored by\n"
    "indicator). Render it with, for example: redflag graph RULES | dot -Tsvg > rules.svg\n"
    "\n"
    "options:\n"
    "  -h, --help   show this help and exit\n"
    "\n"
    "exit codes:\n"
    "  0   printed\n"
    "  2   bad input: an unreadable file or a rule file with errors\n"
    "  64  usage error\n";

}  // namespace

int run_graph(std::span<const std::string_view> args) {
  std::string error;
  const std::optional<ParsedArgs> parsed = parse_args(args, {"--help"}, error);
  if (!parsed) return usage_error(kCommand, error, kUsage);
  if (parsed->has("--help")) {
    std::cout << kHelp;
    return kExitOk;
  }
  if (parsed->positional.size() != 1) {
    return usage_error(kCommand,
                       parsed->positional.empty() ? "missing RULES" : "expected one RULES", kUsage);
  }
  const std::optional<Ruleset> ruleset = load_rules(kCommand, parsed->positional[0]);
  if (!ruleset) return kExitBadInput;
  std::cout << detail::dot(*ruleset);
  return kExitOk;
}

}  // namespace redflag::cli
