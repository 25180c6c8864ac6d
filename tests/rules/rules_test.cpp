// Runs every test written beside the shipped rule files (rules/NAME.test.rf) as its own
// GoogleTest case, named after the rule file and the test.
#include <gtest/gtest.h>
#include <redflag/redflag.hpp>

#include <filesystem>
#include <iostream>

namespace {

std::string identifier(std::string_view s) {
  std::string out;
  for (char c : s)
    out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

class RuleFileTest : public testing::Test {
 public:
  RuleFileTest(redflag::Ruleset ruleset, const redflag::RuleTest* test)
      : ruleset_(std::move(ruleset)), test_(test) {}
  void TestBody() override {
    const auto outcome = redflag::run_test(ruleset_, *test_);
    for (const auto& failure : outcome.failures) {
      ADD_FAILURE_AT(test_->file.c_str(), int(test_->where.line))
          << "test \"" << test_->name << "\": " << failure;
    }
  }

 private:
  redflag::Ruleset ruleset_;
  const redflag::RuleTest* test_;
};

class LoadFailure : public testing::Test {
 public:
  explicit LoadFailure(std::string diagnostics) : diagnostics_(std::move(diagnostics)) {}
  void TestBody() override { FAIL() << diagnostics_; }

 private:
  std::string diagnostics_;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator("rules")) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() == ".rf" && name.find(".test.rf") == std::string::npos)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::cerr << "no rule files found under ./rules (run from the repository root)\n";
    return 1;
  }
  static std::vector<redflag::LoadResult> loaded;  // outlives the registered tests
  loaded.reserve(files.size());
  for (const auto& path : files) {
    redflag::LoadOptions options;
    options.load_tests = true;
    const auto& result = loaded.emplace_back(redflag::load_file(path, options));
    const std::string suite = identifier(path.stem().string());
    if (!result.ok() || !result.diagnostics().empty()) {
      // Warnings count too: shipped rule files are clean.
      std::string text = result.formatted();
      testing::RegisterTest(suite.c_str(), "loads_cleanly", nullptr, nullptr, __FILE__, __LINE__,
                            [text]() -> testing::Test* { return new LoadFailure(text); });
      if (!result.ok()) continue;
    }
    const auto& ruleset = result.value();
    if (ruleset.tests().empty()) {
      std::string text = path.string() + " has no tests beside it";
      testing::RegisterTest(suite.c_str(), "has_tests", nullptr, nullptr, __FILE__, __LINE__,
                            [text]() -> testing::Test* { return new LoadFailure(text); });
    }
    for (const auto& test : ruleset.tests()) {
      testing::RegisterTest(
          suite.c_str(), identifier(test.name).c_str(), nullptr, test.file.c_str(),
          test.file.c_str(), int(test.where.line),
          [&ruleset, t = &test]() -> testing::Test* { return new RuleFileTest(ruleset, t); });
    }
  }
  return RUN_ALL_TESTS();
}
