// redflag CLI: `redflag batch` progress bar on standard error (see batch.hpp).
#include <cstdio>

#include "batch.hpp"

namespace redflag::cli::batch {

Progress::Progress(bool enabled, std::optional<std::uint64_t> total_bytes)
    : enabled_(enabled),
      total_(total_bytes && *total_bytes > 0 ? total_bytes : std::nullopt),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void Progress::update(std::size_t records, std::uint64_t bytes) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? double(records) / seconds : 0;
  char line[160];
  if (total_) {
    const double fraction = std::min(1.0, double(bytes) / double(*total_));
    const int filled = int(fraction * 30);
    char bar[31];
    for (int i = 0; i < 30; ++i)
      bar[i] = i < filled ? '#' : '-';
    bar[30] = '\0';
    const double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
    std::snprintf(line, sizeof line, "\r[%s] %3.0f%%  %zu records  %.0f records/s  ETA %.0fs   ",
                  bar, fraction * 100, records, rate, eta);
  } else {
    std::snprintf(line, sizeof line, "\r%zu records  %.0f records/s   ", records, rate);
  }
  std::fputs(line, stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace redflag::cli::batch
