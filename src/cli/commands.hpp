// redflag CLI: the subcommands, one file each. main.cpp dispatches to them by name; a new
// subcommand (batch, test, lint, diff, doc) adds its entry point here and a row to the table in
// main.cpp.
#pragma once

#include <span>
#include <string_view>

namespace redflag::cli {

/// `redflag check RULES [ANSWERS.json|-] [--json] [--explain] [--no-color]` (check.cpp).
int run_check(std::span<const std::string_view> args);

}  // namespace redflag::cli
