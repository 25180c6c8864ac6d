// The bundled rule sets found by name (load.hpp: bundled_rules_directory, find_rules,
// load_bundled). Run from the repository root; REDFLAG_RULES_DIR points at its rules/.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "redflag/redflag.hpp"

namespace {

namespace fs = std::filesystem;

class Bundled : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv("REDFLAG_RULES_DIR", "rules", 1); }
  void TearDown() override { ::unsetenv("REDFLAG_RULES_DIR"); }
};

TEST_F(Bundled, TheEnvironmentNamesTheDirectory) {
  EXPECT_EQ(redflag::bundled_rules_directory(), fs::path("rules"));
}

TEST_F(Bundled, LoadsARuleSetByName) {
  const auto loaded = redflag::load_bundled("start_back");
  ASSERT_TRUE(loaded.ok()) << loaded.formatted();
  EXPECT_EQ(loaded->id(), "start_back");
  EXPECT_FALSE(redflag::load_bundled("no_such_rule_set").ok());
}

TEST_F(Bundled, ABareNameFindsTheBundledFile) {
  EXPECT_EQ(redflag::find_rules("low_back_pain"), fs::path("rules") / "low_back_pain.rf");
}

TEST_F(Bundled, PathsAndUnknownNamesAreKeptAsGiven) {
  EXPECT_EQ(redflag::find_rules("tests/cli/fixtures/lbp_ces_urgent.rf"),
            fs::path("tests/cli/fixtures/lbp_ces_urgent.rf"));
  EXPECT_EQ(redflag::find_rules("low_back_pain.rf"), fs::path("low_back_pain.rf"));
  EXPECT_EQ(redflag::find_rules("no_such_rule_set"), fs::path("no_such_rule_set"));
  EXPECT_EQ(redflag::find_rules("rules"), fs::path("rules"));  // a directory here: as given
}

TEST(BundledDefault, WithoutTheEnvironmentADirectoryIsNamed) {
  ::unsetenv("REDFLAG_RULES_DIR");
  EXPECT_FALSE(redflag::bundled_rules_directory().empty());
}

}  // namespace
