// redflag analysis: the name-level dependency graph (see names.hpp).
#include "analysis/names.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

/// The declared name spelled `word`, if any. Questions, parameters and derived values share one
/// namespace in a rule file, so at most one matches.
std::optional<NameRef> lookup(const Ruleset& ruleset, std::string_view word) {
  if (auto q = ruleset.find_question(word)) return NameRef{NameRef::Kind::question, *q};
  const auto params = ruleset.parameters();
  for (std::size_t i = 0; i < params.size(); ++i)
    if (params[i].id == word) return NameRef{NameRef::Kind::parameter, i};
  const auto derived = ruleset.derived();
  for (std::size_t i = 0; i < derived.size(); ++i)
    if (derived[i].id == word) return NameRef{NameRef::Kind::derived, i};
  return std::nullopt;
}

void sort_unique(std::vector<std::size_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::vector<NameRef> names_in(const Ruleset& ruleset, std::string_view text) {
  std::vector<NameRef> out;
  for (std::size_t i = 0; i < text.size();) {
    if (!word_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && word_char(text[j]))
      ++j;
    const std::string_view word = text.substr(i, j - i);
    i = j;
    if (std::isdigit(static_cast<unsigned char>(word.front()))) continue;  // a number
    if (auto ref = lookup(ruleset, word);
        ref && std::find(out.begin(), out.end(), *ref) == out.end())
      out.push_back(*ref);
  }
  return out;
}

NameGraph name_graph(const Ruleset& ruleset) {
  NameGraph g;
  const auto derived = ruleset.derived();
  g.derived.resize(derived.size());
  std::vector<char> done(derived.size(), 0);
  // The reads of one text; derived values it names are closed first (the checker has rejected
  // cycles, and a `let` may name a later one).
  std::function<Reads(std::string_view)> reads = [&](std::string_view text) {
    Reads r;
    r.direct = names_in(ruleset, text);
    for (const NameRef& n : r.direct) {
      if (n.kind == NameRef::Kind::question) r.questions.push_back(n.index);
      if (n.kind == NameRef::Kind::parameter) r.parameters.push_back(n.index);
      if (n.kind != NameRef::Kind::derived) continue;
      if (!done[n.index]) {
        done[n.index] = 1;
        g.derived[n.index] = reads(derived[n.index].expression);
      }
      const Reads& sub = g.derived[n.index];
      r.derived.push_back(n.index);
      r.derived.insert(r.derived.end(), sub.derived.begin(), sub.derived.end());
      r.questions.insert(r.questions.end(), sub.questions.begin(), sub.questions.end());
      r.parameters.insert(r.parameters.end(), sub.parameters.begin(), sub.parameters.end());
    }
    sort_unique(r.questions), sort_unique(r.parameters), sort_unique(r.derived);
    return r;
  };
  for (std::size_t d = 0; d < derived.size(); ++d) {
    if (!done[d]) done[d] = 1, g.derived[d] = reads(derived[d].expression);
  }
  for (const Rule& rule : ruleset.rules())
    g.rules.push_back(reads(rule.condition));
  return g;
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
