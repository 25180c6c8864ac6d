// redflag: loading rule files, with every problem reported.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "redflag/diagnostics.hpp"
#include "redflag/ruleset.hpp"

namespace spdlog {
class logger;
}

namespace redflag {
inline namespace v1 {

/// Options for load() and load_file(). Every limit gives a `limit-exceeded` diagnostic naming
/// the place and the option when exceeded; none lets a hostile file exhaust the stack or memory
/// (see docs/fuzzing.md).
struct LoadOptions {
  std::size_t max_source_bytes = 4u << 20;  ///< per file
  /// Expression nesting (brackets plus runs of `not` / unary minus). Parsing recurses once per
  /// level: raise it only with stack to spare.
  std::size_t max_nesting_depth = 64;
  std::size_t max_rules = 10000;
  std::size_t max_questions = 10000;
  std::size_t max_use_depth = 16;  ///< `use` chains
  /// Bytes between the quotes of one string literal (a prompt, advice, `because` text...).
  std::size_t max_string_bytes = 4096;
  /// Override `param` values by id (an unknown id is a load error).
  std::map<std::string, double, std::less<>> parameters;
  /// Also load `<name>.test.rf` beside a rule file loaded with load_file(), when it exists.
  bool load_tests = false;
  /// Reads a file named by `use` (default: the file system, relative to the using file).
  std::function<std::optional<std::string>(const std::filesystem::path&)> read_file;
  /// Receives debug messages about loading; the library is silent without one.
  std::shared_ptr<spdlog::logger> logger;
};

/// Thrown by LoadResult::value() when loading failed.
class LoadError : public std::runtime_error {
 public:
  explicit LoadError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// A loaded Ruleset, or the errors that prevented loading. Warnings may accompany either.
class LoadResult {
 public:
  LoadResult(std::optional<Ruleset> ruleset, std::vector<Diagnostic> diagnostics)
      : ruleset_(std::move(ruleset)), diagnostics_(std::move(diagnostics)) {}

  bool ok() const noexcept { return ruleset_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }

  /// The rule set; throws LoadError when !ok().
  const Ruleset& value() const;
  const Ruleset* operator->() const { return &value(); }

  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }
  /// Every diagnostic, formatted like a compiler's (see redflag::format).
  std::string formatted() const { return format(diagnostics_); }

 private:
  std::optional<Ruleset> ruleset_;
  std::vector<Diagnostic> diagnostics_;
};

/// Loads a rule set from text. `source_name` names it in diagnostics; `use` paths in it resolve
/// relative to the directory of `source_name`.
LoadResult load(std::string_view text, std::string_view source_name = "<string>",
                const LoadOptions& options = {});

/// Loads a rule set from a file.
LoadResult load_file(const std::filesystem::path& path, const LoadOptions& options = {});

/// The directory of the rule sets installed with redflag (`low_back_pain.rf`, `start_back.rf`,
/// ... under `<prefix>/share/redflag/rules`): the environment variable REDFLAG_RULES_DIR when
/// set, else the rules installed beside the program or library that holds redflag, else the
/// install prefix redflag was built for.
std::filesystem::path bundled_rules_directory();

/// A rule file named on a command line: `name_or_path` itself when it is a path or an existing
/// file, and for a bare name (no directory, no extension) that is not a file here, the bundled
/// rule set of that name (bundled_rules_directory() / "NAME.rf") when there is one.
std::filesystem::path find_rules(std::string_view name_or_path);

/// Loads the bundled rule set `name` (e.g. "low_back_pain") from bundled_rules_directory().
LoadResult load_bundled(std::string_view name, const LoadOptions& options = {});

}  // namespace v1
}  // namespace redflag
