// redflag C ABI: the diagnostics of a load (rf_diagnostics).
#include <span>

#include "handles.hpp"

namespace redflag_c {
namespace {

const redflag::Diagnostic* diagnostic_at(const rf_diagnostics* diagnostics, std::size_t i,
                                         const char* function) {
  if (!diagnostics) return null_argument("diagnostics", function), nullptr;
  return element(std::span(diagnostics->list), i, "diagnostic", function);
}

}  // namespace
}  // namespace redflag_c

using namespace redflag_c;

extern "C" {

size_t rf_diagnostics_count(const rf_diagnostics* diagnostics) {
  if (!diagnostics) return null_argument("diagnostics", __func__), 0;
  return diagnostics->list.size();
}

int rf_diagnostics_severity(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, __func__);
  if (!d) return -1;
  return d->severity == redflag::Severity::error ? 0 : 1;
}

const char* rf_diagnostics_code(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, __func__);
  return d ? d->code.c_str() : nullptr;
}

const char* rf_diagnostics_message(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, __func__);
  return d ? d->message.c_str() : nullptr;
}

const char* rf_diagnostics_file(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, __func__);
  return d ? d->file.c_str() : nullptr;
}

unsigned rf_diagnostics_line(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, __func__);
  return d ? d->where.line : 0;
}

unsigned rf_diagnostics_column(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, __func__);
  return d ? d->where.column : 0;
}

const char* rf_diagnostics_formatted(const rf_diagnostics* diagnostics) {
  if (!diagnostics) return null_argument("diagnostics", __func__), nullptr;
  return diagnostics->formatted.c_str();
}

void rf_diagnostics_free(rf_diagnostics* diagnostics) {
  delete diagnostics;
}

}  // extern "C"
