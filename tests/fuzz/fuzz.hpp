// redflag fuzzing: helpers shared by the fuzz targets.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "redflag/redflag.hpp"

namespace redflag_fuzz {

/// Stops the run when an invariant fails: a finding, whether under libFuzzer or the replay main.
#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)

/// A small rule set with every question type, a range, a derived value and a missing policy:
/// the rule set the answer readers are fuzzed against.
inline constexpr std::string_view answers_ruleset = R"(ruleset fuzz "Fuzzing"
version "1.0.0"
levels { self_care "Self-care" indicator info
         urgent "See a GP today" indicator warning
         emergency "Go to A&E now" indicator critical }
default self_care
param fever_c = 38.0 "Fever threshold"
question saddle: boolean required "Saddle numbness?"
question legs: choice { none, one_leg "One leg", both_legs } "Leg pain?"
question age: integer 0..130 unit "a" "Age?"
question temp: number 30..45 unit "Cel" "Temperature?"
question note: text "Anything else?"
question weight: boolean "Weight loss?"
let score = count(saddle, weight, legs == one_leg) + min(age, 3) / 10
let known = answered(note, temp)
rule ces "Cauda equina" -> emergency
  when saddle or legs == both_legs
  because "Saddle numbness or pain in both legs." source "NICE"
rule fever "Fever" -> urgent when temp >= fever_c and age > 16 because "Fever." source "NICE"
rule older "Older" -> urgent when age > 50 and not weight because "Age." source "NICE"
rule scored "Score" -> urgent when score >= 2 and not known because "Score." source "NICE"
on missing required -> urgent "A required answer is missing." source "local"
)";

/// Checks what every result must satisfy: an error result has no level and names its errors; a
/// result with a level is at least the default level, at least the level of every fired rule,
/// and below the level of every unresolved rule; it carries the rule set's id and version.
void check_result(const redflag::Ruleset& ruleset, const redflag::Answers& answers,
                  const redflag::Result& result);

}  // namespace redflag_fuzz
