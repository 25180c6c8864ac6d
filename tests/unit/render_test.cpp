// The renderer (src/check/render.cpp): a loaded rule set written back as rule-language text that
// loads into a rule set that evaluates the same. The differential fuzz target
// (tests/fuzz/roundtrip.cpp) checks the same on arbitrary rule files.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "check/render.hpp"
#include "test_helpers.hpp"

namespace {

TEST(Render, WritesEveryDeclarationFromTheProgram) {
  const auto rs = rftest::load_ok(R"(ruleset demo "Demo \"quoted\""
version "2.0"
levels { low "Home" indicator info
         high "A&E\tnow" indicator critical }
default low
param limit = 38.5 "Fever"
question q: boolean required "Q?"
question c: choice { x "Ex", y } "C?"
question n: integer -5..120 unit "a" "N?"
question t: text "T?"
let s = count(q, c == y) + n * 2 - -3
let k = answered(t, n)
rule r "R" -> high
  when (q or c in {x, y}) and not (s >= limit or k) and s / 2 > max(n, 1) - min(n, 2)
  because "Line one\nline two" source "NICE" tags a, b
on missing required -> high "Missing." source "local"
test "one" { given { q: true, c: y, t: "hi" } expect level high expect fired r
             expect value s = unknown expect incomplete }
)");
  EXPECT_EQ(redflag::detail::render(rs), R"(ruleset demo "Demo \"quoted\""
version "2.0"
levels {
  low "Home" indicator info
  high "A&E\tnow" indicator critical
}
default low
param limit = 38.5 "Fever"
question q: boolean required "Q?"
question c: choice { x "Ex", y } "C?"
question n: integer -5..120 unit "a" "N?"
question t: text "T?"
let s = count(q, c == y) + n * 2 - -3
let k = answered(t, n)
rule r "R" -> high
  when (q or c in {x, y}) and not (s >= limit or k) and s / 2 > max(n, 1) - min(n, 2)
  because "Line one\nline two" source "NICE" tags a, b
on missing required -> high "Missing." source "local"
test "one" {
  given { q: true, c: y, t: "hi" }
  expect level high
  expect fired r
  expect incomplete
  expect value s = unknown
}
)");
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Render, ShippedRuleSetsRoundTripAndEvaluateTheSame) {
  redflag::LoadOptions options;
  options.load_tests = true;
  for (const char* file :
       {"tests/fixtures/rules/low_back_pain.rf", "tests/fixtures/rules/start_back.rf"}) {
    SCOPED_TRACE(file);
    const auto original = redflag::load_file(file, options);
    ASSERT_TRUE(original.ok()) << original.formatted();
    const std::string text = redflag::detail::render(original.value());
    const auto reloaded = redflag::load(text, "rendered.rf");
    ASSERT_TRUE(reloaded.ok()) << reloaded.formatted();
    EXPECT_EQ(redflag::detail::render(reloaded.value()), text);  // a fixed point
    ASSERT_EQ(reloaded->tests().size(), original->tests().size());
    ASSERT_FALSE(reloaded->tests().empty());
    for (const auto& test : reloaded->tests())
      EXPECT_TRUE(redflag::run_test(reloaded.value(), test).passed) << test.name;
    for (const auto& entry : std::filesystem::directory_iterator("tests/fixtures/answers")) {
      if (entry.path().extension() != ".json") continue;
      const std::string json = read(entry.path());
      const auto a = original->evaluate(redflag::Answers::from_json(original.value(), json));
      const auto b = reloaded->evaluate(redflag::Answers::from_json(reloaded.value(), json));
      EXPECT_EQ(rftest::level_of(a), rftest::level_of(b)) << entry.path();
      EXPECT_EQ(rftest::fired_ids(a), rftest::fired_ids(b)) << entry.path();
      EXPECT_EQ(rftest::unresolved_ids(a), rftest::unresolved_ids(b)) << entry.path();
      EXPECT_EQ(a.complete(), b.complete()) << entry.path();
    }
  }
}

}  // namespace
