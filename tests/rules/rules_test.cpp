// Runs every test written beside the shipped rule files (rules/NAME.test.rf) as its own
// GoogleTest case, named after the rule file and the test (redflag/testing.hpp).
#include <gtest/gtest.h>
#include <redflag/testing.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator("rules")) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() == ".rf" && !name.ends_with(".test.rf"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::cerr << "no rule files found under ./rules (run from the repository root)\n";
    return 1;
  }
  redflag::testing::RegisterRuleFileTests(files);
  return RUN_ALL_TESTS();
}
