// redflag: red-flag triage rules. The umbrella header: include this one.
//
//   auto loaded = redflag::load_file("rules/low_back_pain.rf");
//   if (!loaded) { std::cerr << loaded.formatted(); return 2; }
//   redflag::Answers answers(loaded.value());
//   answers.set("saddle_numbness", true);
//   redflag::Result result = loaded->evaluate(answers);
//   std::cout << result.level()->id << "\n";  // emergency
#pragma once

#include "redflag/answers.hpp"
#include "redflag/coverage.hpp"
#include "redflag/diagnostics.hpp"
#include "redflag/load.hpp"
#include "redflag/result.hpp"
#include "redflag/rule_test.hpp"
#include "redflag/ruleset.hpp"
#include "redflag/value.hpp"
#include "redflag/version.hpp"
