// redflag fuzz target: an answers document (JSON) from arbitrary bytes, read against a fixed rule
// set with every question type, then evaluated. Reading twice into one Answers must give the
// same answers and errors; the result keeps the invariants of fuzz_common.cpp.
#include <cstddef>
#include <cstdint>

#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const redflag::Ruleset ruleset = redflag::load(redflag_fuzz::answers_ruleset).value();
  const std::string_view json(reinterpret_cast<const char*>(data), size);

  redflag::Answers answers = redflag::Answers::from_json(ruleset, json);
  for (const auto& e : answers.errors())
    FUZZ_CHECK(!e.code.empty() && !e.message.empty());
  const redflag::Result result = ruleset.evaluate(answers, {.explain = true});
  redflag_fuzz::check_result(ruleset, answers, result);

  // Reuse: read_json clears what was there; the outcome does not depend on the history.
  redflag::Answers again(ruleset);
  again.set("saddle", true);
  again.read_json(json);
  FUZZ_CHECK(again.errors().size() == answers.errors().size());
  for (std::size_t q = 0; q < ruleset.questions().size(); ++q)
    FUZZ_CHECK(again.get(q) == answers.get(q));
  return 0;
}
