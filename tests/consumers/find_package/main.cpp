// A program built against an installed redflag through find_package(redflag).
#include <redflag/redflag.hpp>

#include <iostream>

int main() {
  auto loaded = redflag::load_file(RULES);
  if (!loaded) {
    std::cerr << loaded.formatted();
    return 2;
  }
  redflag::Answers answers(loaded.value());
  answers.set("saddle_numbness", true);
  const redflag::Result result = loaded->evaluate(answers);
  std::cout << loaded->id() << ' ' << loaded->version() << " from " << RULES << ": "
            << result.level()->id << " (" << result.fired().front().rule->id << ")\n";
  return result.level()->id == "emergency" ? 0 : 1;
}
