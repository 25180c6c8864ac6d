// `scope` and `advice`: who a rule set is for, and the advice items a result carries for the
// patient. Both reach the model (Ruleset), the result, and the JSON of each.
#include <boost/json.hpp>

#include "test_helpers.hpp"

namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Lines 9.. (kPrefix is 8 lines).
constexpr std::string_view kBody =
    "scope \"Adults with a headache\"\n"                                         // 9
    "  excludes \"Children under 16\"\n"                                         // 10
    "  excludes \"Head injury\"\n"                                               // 11
    "  source \"NICE CG150\"\n"                                                  // 12
    "question a: boolean \"A?\"\n"                                               // 13
    "rule ra \"A\" -> high when a because \"x\" source \"s\"\n"                  // 14
    "advice rest \"Rest in a quiet room.\" for low, mid source \"CG150\"\n"      // 15
    "advice warn \"Call 999 if it gets worse.\" for mid, low source \"NG51\"\n"  // 16
    "advice all \"Neck pain is not assessed.\" for high, low, mid source \"scope\"\n";

std::vector<std::string> ids(std::span<const redflag::AdviceItem* const> items) {
  std::vector<std::string> out;
  for (const auto* a : items)
    out.push_back(a->id);
  return out;
}

TEST(Scope, IsPartOfTheModelAndItsJson) {
  const auto rules = rftest::load_body(kBody);
  EXPECT_EQ(rules.scope().population, "Adults with a headache");
  EXPECT_THAT(rules.scope().excludes, ElementsAre("Children under 16", "Head injury"));
  EXPECT_EQ(rules.scope().source, "NICE CG150");
  EXPECT_EQ(rules.scope().location.where.line, 9u);
  const json::value model = json::parse(rules.to_json());
  EXPECT_EQ(json::serialize(model.at("scope")),
            R"({"population":"Adults with a headache","excludes":["Children under 16",)"
            R"("Head injury"],"source":"NICE CG150"})");
}

TEST(Scope, IsEmptyAndNullInJsonWhenNotDeclared) {
  const auto rules = rftest::load_body("question a: boolean \"A?\"\n");
  EXPECT_EQ(rules.scope().population, "");
  EXPECT_THAT(rules.scope().excludes, IsEmpty());
  EXPECT_TRUE(json::parse(rules.to_json()).at("scope").is_null());
}

TEST(Scope, DeclaredTwiceIsALoadError) {
  rftest::expect_diagnostic(rftest::with_prefix("scope \"A\"\nscope \"B\"\n"), "duplicate-id", 10,
                            1);
}

TEST(Advice, ItemsAreShownAtTheirLevelsInDeclarationOrder) {
  const auto rules = rftest::load_body(kBody);
  ASSERT_EQ(rules.advice_items().size(), 3u);
  EXPECT_THAT(rules.advice_items()[1].levels, ElementsAre(0u, 1u));  // sorted: low, mid
  EXPECT_EQ(rules.advice_items()[1].source, "NG51");
  EXPECT_THAT(ids(rules.advice_items(0)), ElementsAre("rest", "warn", "all"));
  EXPECT_THAT(ids(rules.advice_items(2)), ElementsAre("all"));
  EXPECT_THAT(ids(rules.advice_items(7)), IsEmpty());  // no such level

  const auto high = rftest::evaluate_json(rules, R"({"a": true})");
  EXPECT_THAT(ids(high.advice_items()), ElementsAre("all"));
  const auto low = rftest::evaluate_json(rules, R"({"a": false})");
  EXPECT_THAT(ids(low.advice_items()), ElementsAre("rest", "warn", "all"));
  EXPECT_EQ(json::serialize(json::parse(low.to_json()).at("advice_items")),
            R"([{"id":"rest","text":"Rest in a quiet room.","source":"CG150"},)"
            R"({"id":"warn","text":"Call 999 if it gets worse.","source":"NG51"},)"
            R"({"id":"all","text":"Neck pain is not assessed.","source":"scope"}])");
  const json::value model = json::parse(rules.to_json());
  EXPECT_EQ(json::serialize(model.at("advice_items").at(1)),
            R"({"id":"warn","text":"Call 999 if it gets worse.","source":"NG51",)"
            R"("levels":["low","mid"]})");
}

TEST(Advice, AnErrorResultHasNoAdviceItems) {
  const auto rules = rftest::load_body(kBody);
  const auto bad = rules.evaluate(redflag::Answers::from_json(rules, R"({"a": 3})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(ids(bad.advice_items()), IsEmpty());
  EXPECT_EQ(json::serialize(json::parse(bad.to_json()).at("advice_items")), "[]");
}

TEST(Advice, MistakesAreLoadErrorsAndAMissingSourceAWarning) {
  const auto loaded =
      redflag::load(rftest::with_prefix("advice a \"x\" for low, loww source \"s\"\n"  // 9
                                        "advice a \"y\" for mid, mid source \"s\"\n"   // 10
                                        "advice b \"z\" for high\n"),                  // 11
                    "test.rf");
  EXPECT_FALSE(loaded.ok());
  rftest::expect_diagnostic(loaded, "unknown-level", 9, 23);
  rftest::expect_diagnostic(loaded, "duplicate-id", 10, 8);
  rftest::expect_diagnostic(loaded, "duplicate-id", 10, 23);
  rftest::expect_diagnostic(loaded, "missing-source", 11, 8);
}

}  // namespace
