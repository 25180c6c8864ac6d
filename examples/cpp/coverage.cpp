// Rule coverage from C++: how much of the bundled rules their tests exercise, and how much a
// corpus of answers (the JSON files named on the command line) does. Run from the repository root:
// `coverage [ANSWERS.json...]`. A file whose answers have errors is reported and not counted, and
// the program exits 1.
#include <redflag/redflag.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  redflag::LoadOptions options;
  options.load_tests = true;
  auto loaded = redflag::load_file("rules/low_back_pain.rf", options);
  if (!loaded) {
    std::cerr << loaded.formatted();
    return 2;
  }
  const redflag::Ruleset& rules = loaded.value();
  redflag::Coverage coverage(rules);
  redflag::Result result;
  for (const redflag::RuleTest& test : rules.tests()) {
    if (!redflag::run_test(rules, test, result).passed)
      std::cerr << "failed: " << test.name << "\n";
    coverage.record(result);
  }
  std::cout << coverage.rule_percent() << "% rules, " << coverage.operand_percent()
            << "% operands\n";

  redflag::Coverage corpus(rules);  // the same for answers: record any ok() result
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream file(argv[i]);
    if (!file) {
      std::cerr << argv[i] << ": cannot be read\n";
      status = 1;
      continue;
    }
    std::stringstream json;
    json << file.rdbuf();
    rules.evaluate(redflag::Answers::from_json(rules, json.str()), result);
    if (!result.ok()) {  // the answers had errors: there is no level, nothing to record
      for (const auto& error : result.errors())
        std::cerr << argv[i] << ": " << error.message << "\n";
      status = 1;
      continue;
    }
    corpus.record(result);
  }
  std::cout << "corpus of " << corpus.recorded() << ": " << corpus.rule_percent() << "% rules, "
            << corpus.operand_percent() << "% operands\n";
  return status;
}
