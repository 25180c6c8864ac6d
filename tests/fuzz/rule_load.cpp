// redflag fuzz target: loading a rule file from arbitrary bytes. A rule set that loads is then
// evaluated with no answers and with answers derived from the input, and must keep the result
// invariants (fuzz_common.cpp). Every diagnostic must point inside the text it names.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "fuzz.hpp"

namespace {

// What `use "shared.rf"` reads (every other `use` fails to read).
constexpr std::string_view shared_rf = R"(ruleset shared "Shared"
param shared_limit = 3
question shared_flag: boolean "Shared?"
let shared_count = count(shared_flag)
)";

redflag::Value value_for(const redflag::Question& q, std::uint8_t byte) {
  using redflag::QuestionType;
  switch (q.type) {
    case QuestionType::boolean:
      return redflag::Value::of(bool(byte & 1));
    case QuestionType::choice:
      return q.options.empty() ? redflag::Value{}
                               : redflag::Value::choice(q.options[byte % q.options.size()].id);
    case QuestionType::integer:
    case QuestionType::number:
      return redflag::Value::of(double(int(byte) - 20));
    case QuestionType::text:
      return redflag::Value::text_value("text");
  }
  return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  redflag::LoadOptions options;
  options.read_file = [](const std::filesystem::path& path) -> std::optional<std::string> {
    if (path.filename() == "shared.rf") return std::string(shared_rf);
    return std::nullopt;
  };
  const redflag::LoadResult loaded = redflag::load(text, "fuzz.rf", options);

  bool errors = false;
  for (const auto& d : loaded.diagnostics()) {
    FUZZ_CHECK(!d.code.empty() && !d.message.empty());
    errors = errors || d.severity == redflag::Severity::error;
    if (d.file == "fuzz.rf" && d.where.line != 0) {
      FUZZ_CHECK(d.where.offset <= size);
      FUZZ_CHECK(d.where.column >= 1);
    }
  }
  FUZZ_CHECK(loaded.ok() != errors);  // loaded exactly when no error was reported
  (void)loaded.formatted();
  if (!loaded) return 0;

  const redflag::Ruleset& ruleset = loaded.value();
  (void)ruleset.to_json();
  redflag::Answers answers(ruleset);
  redflag::Result result = ruleset.evaluate(answers);
  redflag_fuzz::check_result(ruleset, answers, result);

  std::size_t i = 0;
  for (const auto& q : ruleset.questions())
    if (i < size) answers.set(q.id, value_for(q, data[i++]));
  ruleset.evaluate(answers, result, {.explain = true});
  redflag_fuzz::check_result(ruleset, answers, result);
  return 0;
}
