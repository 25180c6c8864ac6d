// redflag C ABI: loading a rule set (rf_ruleset_load_*).
#include <atomic>
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

int load_file(rf_ruleset** out, const char* path, rf_diagnostics** diagnostics,
              const char* function) noexcept {
  if (diagnostics) *diagnostics = nullptr;
  if (!out) return null_argument("out", function);
  *out = nullptr;
  if (int s = check_string(path, "path", function); s != RF_OK) return s;
  return load_guarded(out, diagnostics, [&] {
    const std::u8string_view u8(reinterpret_cast<const char8_t*>(path));
    return redflag::load_file(std::filesystem::path(u8));
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
                rf_diagnostics** diagnostics, const char* function) noexcept {
  if (diagnostics) *diagnostics = nullptr;
  if (!out) return null_argument("out", function);
  *out = nullptr;
  if (!text) return null_argument("text", function);
  if (!source_name) source_name = "<string>";
  if (int s = check_string(source_name, "source_name", function); s != RF_OK) return s;
  const std::string_view source(text, length);
  return guarded([&] {
    if (int s = check_text(source, source_name, function); s != RF_OK) return s;
    return load_guarded(out, diagnostics, [&] { return redflag::load(source, source_name); });
  });
}

}  // namespace
}  // namespace redflag_c

using namespace redflag_c;

extern "C" {

int rf_ruleset_load_file(rf_ruleset** out, const char* path, rf_diagnostics** diagnostics) {
  return load_file(out, path, diagnostics, __func__);
}

int rf_ruleset_load_string(rf_ruleset** out, const char* text, size_t length,
                           const char* source_name, rf_diagnostics** diagnostics) {
  return load_string(out, text, length, source_name, diagnostics, __func__);
}

}  // extern "C"
