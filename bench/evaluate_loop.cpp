// redflag_evaluate_loop: evaluate one answer document N times into one reused Result. Made for
// instruction counting under valgrind (see docs/performance.md):
//
//   valgrind --tool=callgrind redflag_evaluate_loop RULES ANSWERS.json N
//
// The cost of one evaluate() is (Ir(N = a) - Ir(N = b)) / (a - b): loading and parsing cancel.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "redflag/redflag.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s RULES.rf ANSWERS.json N\n", argv[0]);
    return 2;
  }
  const auto loaded = redflag::load_file(argv[1]);
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.formatted().c_str());
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  const std::string json{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const redflag::Ruleset& rules = loaded.value();
  const redflag::Answers answers = redflag::Answers::from_json(rules, json);
  if (!answers.ok()) {
    std::fprintf(stderr, "%s\n", answers.errors().front().message.c_str());
    return 2;
  }
  const long n = std::strtol(argv[3], nullptr, 10);
  redflag::Result result;
  std::size_t levels = 0;
  for (long i = 0; i < n; ++i) {
    rules.evaluate(answers, result);
    levels += result.level()->rank;
  }
  std::printf("%s x %ld: level %s (rank sum %zu)\n", argv[2], n,
              n ? result.level()->id.c_str() : "-", levels);
  return 0;
}
