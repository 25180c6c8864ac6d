// redflag fuzzing: the invariants every evaluation must satisfy, whatever the input.
#include <boost/json.hpp>

#include "fuzz.hpp"

namespace redflag_fuzz {

void check_result(const redflag::Ruleset& ruleset, const redflag::Answers& answers,
                  const redflag::Result& result) {
  FUZZ_CHECK(result.ruleset() != nullptr);
  FUZZ_CHECK(result.ruleset()->id() == ruleset.id());
  FUZZ_CHECK(result.ruleset()->version() == ruleset.version());
  if (!answers.ok()) {
    // A rejected answer is never a lower urgency: the result is an error result, with no level.
    FUZZ_CHECK(!result.ok());
    bool threw = false;  // reading its level throws: never a null dereference, never a level
    try {
      (void)result.level();
    } catch (const redflag::ResultError& e) {
      threw = e.errors().size() == result.errors().size();
    }
    FUZZ_CHECK(threw);
    FUZZ_CHECK(!result.errors().empty());
    FUZZ_CHECK(!result.complete());
  } else {
    FUZZ_CHECK(result.ok());
    const redflag::Level* level = &result.level();
    FUZZ_CHECK(level != nullptr);
    FUZZ_CHECK(level->rank >= ruleset.default_level().rank);
    for (const auto& fired : result.fired())
      FUZZ_CHECK(fired.rule->level <= level->rank);
    bool raised = ruleset.default_level().rank == level->rank;
    for (const auto& fired : result.fired())
      raised = raised || fired.rule->level == level->rank;
    FUZZ_CHECK(raised);  // the level is the default or the level of a fired rule
    for (const auto& unresolved : result.unresolved())
      FUZZ_CHECK(unresolved.rule->level > level->rank);
    FUZZ_CHECK(result.complete() == result.unresolved().empty());
  }
  (void)result.values();
  const std::string json = result.to_json();
  boost::json::error_code ec;
  const boost::json::value doc = boost::json::parse(json, ec);
  if (ec) std::fprintf(stderr, "result JSON: %s\n", json.c_str());
  FUZZ_CHECK(!ec);  // the result's JSON is always well-formed
  FUZZ_CHECK(doc.is_object() && doc.as_object().contains("ruleset"));
}

}  // namespace redflag_fuzz
