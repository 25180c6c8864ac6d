// A program that builds redflag from source with add_subdirectory().
#include <redflag/redflag.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) return 64;
  auto loaded = redflag::load_file(argv[1]);
  if (!loaded) {
    std::cerr << loaded.formatted();
    return 2;
  }
  redflag::Answers answers(loaded.value());
  answers.set("saddle_numbness", true);
  const redflag::Result result = loaded->evaluate(answers);
  std::cout << result.level()->id << " (" << result.fired().front().rule->id << ")\n";
  return result.level()->id == "emergency" ? 0 : 1;
}
