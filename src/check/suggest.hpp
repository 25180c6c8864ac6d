// redflag: "did you mean" for unknown names (suggest.cpp). Used by the checker's messages and by
// the export readers (an unknown column of a CSV header).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace redflag {
inline namespace v1 {
namespace detail {

/// The candidate closest to `name` by edit distance, if it is close enough to be what was meant
/// (at most max(2, size / 3) edits); else "".
std::string closest(std::string_view name, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" when a candidate is close enough (closest()), else "".
std::string suggest(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
