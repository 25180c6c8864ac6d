// Tests of the plain-words rendering behind `redflag doc` (src/analysis/plain.cpp).
#include "analysis/plain.hpp"

#include "test_helpers.hpp"

namespace {

using redflag::detail::derived_in_words;
using redflag::detail::rule_in_words;

const char* kBody =
    "param fever_c = 38\n"
    "question saddle_numbness: boolean required \"Saddle?\"\n"
    "question leg_pain: choice { none \"No\", one_leg \"Into one leg\", both_legs } \"Leg?\"\n"
    "question temp: number 34..43 unit \"Cel\" \"Temp?\"\n"
    "question fever: boolean \"Fever?\"\n"
    "let fever_present = fever or temp >= fever_c\n"
    "let features = count(saddle_numbness, leg_pain == both_legs)\n"
    "rule ces \"CES\" -> high when features >= 1 because \"x\" source \"s\"\n"
    "rule legs \"Legs\" -> mid when leg_pain in {one_leg, both_legs} and not fever because \"x\" "
    "source \"s\"\n"
    "rule mixed \"Mixed\" -> mid when (fever_present and saddle_numbness) or not "
    "answered(temp) because \"x\" source \"s\"\n"
    "rule hot \"Hot\" -> mid when temp > 38 and fever because \"x\" source \"s\"\n";

TEST(Doc, ConditionsInPlainWords) {
  auto rs = rftest::load_body(kBody);
  EXPECT_EQ(rule_in_words(rs, 0), "features is at least 1");
  EXPECT_EQ(rule_in_words(rs, 1), "leg pain is one of “Into one leg”, “both_legs” AND fever is no");
  EXPECT_EQ(rule_in_words(rs, 2),
            "(fever present AND saddle numbness is yes) OR temp is unanswered");
}

TEST(Doc, DerivedValuesInPlainWordsWithParametersAsValues) {
  auto rs = rftest::load_body(kBody);
  EXPECT_EQ(derived_in_words(rs, 0), "fever is yes OR temp (Cel) is at least 38");
  EXPECT_EQ(derived_in_words(rs, 1),
            "the number of [saddle numbness is yes, leg pain is “both_legs”]");
}

TEST(Doc, AnExpressionWrittenOutIsNotShownByTheNameOfALetThatComputesTheSame) {
  // `temp >= 38`-like sharing: `hot` writes `temp > 38` itself and must not read as a `let`.
  auto rs = rftest::load_body(std::string(kBody) + "let very_hot = temp > 38\n");
  EXPECT_EQ(rule_in_words(rs, 3), "temp (Cel) is more than 38 AND fever is yes");
}

TEST(Doc, MissingPolicyInWords) {
  auto rs =
      rftest::load_body(std::string(kBody) + "on missing required -> mid \"x\" source \"s\"\n");
  EXPECT_EQ(rule_in_words(rs, rs.rules().size() - 1), "saddle numbness is unanswered");
}

}  // namespace
