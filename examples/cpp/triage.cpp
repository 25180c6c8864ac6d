// Embedding redflag in C++: load the bundled rules once, evaluate one patient's answers.
#include <redflag/redflag.hpp>

#include <iostream>

int main(int argc, char** argv) {
  const char* rules = argc > 1 ? argv[1] : "rules/low_back_pain.rf";
  auto loaded = redflag::load_file(rules);
  if (!loaded) {
    std::cerr << loaded.formatted();
    return 2;
  }
  const redflag::Ruleset& ruleset = loaded.value();

  redflag::Answers answers(ruleset);
  answers.set("age_years", 45);
  answers.set("saddle_numbness", true);
  answers.set("leg_pain", "one_leg");

  const redflag::Result result = ruleset.evaluate(answers);
  std::cout << result.level().id << ": " << result.level().advice << "\n";
  for (const auto& fired : result.fired()) {
    std::cout << "  " << fired.rule->id << " because";
    for (const auto& e : fired.answers)
      std::cout << " " << e.question;
    std::cout << "\n";
  }
  std::cout << (result.complete() ? "complete" : "incomplete: still needs answers") << "\n";
}
