// redflag CLI: the subcommands, one file each. main.cpp dispatches to them by name; a new
// subcommand (batch, test, lint, diff, doc) adds its entry point here and a row to the table in
// main.cpp.
#pragma once

#include <span>
#include <string_view>

namespace redflag::cli {

/// `redflag check RULES [ANSWERS.json|-] [--json] [--explain] [--no-color]` (check.cpp).
int run_check(std::span<const std::string_view> args);

/// `redflag batch` (batch.cpp).
int run_batch(std::span<const std::string_view> args);

/// `redflag test` (test.cpp).
int run_test(std::span<const std::string_view> args);

/// `redflag lint` (lint.cpp).
int run_lint(std::span<const std::string_view> args);

/// `redflag diff` (diff.cpp).
int run_diff(std::span<const std::string_view> args);

/// `redflag doc` (doc.cpp).
int run_doc(std::span<const std::string_view> args);

/// `redflag graph` (graph.cpp).
int run_graph(std::span<const std::string_view> args);

}  // namespace redflag::cli
