// Hand-written GoogleTest tests of a rule set, with the matchers of <redflag/testing.hpp>.
// Link GTest::gmock and GTest::gtest_main; run from the repository root.
#include <redflag/testing.hpp>
using namespace redflag::testing;

TEST(LowBackPain, SaddleNumbnessAlone) {
  auto rules = redflag::load_file("rules/low_back_pain.rf").value();
  redflag::Answers answers(rules);
  answers.set("saddle_numbness", true);
  EXPECT_THAT(rules.evaluate(answers),
              AllOf(HasLevel("emergency"), Fired("suspected_ces", "missing_required"),
                    NotFired("major_trauma"), IsComplete()));
}

// A rejected answer makes an error result: it has no level, so no HasLevel() matches it.
TEST(LowBackPain, AnAgeOutOfRangeIsAnError) {
  auto rules = redflag::load_file("rules/low_back_pain.rf").value();
  redflag::Answers answers(rules);
  EXPECT_FALSE(answers.set("age_years", 300));
  answers.set("saddle_numbness", true);
  const redflag::Result result = rules.evaluate(answers);
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(result, Not(HasLevel("emergency")));
  EXPECT_THROW(result.level(), redflag::ResultError);
}
