// redflag differential fuzz target: a rule file that loads is rendered back to text
// (src/check/render.cpp) and reloaded. The reloaded rule set must load without errors, render to
// the same text again, declare the same questions, and evaluate every answer set derived from
// the input exactly as the original does: level, completeness, fired rules with their evidence,
// unresolved rules with what they need, derived values, errors and the outcome of each test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "check/render.hpp"
#include "fuzz.hpp"

namespace {

std::string show(const redflag::Value& v) {
  switch (v.kind) {
    case redflag::Value::Kind::boolean:
      return v.boolean ? "true" : "false";
    case redflag::Value::Kind::number:
      return std::to_string(v.number);
    case redflag::Value::Kind::choice:
    case redflag::Value::Kind::text:
      return "'" + std::string(v.text) + "'";
    case redflag::Value::Kind::unknown:
      break;
  }
  return "unknown";
}

/// Everything an evaluation says, as text (evidence and missing lists as sorted sets).
std::string outcome(const redflag::Result& r) {
  std::string s = r.ok() ? "level " + r.level().id : "error";
  s += r.complete() ? " complete\n" : " incomplete\n";
  for (const auto& f : r.fired()) {
    std::vector<std::string> evidence;
    for (const auto& e : f.answers)
      evidence.push_back(std::string(e.question) + "=" + show(e.value));
    std::sort(evidence.begin(), evidence.end());
    s += "fired " + f.rule->id;
    for (const auto& e : evidence)
      s += " " + e;
    s += "\n";
  }
  for (const auto& u : r.unresolved()) {
    std::vector<std::string> missing(u.missing.begin(), u.missing.end());
    std::sort(missing.begin(), missing.end());
    s += "unresolved " + u.rule->id;
    for (const auto& m : missing)
      s += " " + m;
    s += "\n";
  }
  for (const auto& n : r.not_fired())
    s += "not fired " + n.rule->id + "\n";
  for (const auto& v : r.values())
    s += "value " + std::string(v.name) + "=" + show(v.value) + "\n";
  for (const auto& e : r.errors())
    s += "error " + e.question + " " + e.code + "\n";
  return s;
}

redflag::Value value_for(const redflag::Question& q, std::uint8_t byte) {
  using redflag::QuestionType;
  if (byte % 5 == 0) return {};  // unanswered
  switch (q.type) {
    case QuestionType::boolean:
      return redflag::Value::of(bool(byte & 1));
    case QuestionType::choice:
      return q.options.empty() ? redflag::Value{}
                               : redflag::Value::choice(q.options[byte % q.options.size()].id);
    case QuestionType::integer:
    case QuestionType::number:
      return redflag::Value::of(double(int(byte) - 40));
    case QuestionType::text:
      return redflag::Value::text_value("x");
  }
  return {};
}

constexpr std::string_view shared_rf = R"(ruleset shared "Shared"
param shared_limit = 3
question shared_flag: boolean "Shared?"
let shared_count = count(shared_flag)
)";

void fail(const char* what, const std::string& rendered, const std::string& detail) {
  std::fprintf(stderr, "roundtrip: %s\n--- rendered ---\n%s\n--- detail ---\n%s\n", what,
               rendered.c_str(), detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  redflag::LoadOptions options;
  options.read_file = [](const std::filesystem::path& path) -> std::optional<std::string> {
    if (path.filename() == "shared.rf") return std::string(shared_rf);
    return std::nullopt;
  };
  const redflag::LoadResult original = redflag::load(text, "fuzz.rf", options);
  if (!original) return 0;
  const redflag::Ruleset& a = original.value();

  const std::string rendered = redflag::detail::render(a);
  const redflag::LoadResult reloaded = redflag::load(rendered, "rendered.rf");
  if (!reloaded) fail("the rendered rule set does not load", rendered, reloaded.formatted());
  const redflag::Ruleset& b = reloaded.value();
  const std::string again = redflag::detail::render(b);
  if (again != rendered) fail("rendering is not a fixed point", rendered, again);

  FUZZ_CHECK(a.id() == b.id() && a.version() == b.version());
  FUZZ_CHECK(a.questions().size() == b.questions().size());
  FUZZ_CHECK(a.rules().size() == b.rules().size());
  FUZZ_CHECK(a.tests().size() == b.tests().size());

  redflag::Answers answers_a(a), answers_b(b);
  const std::size_t rounds = 1 + size % 4;
  for (std::size_t round = 0; round < rounds; ++round) {
    for (std::size_t q = 0; q < a.questions().size(); ++q) {
      const std::uint8_t byte = data[(q * 7 + round * 13) % size];
      answers_a.set(q, value_for(a.questions()[q], byte));
      answers_b.set(q, value_for(b.questions()[q], byte));
    }
    const std::string oa = outcome(a.evaluate(answers_a, {.explain = true}));
    const std::string ob = outcome(b.evaluate(answers_b, {.explain = true}));
    if (oa != ob) fail("the rendered rule set evaluates differently", rendered, oa + "---\n" + ob);
  }
  for (std::size_t t = 0; t < a.tests().size(); ++t)
    FUZZ_CHECK(run_test(a, a.tests()[t]).passed == run_test(b, b.tests()[t]).passed);
  return 0;
}
