// A program built against redflag the way a user builds it: through find_package(redflag) on an
// installed tree (RULES names the installed rule file) or add_subdirectory (the rule file is the
// first argument).
#include <redflag/redflag.hpp>

#include <iostream>

int main(int argc, char** argv) {
#ifdef RULES
  const char* rules = RULES;
#else
  if (argc != 2) return 64;
  const char* rules = argv[1];
#endif
  (void)argc, (void)argv;
  auto loaded = redflag::load_file(rules);
  if (!loaded) {
    std::cerr << loaded.formatted();
    return 2;
  }
  redflag::Answers answers(loaded.value());
  answers.set("saddle_numbness", true);
  const redflag::Result result = loaded->evaluate(answers);
  if (!result.ok()) {
    for (const auto& e : result.errors())
      std::cerr << e.message << "\n";
    return 1;
  }
  std::cout << loaded->id() << ' ' << loaded->version() << " from " << rules << ": "
            << result.level().id << " ("
            << (result.fired().empty() ? "nothing fired" : result.fired().front().rule->id)
            << ")\n";
  return 0;
}
