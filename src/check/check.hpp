// redflag checker: resolves names, checks types and lowers the syntax tree of a rule file (and
// the files it uses, and its tests) to the evaluation Program. What evaluation then computes once
// from that program is the next stage's: eval/prepare.hpp.
#pragma once

#include <memory>
#include <vector>

#include "eval/program.hpp"
#include "redflag/diagnostics.hpp"
#include "redflag/load.hpp"
#include "source.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// Checks `files` (the main file first) and lowers them. Every problem is appended to
/// `diagnostics`; returns nullptr when there was at least one error.
std::shared_ptr<Program> check(const SourceFiles& files, const LoadOptions& options,
                               std::vector<Diagnostic>& diagnostics);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
