// Embedding redflag in C++: load the bundled rules once, evaluate one patient's answers.
// Run from the repository root: `triage [AGE]` (45 by default; an age outside 16..120 is
// rejected, and the program prints why and exits 1).
#include <redflag/redflag.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  const int age = argc > 1 ? std::atoi(argv[1]) : 45;

  auto loaded = redflag::load_file("rules/low_back_pain.rf");  // all errors, with line:column
  if (!loaded) {
    std::cerr << loaded.formatted();
    return 2;
  }
  const redflag::Ruleset& ruleset = loaded.value();  // immutable, share across threads

  redflag::Answers answers(ruleset);
  answers.set("age_years", age);  // a rejected answer (age 300) is recorded
  answers.set("saddle_numbness", true);
  answers.set("leg_pain", "one_leg");
  const redflag::Result result = ruleset.evaluate(answers);
  if (!result.ok()) {  // the answers had errors: there is no level
    for (const auto& error : result.errors())
      std::cerr << error.message << "\n";
    return 1;
  }
  std::cout << result.level().id << ": " << result.level().advice << "\n";

  for (const auto& fired : result.fired()) {
    std::cout << "  " << fired.rule->id << " because";
    for (const auto& e : fired.answers)
      std::cout << " " << e.question;
    std::cout << "\n";
  }
  std::cout << (result.complete() ? "complete" : "incomplete: still needs answers") << "\n";
}
