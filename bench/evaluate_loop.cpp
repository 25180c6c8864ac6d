// redflag_evaluate_loop: evaluate one answer document N times into one reused Result, or, for an
// .ndjson file (one answers object per line, as bench/gen_export writes), its records in turn.
// Made for instruction counting under valgrind (see docs/performance.md):
//
//   valgrind --tool=callgrind redflag_evaluate_loop RULES ANSWERS.json|RECORDS.ndjson N
//
// The cost of one evaluate() is (Ir(N = a) - Ir(N = b)) / (a - b): loading and parsing cancel.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

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
  const redflag::Ruleset& rules = loaded.value();
  const std::string path = argv[2];
  std::ifstream in(path, std::ios::binary);
  std::vector<redflag::Answers> records;
  const auto add = [&](const std::string& json) {
    records.push_back(redflag::Answers::from_json(rules, json));
    if (records.back().ok()) return true;
    std::fprintf(stderr, "%s\n", records.back().errors().front().message.c_str());
    return false;
  };
  if (path.ends_with(".ndjson")) {
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && !add(line)) return 2;
  } else if (!add({std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()})) {
    return 2;
  }
  if (records.empty()) return 2;
  const long n = std::strtol(argv[3], nullptr, 10);
  redflag::Result result;
  std::size_t levels = 0;
  for (long i = 0; i < n; ++i) {
    rules.evaluate(records[std::size_t(i) % records.size()], result);
    levels += result.level().rank;
  }
  std::printf("%s x %ld: level %s (rank sum %zu)\n", argv[2], n,
              n ? result.level().id.c_str() : "-", levels);
  return 0;
}
