// redflag C ABI: loading a rule set (rf_ruleset_load_*), with rf_load_options.
#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "handles.hpp"
#include "redflag/load.hpp"

namespace redflag_c {
namespace {

/// Serial numbers of rf_rulesets: rf_evaluate_json keeps its answers while the rule set's is the
/// same (an address could be reused by a rule set loaded after another was freed).
std::atomic<std::uint64_t> next_serial{1};

/// A limit of rf_load_options and the LoadOptions member it sets (0 keeps the default).
using Limit = std::pair<std::size_t rf_load_options::*, std::size_t redflag::LoadOptions::*>;
constexpr Limit limits[] = {
    {&rf_load_options::max_source_bytes, &redflag::LoadOptions::max_source_bytes},
    {&rf_load_options::max_nesting_depth, &redflag::LoadOptions::max_nesting_depth},
    {&rf_load_options::max_rules, &redflag::LoadOptions::max_rules},
    {&rf_load_options::max_questions, &redflag::LoadOptions::max_questions},
    {&rf_load_options::max_use_depth, &redflag::LoadOptions::max_use_depth},
    {&rf_load_options::max_string_bytes, &redflag::LoadOptions::max_string_bytes},
};

int check_version(unsigned int version, const char* function) {
  if (version >= 1 && version <= RF_LOAD_OPTIONS_VERSION) return RF_OK;
  return fail(RF_EINVALID, std::string(function) + ": rf_load_options version " +
                               std::to_string(version) +
                               " is not supported (the newest this library reads is " +
                               std::to_string(RF_LOAD_OPTIONS_VERSION) +
                               "): set it with RF_LOAD_OPTIONS_INIT or rf_load_options_init()");
}

/// Reads `opts` (NULL: the defaults) into `out`. RF_EINVALID (recorded) for options this library
/// cannot read: an unknown version, parameter arrays that are NULL, an id that is NULL, not
/// UTF-8 or given twice, a value that is NaN. A version-1 caller's struct ends after
/// parameter_count: fields added by later versions are read only when opts->version has them.
int read_options(const rf_load_options* opts, redflag::LoadOptions& out, const char* function) {
  if (!opts) return RF_OK;
  if (int s = check_version(opts->version, function); s != RF_OK) return s;
  for (const auto& [from, to] : limits) {
    if (opts->*from != 0) out.*to = opts->*from;
  }
  out.load_tests = opts->load_tests != 0;
  if (opts->parameter_count == 0) return RF_OK;
  if (!opts->parameter_ids || !opts->parameter_values) {
    return null_argument(!opts->parameter_ids ? "parameter_ids" : "parameter_values", function);
  }
  for (std::size_t i = 0; i < opts->parameter_count; ++i) {
    const char* id = opts->parameter_ids[i];
    const double value = opts->parameter_values[i];
    const std::string what = "parameter_ids[" + std::to_string(i) + "]";
    if (int s = check_string(id, what.c_str(), function); s != RF_OK) return s;
    if (std::isnan(value)) {
      return fail(RF_EINVALID, std::string(function) + ": parameter '" + id + "' is NaN");
    }
    if (!out.parameters.emplace(id, value).second) {
      return fail(RF_EINVALID, std::string(function) + ": parameter '" + id + "' is given twice");
    }
  }
  return RF_OK;
}

int finish_load(rf_ruleset** out, rf_diagnostics** diagnostics, redflag::LoadResult&& loaded) {
  if (diagnostics) *diagnostics = new rf_diagnostics{loaded.diagnostics(), loaded.formatted()};
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics()) {
      if (d.severity != redflag::Severity::error) continue;
      const int code = d.code == "read-failed" ? RF_EIO : RF_ELOAD;
      return fail(code, d.message, d.file, d.where.line, d.where.column);
    }
    return fail(RF_ELOAD, "the rule set could not be loaded");
  }
  *out = new rf_ruleset(loaded.value(), next_serial.fetch_add(1));
  return RF_OK;
}

/// Runs `load` (giving a LoadResult) into *out and *diagnostics. On an exception (after the
/// diagnostics were handed out) undoes the partial load.
template <class Load>
int load_guarded(rf_ruleset** out, rf_diagnostics** diagnostics, Load&& load) noexcept {
  const int status = guarded([&] { return finish_load(out, diagnostics, load()); });
  if (status != RF_OK && status != RF_ELOAD && status != RF_EIO) {
    *out = nullptr;
    if (diagnostics) {
      delete *diagnostics;
      *diagnostics = nullptr;
    }
  }
  return status;
}

int load_file(rf_ruleset** out, const char* path, const rf_load_options* opts,
              rf_diagnostics** diagnostics, const char* function) noexcept {
  if (diagnostics) *diagnostics = nullptr;
  if (!out) return null_argument("out", function);
  *out = nullptr;
  if (int s = check_string(path, "path", function); s != RF_OK) return s;
  return guarded([&] {
    redflag::LoadOptions options;
    if (int s = read_options(opts, options, function); s != RF_OK) return s;
    return load_guarded(out, diagnostics, [&] {
      const std::u8string_view u8(reinterpret_cast<const char8_t*>(path));
      return redflag::load_file(std::filesystem::path(u8), options);
    });
  });
}

/// The text is refused when it is not UTF-8, with the line and column of the first bad byte.
int check_text(std::string_view text, const char* source_name, const char* function) {
  const auto bad = invalid_utf8(text);
  if (bad == std::string_view::npos) return RF_OK;
  unsigned line = 1, column = 1;
  for (std::size_t i = 0; i < bad; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fail(
      RF_EINVALID,
      std::string(function) + ": the text is not valid UTF-8 (byte " + std::to_string(bad) + ")",
      source_name, line, column);
}

int load_string(rf_ruleset** out, const char* text, std::size_t length, const char* source_name,
                const rf_load_options* opts, rf_diagnostics** diagnostics,
                const char* function) noexcept {
  if (diagnostics) *diagnostics = nullptr;
  if (!out) return null_argument("out", function);
  *out = nullptr;
  if (!text) return null_argument("text", function);
  if (!source_name) source_name = "<string>";
  if (int s = check_string(source_name, "source_name", function); s != RF_OK) return s;
  const std::string_view source(text, length);
  return guarded([&] {
    if (int s = check_text(source, source_name, function); s != RF_OK) return s;
    redflag::LoadOptions options;
    if (int s = read_options(opts, options, function); s != RF_OK) return s;
    return load_guarded(out, diagnostics,
                        [&] { return redflag::load(source, source_name, options); });
  });
}

}  // namespace
}  // namespace redflag_c

using namespace redflag_c;

extern "C" {

int rf_load_options_init(rf_load_options* opts, unsigned int version) {
  if (!opts) return null_argument("opts", __func__);
  return guarded([&, fn = __func__]() -> int {
    if (int s = check_version(version, fn); s != RF_OK) return s;
    // Version 1 is the whole struct. A later version writes only the fields of `version`.
    *opts = rf_load_options RF_LOAD_OPTIONS_INIT;
    return RF_OK;
  });
}

int rf_ruleset_load_file(rf_ruleset** out, const char* path, rf_diagnostics** diagnostics) {
  return load_file(out, path, nullptr, diagnostics, __func__);
}

int rf_ruleset_load_file_ext(rf_ruleset** out, const char* path, const rf_load_options* opts,
                             rf_diagnostics** diagnostics) {
  return load_file(out, path, opts, diagnostics, __func__);
}

int rf_ruleset_load_string(rf_ruleset** out, const char* text, size_t length,
                           const char* source_name, rf_diagnostics** diagnostics) {
  return load_string(out, text, length, source_name, nullptr, diagnostics, __func__);
}

int rf_ruleset_load_string_ext(rf_ruleset** out, const char* text, size_t length,
                               const char* source_name, const rf_load_options* opts,
                               rf_diagnostics** diagnostics) {
  return load_string(out, text, length, source_name, opts, diagnostics, __func__);
}

}  // extern "C"
