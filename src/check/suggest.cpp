// redflag checker: "did you mean" for unknown names, and the lists of names that messages offer.
#include <algorithm>

#include "check/suggest.hpp"

#include "check/checker.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closest(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::string_view cand = c;
    const auto d = edit_distance(name, cand);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(cand);
    }
  }
  return best;
}

std::string suggest(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string best = closest(name, candidates);
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string join(const std::vector<Option>& options) {
  std::string s;
  for (const auto& o : options)
    s += (s.empty() ? "" : ", ") + o.id;
  return s;
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
