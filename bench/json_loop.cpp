// redflag_json_loop: N round trips of one answers document through the C ABI (rf_evaluate_json
// + rf_result_json, one reused rf_result). Made for instruction counting under valgrind (see
// docs/performance.md):
//
//   valgrind --tool=callgrind redflag_json_loop RULES ANSWERS.json N
//
// The cost of one record is (Ir(N = a) - Ir(N = b)) / (a - b): loading cancels.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "redflag/redflag.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s RULES.rf ANSWERS.json N\n", argv[0]);
    return 2;
  }
  rf_ruleset* rules = nullptr;
  if (rf_ruleset_load_file(&rules, argv[1], nullptr) != RF_OK) {
    std::fprintf(stderr, "%s\n", rf_error_last()->message);
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  const std::string json{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const long n = std::strtol(argv[3], nullptr, 10);
  rf_result* result = nullptr;
  rf_result_new(&result);
  const char* out = "";
  for (long i = 0; i < n; ++i) {
    const int status = rf_evaluate_json(result, rules, json.data(), json.size(), 0);
    if (status != RF_OK && status != RF_EANSWER) {
      std::fprintf(stderr, "%s\n", rf_error_last()->message);
      return 2;
    }
    out = rf_result_json(result);  // not read: its length would add a strlen per record
  }
  std::printf("%s x %ld: %zu bytes of JSON out\n", argv[2], n, std::strlen(out));
  rf_result_free(result);
  rf_ruleset_free(rules);
  return 0;
}
