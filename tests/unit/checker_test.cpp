// The checker: every semantic diagnostic code at its exact position, `use`, parameter
// overrides, and the introspection API (including Ruleset::to_json()).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cctype>
#include <map>
#include <string>

#include "analysis/lint.hpp"
#include "test_helpers.hpp"

namespace {

using rftest::expect_diagnostic;
using rftest::load_body;
using rftest::load_ok;
using rftest::with_prefix;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Lines 9 and 10 of the rule files below (kPrefix is 8 lines).
constexpr std::string_view kQuestions =
    "question fever: boolean \"Fever?\"\n"                      // 9
    "question leg: choice { none, one, both } \"Leg pain?\"\n"  // 10
    "question age: integer 0..120 \"Age?\"\n"                   // 11
    "question note: text \"Anything else?\"\n";                 // 12

/// kPrefix + kQuestions + `rules` (whose first line is line 13).
std::string with_questions(std::string_view rules) {
  return with_prefix(std::string(kQuestions) + std::string(rules));
}

// "rule r "R" -> high when " is 24 columns: a condition starts at column 25.
std::string rule_when(std::string_view condition) {
  return "rule r \"R\" -> high when " + std::string(condition) + " because \"b\" source \"s\"\n";
}

// ---------------------------------------------------------------------------------------------
// unknown-name

TEST(Checker, UnknownNameSuggestsTheClosestName) {
  const auto d = expect_diagnostic(with_questions(rule_when("fevr")), "unknown-name", 13, 25);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message, "unknown name 'fevr' (did you mean 'fever'?)");
  EXPECT_EQ(d->severity, redflag::Severity::error);
  EXPECT_EQ(d->source_line, rule_when("fevr").substr(0, rule_when("fevr").size() - 1));
}

TEST(Checker, UnknownNameWithoutCloseCandidate) {
  const auto d = expect_diagnostic(with_questions(rule_when("zzzzzzzz")), "unknown-name", 13, 25);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, Not(HasSubstr("did you mean")));
}

TEST(Checker, UnknownFunction) {
  const auto d =
      expect_diagnostic(with_questions("let x = cuont(fever) >= 1\n"), "unknown-name", 13, 9);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("did you mean 'count'?"));
}

TEST(Checker, BareOptionIdExplainsHowToCompare) {
  const auto d = expect_diagnostic(with_questions(rule_when("both")), "unknown-name", 13, 25);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("write leg == both"));
}

TEST(Checker, AnsweredTakesQuestions) {
  expect_diagnostic(with_questions(rule_when("answered(nosuch)")), "unknown-name", 13, 34);
  const auto d = expect_diagnostic(with_questions("param p = 1\n" + rule_when("answered(p)")),
                                   "type-mismatch", 14, 34);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("'p' is not a question"));
}

TEST(Checker, UnknownIndicator) {
  expect_diagnostic("ruleset t \"T\"\nlevels {\n  low \"L\" indicator severe\n}\ndefault low\n",
                    "unknown-name", 3, 21);
}

// ---------------------------------------------------------------------------------------------
// duplicate-id

TEST(Checker, DuplicateQuestion) {
  const auto d = expect_diagnostic(with_questions("question fever: boolean \"Again?\"\n"),
                                   "duplicate-id", 13, 10);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("already declared at test.rf:9"));
}

TEST(Checker, DuplicateRule) {
  const auto d = expect_diagnostic(
      with_questions(rule_when("fever") + "rule r \"Again\" -> mid when fever because \"b\" "
                                          "source \"s\"\n"),
      "duplicate-id", 14, 6);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("already declared at test.rf:13"));
}

TEST(Checker, DuplicateLevel) {
  const auto d =
      expect_diagnostic("ruleset t \"T\"\nlevels {\n  low \"L\"\n  low \"Again\"\n}\ndefault low\n",
                        "duplicate-id", 4, 3);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("'low'"));
}

TEST(Checker, DuplicateOption) {
  const auto d =
      expect_diagnostic(with_prefix("question leg: choice { none, one, both, one } \"Leg?\"\n"),
                        "duplicate-id", 9, 41);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("option 'one'"));
}

TEST(Checker, ParameterCannotReuseAQuestionId) {
  expect_diagnostic(with_questions("param age = 3\n"), "duplicate-id", 13, 7);
}

TEST(Checker, DuplicateHeaderStatement) {
  const auto d = expect_diagnostic(with_prefix("default mid\n"), "duplicate-id", 9, 1);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("the first is at test.rf:8"));
}

// ---------------------------------------------------------------------------------------------
// unknown-option

TEST(Checker, UnknownOptionInEquality) {
  const auto d =
      expect_diagnostic(with_questions(rule_when("leg == bth")), "unknown-option", 13, 32);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message,
            "'leg' has no option 'bth' (did you mean 'both'?); options are none, one, "
            "both");
}

TEST(Checker, UnknownOptionOnTheLeft) {
  expect_diagnostic(with_questions(rule_when("bth != leg")), "unknown-option", 13, 25);
}

TEST(Checker, UnknownOptionInSet) {
  const auto d =
      expect_diagnostic(with_questions(rule_when("leg in {one, bogus}")), "unknown-option", 13, 38);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("no option 'bogus'"));
}

TEST(Checker, UnknownOptionInATestGiven) {
  expect_diagnostic(with_questions("test \"t\" {\n  given { leg: three }\n}\n"), "unknown-option",
                    14, 16);
}

// ---------------------------------------------------------------------------------------------
// type-mismatch

struct Mismatch {
  std::string condition;
  std::uint32_t column;
  std::string message;
};

void PrintTo(const Mismatch& m, std::ostream* os) {
  *os << "`" << m.condition << "`";
}

class TypeMismatch : public testing::TestWithParam<Mismatch> {};

TEST_P(TypeMismatch, IsReportedAtTheOperand) {
  const auto& m = GetParam();
  const auto d =
      expect_diagnostic(with_questions(rule_when(m.condition)), "type-mismatch", 13, m.column);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr(m.message));
}

INSTANTIATE_TEST_SUITE_P(
    Checker, TypeMismatch,
    testing::Values(
        Mismatch{"age and fever", 25, "`and` needs a boolean, not an integer"},
        Mismatch{"fever or age", 34, "`or` needs a boolean, not an integer"},
        Mismatch{"fever < fever", 31, "cannot apply `<` to a boolean and a boolean"},
        Mismatch{"leg == 3", 29, "cannot apply `==` to a choice and a number"},
        Mismatch{"fever == 1", 31, "cannot apply `==` to a boolean and a number"},
        Mismatch{"count(age, fever) >= 1", 31, "count(...) needs a boolean, not an integer"},
        Mismatch{"min(age, fever) > 1", 34, "min(...) needs a number, not a boolean"},
        Mismatch{"not age", 25, "`not` needs a boolean, not an integer"},
        Mismatch{"fever + 1 > 2", 25, "`+` needs a number, not a boolean"},
        Mismatch{"-fever > 2", 25, "unary `-` needs a number, not a boolean"},
        Mismatch{"age + 1", 25, "the condition of rule 'r' is a number; it must be true or false"},
        Mismatch{"leg", 25, "the condition of rule 'r' is a choice"},
        Mismatch{"note", 25, "'note' is a text question; only answered(note) can read it"},
        Mismatch{"fever in {none}", 31, "`in {...}` needs a choice on its left"}),
    [](const testing::TestParamInfo<Mismatch>& info) {
      // "age and fever" -> "age_and_fever"
      std::string name;
      for (const char c : info.param.condition) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
          name += c;
        } else if (!name.empty() && name.back() != '_') {
          name += '_';
        }
      }
      while (!name.empty() && name.back() == '_')
        name.pop_back();
      return name + "_" + std::to_string(info.index);
    });

TEST(Checker, ChoicesWithDifferentOptionsCannotBeCompared) {
  const auto d =
      expect_diagnostic(with_questions("question side: choice { left, right } \"Side?\"\n" +
                                       rule_when("leg == side")),
                        "type-mismatch", 14, 29);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("different options"));
}

TEST(Checker, OnlyChoicesHaveOptionsAndOnlyNumbersHaveRanges) {
  expect_diagnostic(with_prefix("question b: boolean 1..2 \"B?\"\n"), "type-mismatch", 9, 21);
  expect_diagnostic(with_prefix("question b: boolean unit \"kg\" \"B?\"\n"), "type-mismatch", 9,
                    21);
}

TEST(Checker, OneErrorDoesNotCascade) {
  // `fevr` is unknown; the `and` around it must not add a type-mismatch.
  const auto loaded = redflag::load(with_questions(rule_when("fevr and age > 3")), "test.rf");
  EXPECT_THAT(rftest::codes(loaded), ElementsAre("unknown-name"));
}

// ---------------------------------------------------------------------------------------------
// bad-range

TEST(Checker, RangeLowAboveHigh) {
  const auto d =
      expect_diagnostic(with_prefix("question t: number 5..1 \"T?\"\n"), "bad-range", 9, 20);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("low end is above its high end"));
}

TEST(Checker, FractionalIntegerRange) {
  expect_diagnostic(with_prefix("question i: integer 1.5..3 \"I?\"\n"), "bad-range", 9, 21);
  expect_diagnostic(with_prefix("question i: integer 1..2.5 \"I?\"\n"), "bad-range", 9, 21);
}

TEST(Checker, SinglePointRangeIsFine) {
  const auto rs = load_body("question i: integer 3..3 \"I?\"\n");
  EXPECT_EQ(rs.questions()[0].min, std::optional<double>(3));
}

TEST(Checker, TestGivenOutsideTheRange) {
  const auto d = expect_diagnostic(with_questions("test \"t\" {\n  given { age: 121 }\n}\n"),
                                   "bad-range", 14, 11);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("121 is outside 0..120"));
}

// ---------------------------------------------------------------------------------------------
// circular-let

TEST(Checker, MutuallyRecursiveLets) {
  const auto loaded =
      redflag::load(with_questions("let a = b or fever\nlet b = not a\n"), "test.rf");
  EXPECT_FALSE(loaded.ok());
  const auto d = expect_diagnostic(loaded, "circular-let", 13, 5);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("'a' is defined in terms of itself"));
  EXPECT_THAT(rftest::codes(loaded), ElementsAre("circular-let"));
}

TEST(Checker, SelfReferentialLet) {
  expect_diagnostic(with_questions("let s = s + 1 > 2\n"), "circular-let", 13, 5);
}

TEST(Checker, LetChainsInAnyOrderAreFine) {
  const auto rs = load_body("question q: boolean \"Q?\"\nlet c = b\nlet b = a\nlet a = not q\n");
  redflag::Answers answers(rs);
  answers.set("q", false);
  EXPECT_EQ(rftest::value_of(rs.evaluate(answers), "c"), "true");
}

// ---------------------------------------------------------------------------------------------
// unknown-level, missing-declaration, missing-source

TEST(Checker, UnknownLevelInRule) {
  const auto d = expect_diagnostic(
      with_questions("rule r \"R\" -> urgnt when fever because \"b\" source \"s\"\n"),
      "unknown-level", 13, 15);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("levels are low, mid, high"));
}

TEST(Checker, UnknownLevelInDefault) {
  const auto d = expect_diagnostic("ruleset t \"T\"\nlevels { low \"L\" high \"H\" }\ndefault lo\n",
                                   "unknown-level", 3, 9);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("did you mean 'low'?"));
}

TEST(Checker, UnknownLevelInMissingPolicy) {
  expect_diagnostic(with_prefix("question q: boolean required \"Q?\"\n"
                                "on missing required -> severe \"Unanswered\" source \"s\"\n"),
                    "unknown-level", 10, 24);
}

TEST(Checker, MissingDeclarations) {
  const auto loaded = redflag::load("question a: boolean \"A?\"\n", "test.rf");
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.diagnostics().size(), 2u);
  for (const auto& d : loaded.diagnostics()) {
    EXPECT_EQ(d.code, "missing-declaration");
    EXPECT_EQ(d.where.line, 1u);
    EXPECT_EQ(d.where.column, 1u);
  }
  EXPECT_THAT(loaded.diagnostics()[0].message, HasSubstr("ruleset"));
  EXPECT_THAT(loaded.diagnostics()[1].message, HasSubstr("levels"));
}

TEST(Checker, MissingDefault) {
  const auto d =
      expect_diagnostic("ruleset t \"T\"\nlevels { low \"L\" }\n", "missing-declaration", 1, 1);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("default"));
}

TEST(Checker, EmptyFile) {
  const auto loaded = redflag::load("", "empty.rf");
  EXPECT_FALSE(loaded.ok());
  EXPECT_THAT(rftest::codes(loaded), ElementsAre("missing-declaration", "missing-declaration"));
}

TEST(Checker, MissingSourceIsAWarningAndStillLoads) {
  const auto loaded =
      redflag::load(with_questions("rule r \"R\" -> high when fever because \"b\"\n"), "test.rf");
  ASSERT_TRUE(loaded.ok()) << loaded.formatted();
  const auto d = expect_diagnostic(loaded, "missing-source", 13, 6);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->severity, redflag::Severity::warning);
  EXPECT_THAT(loaded.formatted(), HasSubstr("test.rf:13:6: warning[missing-source]: rule 'r'"));
  EXPECT_EQ(loaded->rules()[0].source, "");
}

TEST(Checker, MissingPolicyWithoutSourceIsAWarning) {
  const auto loaded = redflag::load(with_prefix("question q: boolean required \"Q?\"\n"
                                                "on missing required -> mid \"Unanswered\"\n"),
                                    "test.rf");
  ASSERT_TRUE(loaded.ok()) << loaded.formatted();
  expect_diagnostic(loaded, "missing-source", 10, 1);
}

TEST(Checker, MissingPolicyNeedsARequiredQuestion) {
  expect_diagnostic(with_prefix("question q: boolean \"Q?\"\n"
                                "on missing required -> mid \"Unanswered\" source \"s\"\n"),
                    "unknown-name", 10, 12);
}

TEST(Checker, DiagnosticsOfSeveralKindsComeInFileOrder) {
  const auto loaded =
      redflag::load(with_questions(rule_when("fevr") +                                  // 13
                                   "let a = a\n" +                                      // 14
                                   rule_when("leg == bth") +                            // 15
                                   "rule w \"W\" -> high when fever because \"b\"\n"),  // 16
                    "test.rf");
  std::vector<std::uint32_t> lines;
  for (const auto& d : loaded.diagnostics())
    lines.push_back(d.where.line);
  EXPECT_THAT(rftest::codes(loaded), ElementsAre("unknown-name", "circular-let", "duplicate-id",
                                                 "unknown-option", "missing-source"));
  EXPECT_THAT(lines, ElementsAre(13u, 14u, 15u, 15u, 16u));
}

// ---------------------------------------------------------------------------------------------
// Choice options on either side of a comparison

TEST(Checker, OptionResolvesOnEitherSide) {
  const auto rs = load_body(R"(question leg: choice { none, one, both } "Leg?"
let left = leg == both
let right = both == leg
let differs = none != leg
let within = leg in {one, both}
)");
  redflag::Answers answers(rs);
  answers.set("leg", "both");
  auto r = rs.evaluate(answers);
  EXPECT_EQ(rftest::value_of(r, "left"), "true");
  EXPECT_EQ(rftest::value_of(r, "right"), "true");
  EXPECT_EQ(rftest::value_of(r, "differs"), "true");
  EXPECT_EQ(rftest::value_of(r, "within"), "true");
  answers.set("leg", "none");
  r = rs.evaluate(answers);
  EXPECT_EQ(rftest::value_of(r, "left"), "false");
  EXPECT_EQ(rftest::value_of(r, "right"), "false");
  EXPECT_EQ(rftest::value_of(r, "differs"), "false");
  EXPECT_EQ(rftest::value_of(r, "within"), "false");
}

TEST(Checker, OptionIdWinsOverAQuestionOfTheSameName) {
  // `none` is both an option of `leg` and a boolean question: compared with `leg` it is the
  // option.
  const auto rs = load_body(R"(question none: boolean "None?"
question leg: choice { none, one } "Leg?"
let no_leg = leg == none
)");
  redflag::Answers answers(rs);
  answers.set("leg", "none");
  answers.set("none", false);
  EXPECT_EQ(rftest::value_of(rs.evaluate(answers), "no_leg"), "true");
}

TEST(Checker, DerivedChoiceKeepsItsOptions) {
  const auto rs = load_body(R"(question leg: choice { none, one, both } "Leg?"
let side = leg
let both_sides = side == both
let any_side = side in {one, both}
)");
  redflag::Answers answers(rs);
  answers.set("leg", "both");
  const auto r = rs.evaluate(answers);
  EXPECT_EQ(rftest::value_of(r, "side"), "both");
  EXPECT_EQ(rftest::value_of(r, "both_sides"), "true");
  EXPECT_EQ(rftest::value_of(r, "any_side"), "true");
  expect_diagnostic(with_prefix("question leg: choice { none, one } \"Leg?\"\n"
                                "let side = leg\nlet x = side == three\n"),
                    "unknown-option", 11, 17);
}

TEST(Checker, SixtyFourOptionsAtMost) {
  std::string options;
  for (int i = 0; i < 64; ++i)
    options += (i ? ", o" : "o") + std::to_string(i);
  const auto rs = load_body("question c: choice { " + options +
                            " } \"C?\"\nlet last = c in {o63}\nlet first = c == o0\n");
  redflag::Answers answers(rs);
  answers.set("c", "o63");
  auto r = rs.evaluate(answers);
  EXPECT_EQ(rftest::value_of(r, "last"), "true");
  EXPECT_EQ(rftest::value_of(r, "first"), "false");
  answers.set("c", "o0");
  r = rs.evaluate(answers);
  EXPECT_EQ(rftest::value_of(r, "last"), "false");
  EXPECT_EQ(rftest::value_of(r, "first"), "true");

  expect_diagnostic(with_prefix("question c: choice { " + options + ", o64 } \"C?\"\n"),
                    "limit-exceeded", 9, 13);
}

TEST(Checker, UnknownQuestionType) {
  const auto d = expect_diagnostic(with_prefix("question q: bool \"Q?\"\n"), "unknown-name", 9, 13);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("unknown question type 'bool'"));
}

TEST(Checker, NamesInTestsAreChecked) {
  const auto loaded =
      redflag::load(with_questions(rule_when("fever") +                                        // 13
                                   "test \"t\" {\n"                                            // 14
                                   "  given { fever: true, age: 121, fever: false, zz: 1 }\n"  // 15
                                   "  expect level hihg\n"                                     // 16
                                   "  expect fired rr\n"                                       // 17
                                   "  expect value nope = true\n"                              // 18
                                   "}\n"),
                    "test.rf");
  EXPECT_FALSE(loaded.ok());
  expect_diagnostic(loaded, "bad-range", 15, 24);
  expect_diagnostic(loaded, "duplicate-id", 15, 34);
  const auto zz = expect_diagnostic(loaded, "unknown-name", 15, 48);
  expect_diagnostic(loaded, "unknown-level", 16, 16);
  const auto rr = expect_diagnostic(loaded, "unknown-name", 17, 16);
  ASSERT_TRUE(rr);
  EXPECT_THAT(rr->message, HasSubstr("unknown rule 'rr' (did you mean 'r'?)"));
  expect_diagnostic(loaded, "unknown-name", 18, 16);
  EXPECT_EQ(loaded.diagnostics().size(), 6u) << loaded.formatted();
}

TEST(Checker, TwoQuestionsOfTheSameChoiceCompare) {
  const auto rs = load_body(R"(question before: choice { low, high } "Before?"
question after: choice { low, high } "After?"
let same = before == after
)");
  redflag::Answers answers(rs);
  answers.set("before", "high");
  answers.set("after", "high");
  EXPECT_EQ(rftest::value_of(rs.evaluate(answers), "same"), "true");
  answers.set("after", "low");
  EXPECT_EQ(rftest::value_of(rs.evaluate(answers), "same"), "false");
}

// ---------------------------------------------------------------------------------------------
// use

struct FakeFiles {
  std::map<std::string, std::string> files;
  std::vector<std::string> reads;
  redflag::LoadOptions options() {
    redflag::LoadOptions o;
    o.read_file = [this](const std::filesystem::path& p) -> std::optional<std::string> {
      reads.push_back(p.generic_string());
      const auto it = files.find(p.generic_string());
      if (it == files.end()) return std::nullopt;
      return it->second;
    };
    return o;
  }
};

TEST(Use, BringsInQuestionsParametersAndDerivedValues) {
  FakeFiles fs;
  fs.files["lib/common.rf"] =
      "use \"more.rf\"\n"
      "question shared: boolean \"Shared?\"\n"
      "param limit = 38\n"
      "let hot = shared and deep > limit\n";
  fs.files["lib/more.rf"] = "question deep: number \"Deep?\"\n";
  const auto rs = load_ok(
      with_prefix("use \"lib/common.rf\"\n" + rule_when("hot and answered(shared)")), fs.options());
  EXPECT_THAT(fs.reads, ElementsAre("lib/common.rf", "lib/more.rf"));
  EXPECT_TRUE(rs.find_question("shared"));
  EXPECT_TRUE(rs.find_question("deep"));
  EXPECT_EQ(rs.questions()[*rs.find_question("deep")].location.file, "lib/more.rf");
  ASSERT_EQ(rs.parameters().size(), 1u);
  EXPECT_EQ(rs.parameters()[0].id, "limit");
  ASSERT_EQ(rs.derived().size(), 1u);
  EXPECT_EQ(rs.derived()[0].id, "hot");
  EXPECT_EQ(rs.levels().size(), 3u);

  redflag::Answers answers(rs);
  answers.set("shared", true);
  answers.set("deep", 39.0);
  EXPECT_EQ(rftest::level_of(rs.evaluate(answers)), "high");
}

TEST(Use, ALibraryWithoutRulesetCannotHoldRulesOrLevels) {
  FakeFiles fs;
  fs.files["lib.rf"] =
      "question shared: boolean \"Shared?\"\n"
      "levels { ignored \"Ignored\" }\n"
      "rule lib_rule \"Never run\" -> ignored when shared because \"b\" source \"s\"\n";
  const auto loaded =
      redflag::load(with_prefix("use \"lib.rf\"\n" + rule_when("shared")), "test.rf", fs.options());
  EXPECT_FALSE(loaded.ok());
  EXPECT_THAT(rftest::codes(loaded), ElementsAre("not-evaluated", "not-evaluated"));
  EXPECT_EQ(loaded.diagnostics()[1].file, "lib.rf");
  EXPECT_EQ(loaded.diagnostics()[1].where.line, 3u);
}

TEST(Use, AUsedRuleSetIsCheckedAsItsOwnRuleFile) {
  FakeFiles fs;
  fs.files["scores.rf"] =
      "ruleset scores \"Scores\"\n"
      "levels { low \"Low\" high \"High\" }\n"
      "default low\n"
      "question shared: boolean \"Shared?\"\n"
      "rule own \"Own\" -> urgnt when shared because \"b\" source \"s\"\n";  // no such level
  const auto loaded = redflag::load(with_prefix("use \"scores.rf\"\n" + rule_when("shared")),
                                    "test.rf", fs.options());
  EXPECT_FALSE(loaded.ok());
  rftest::expect_diagnostic(loaded, "unknown-level", 5, 19);
  EXPECT_EQ(loaded.diagnostics().size(), 1u) << loaded.formatted();

  // Fixed, it loads, and its rule is not evaluated here: lint says so in a note.
  fs.files["scores.rf"].replace(fs.files["scores.rf"].find("urgnt"), 5, "high");
  const auto rs = load_ok(with_prefix("use \"scores.rf\"\n" + rule_when("shared")), fs.options());
  EXPECT_FALSE(rs.find_rule("own"));
  EXPECT_THAT(redflag::detail::lint(rs).notes,
              Contains(HasSubstr("'scores.rf' is a rule set of its own: its 1 rule run when it is "
                                 "loaded itself")));
}

TEST(Use, MissingFile) {
  FakeFiles fs;
  const auto loaded = redflag::load(with_prefix("use \"nowhere.rf\"\n"), "test.rf", fs.options());
  EXPECT_FALSE(loaded.ok());
  const auto d = expect_diagnostic(loaded, "use-failed", 9, 5);
  ASSERT_TRUE(d);
  EXPECT_THAT(d->message, HasSubstr("cannot read 'nowhere.rf'"));
}

TEST(Use, Cycle) {
  FakeFiles fs;
  fs.files["a.rf"] = "question qa: boolean \"A?\"\nuse \"b.rf\"\n";
  fs.files["b.rf"] = "use \"a.rf\"\n";
  const auto loaded = redflag::load(with_prefix("use \"a.rf\"\n"), "test.rf", fs.options());
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.diagnostics().size(), 1u) << loaded.formatted();
  const auto& d = loaded.diagnostics()[0];
  EXPECT_EQ(d.code, "use-failed");
  EXPECT_EQ(d.file, "b.rf");
  EXPECT_EQ(d.where.line, 1u);
  EXPECT_EQ(d.where.column, 5u);
  EXPECT_THAT(d.message, HasSubstr("cycle"));
}

TEST(Use, UsingItself) {
  FakeFiles fs;
  expect_diagnostic(redflag::load(with_prefix("use \"test.rf\"\n"), "test.rf", fs.options()),
                    "use-failed", 9, 5);
}

TEST(Use, DiamondIsLoadedOnce) {
  FakeFiles fs;
  fs.files["a.rf"] = "use \"base.rf\"\nquestion qa: boolean \"A?\"\n";
  fs.files["b.rf"] = "use \"base.rf\"\nquestion qb: boolean \"B?\"\n";
  fs.files["base.rf"] = "question base: boolean \"Base?\"\n";
  const auto rs = load_ok(with_prefix("use \"a.rf\"\nuse \"b.rf\"\n"), fs.options());
  EXPECT_EQ(rs.questions().size(), 3u);
}

TEST(Use, DuplicateAcrossFilesNamesTheOtherFile) {
  FakeFiles fs;
  fs.files["common.rf"] = "\nquestion fever: boolean \"Fever?\"\n";
  const auto loaded = redflag::load(with_prefix("use \"common.rf\"\n"
                                                "question fever: boolean \"Again?\"\n"),
                                    "test.rf", fs.options());
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.diagnostics().size(), 1u) << loaded.formatted();
  const auto& d = loaded.diagnostics()[0];
  EXPECT_EQ(d.code, "duplicate-id");
  // One of the two declarations is reported, naming the file and line of the other.
  if (d.file == "common.rf") {
    EXPECT_EQ(d.where.line, 2u);
    EXPECT_THAT(d.message, HasSubstr("test.rf:10"));
  } else {
    EXPECT_EQ(d.file, "test.rf");
    EXPECT_EQ(d.where.line, 10u);
    EXPECT_THAT(d.message, HasSubstr("common.rf:2"));
  }
}

TEST(Use, ErrorsInAUsedFileNameThatFile) {
  FakeFiles fs;
  fs.files["broken.rf"] = "question x boolean \"X?\"\n";
  const auto loaded = redflag::load(with_prefix("use \"broken.rf\"\n"), "test.rf", fs.options());
  ASSERT_EQ(loaded.diagnostics().size(), 1u);
  EXPECT_EQ(loaded.diagnostics()[0].file, "broken.rf");
  EXPECT_EQ(loaded.diagnostics()[0].code, "syntax");
  EXPECT_EQ(loaded.diagnostics()[0].where.line, 1u);
  EXPECT_EQ(loaded.diagnostics()[0].where.column, 12u);
}

TEST(Use, DepthLimit) {
  FakeFiles fs;
  fs.files["1.rf"] = "use \"2.rf\"\n";
  fs.files["2.rf"] = "use \"3.rf\"\n";
  fs.files["3.rf"] = "question q: boolean \"Q?\"\n";
  auto options = fs.options();
  options.max_use_depth = 2;
  const auto loaded = redflag::load(with_prefix("use \"1.rf\"\n"), "test.rf", options);
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.diagnostics().size(), 1u) << loaded.formatted();
  EXPECT_EQ(loaded.diagnostics()[0].code, "use-failed");
  EXPECT_THAT(loaded.diagnostics()[0].message, HasSubstr("max_use_depth"));
}

// ---------------------------------------------------------------------------------------------
// Parameter overrides

TEST(Parameters, OverrideChangesTheThreshold) {
  const std::string text = with_prefix(
      "param limit = 38 \"Fever threshold\"\n"
      "question temp: number 30..45 \"Temperature?\"\n" +
      rule_when("temp >= limit"));
  const auto plain = load_ok(text);
  redflag::LoadOptions options;
  options.parameters["limit"] = 39;
  const auto overridden = load_ok(text, options);
  EXPECT_DOUBLE_EQ(plain.parameters()[0].value, 38);
  EXPECT_DOUBLE_EQ(overridden.parameters()[0].value, 39);
  EXPECT_EQ(overridden.parameters()[0].description, "Fever threshold");

  redflag::Answers a1(plain), a2(overridden);
  a1.set("temp", 38.5);
  a2.set("temp", 38.5);
  EXPECT_EQ(rftest::level_of(plain.evaluate(a1)), "high");
  EXPECT_EQ(rftest::level_of(overridden.evaluate(a2)), "low");
}

TEST(Parameters, UnknownOverrideIsAnError) {
  redflag::LoadOptions options;
  options.parameters["nope"] = 1;
  options.parameters["fever"] = 1;  // a question, not a parameter
  const auto loaded = redflag::load(with_questions("param p = 1\n"), "test.rf", options);
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.diagnostics().size(), 2u) << loaded.formatted();
  for (const auto& d : loaded.diagnostics()) {
    EXPECT_EQ(d.code, "unknown-name");
    EXPECT_EQ(d.file, "test.rf");
    EXPECT_EQ(d.where.line, 0u);  // no place in the file
  }
  EXPECT_THAT(loaded.formatted(), HasSubstr("'nope'"));
  EXPECT_THAT(loaded.formatted(), HasSubstr("'fever'"));
}

// ---------------------------------------------------------------------------------------------
// Introspection

constexpr std::string_view kIntrospect = R"(ruleset intro "Introspection \"demo\""
version "0.9.1"
levels {
  home "Stay home" indicator info
  gp   "See a GP" indicator warning
  ae   "Go to A&E" indicator critical
}
default home
param limit = 38.5 "Fever threshold"
question fever: boolean required "Fever?"
question temp: number 34..43 unit "Cel" "Temperature?"
question age: integer 16..120 unit "a" "Age?"
question leg: choice { none "No", one "One leg", both } "Leg pain?"
question note: text "Notes?"
let hot = fever or temp >= limit
let score = count(fever, leg == both) + 1
let side = leg
rule hot_rule "Hot" -> gp
  when hot   # a comment
  because "It is hot."
  source "NICE"
  tags infection, fever
rule leg_rule "Both legs" -> ae when leg in {both} and age > 50 because "Legs." source "CKS"
on missing required -> gp "Unanswered" source "Policy"
)";

TEST(Introspection, Header) {
  const auto rs = load_ok(kIntrospect);
  EXPECT_EQ(rs.id(), "intro");
  EXPECT_EQ(rs.title(), "Introspection \"demo\"");
  EXPECT_EQ(rs.version(), "0.9.1");
  EXPECT_EQ(rs.source_name(), "test.rf");
}

TEST(Introspection, Levels) {
  const auto rs = load_ok(kIntrospect);
  ASSERT_EQ(rs.levels().size(), 3u);
  const std::string ids[] = {"home", "gp", "ae"};
  const std::string advice[] = {"Stay home", "See a GP", "Go to A&E"};
  const redflag::Indicator indicators[] = {redflag::Indicator::info, redflag::Indicator::warning,
                                           redflag::Indicator::critical};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(rs.levels()[i].id, ids[i]);
    EXPECT_EQ(rs.levels()[i].advice, advice[i]);
    EXPECT_EQ(rs.levels()[i].indicator, indicators[i]);
    EXPECT_EQ(rs.levels()[i].rank, i);
    EXPECT_EQ(rs.find_level(ids[i]), std::optional<std::size_t>(i));
  }
  EXPECT_EQ(rs.default_level().id, "home");
  EXPECT_EQ(redflag::to_string(redflag::Indicator::critical), "critical");
}

TEST(Introspection, Questions) {
  const auto rs = load_ok(kIntrospect);
  ASSERT_EQ(rs.questions().size(), 5u);
  const auto& fever = rs.questions()[0];
  EXPECT_EQ(fever.id, "fever");
  EXPECT_EQ(fever.type, redflag::QuestionType::boolean);
  EXPECT_TRUE(fever.required);
  EXPECT_EQ(fever.prompt, "Fever?");
  EXPECT_EQ(fever.location.file, "test.rf");
  EXPECT_EQ(fever.location.where.line, 10u);
  EXPECT_EQ(fever.location.where.column, 10u);

  const auto& temp = rs.questions()[1];
  EXPECT_EQ(temp.type, redflag::QuestionType::number);
  EXPECT_EQ(temp.min, std::optional<double>(34));
  EXPECT_EQ(temp.max, std::optional<double>(43));
  EXPECT_EQ(temp.unit, "Cel");
  EXPECT_FALSE(temp.required);

  const auto& age = rs.questions()[2];
  EXPECT_EQ(age.type, redflag::QuestionType::integer);
  EXPECT_EQ(age.unit, "a");

  const auto& leg = rs.questions()[3];
  EXPECT_EQ(leg.type, redflag::QuestionType::choice);
  ASSERT_EQ(leg.options.size(), 3u);
  EXPECT_EQ(leg.options[0].id, "none");
  EXPECT_EQ(leg.options[0].label, "No");
  EXPECT_EQ(leg.options[1].label, "One leg");
  EXPECT_EQ(leg.options[2].id, "both");
  EXPECT_EQ(leg.options[2].label, "");
  EXPECT_TRUE(leg.unit.empty());
  EXPECT_FALSE(leg.min);

  EXPECT_EQ(rs.questions()[4].type, redflag::QuestionType::text);
  EXPECT_EQ(rs.find_question("leg"), std::optional<std::size_t>(3));
  EXPECT_EQ(rs.find_question("nope"), std::nullopt);
  EXPECT_EQ(redflag::to_string(redflag::QuestionType::integer), "integer");
}

TEST(Introspection, ParametersAndDerived) {
  const auto rs = load_ok(kIntrospect);
  ASSERT_EQ(rs.parameters().size(), 1u);
  EXPECT_EQ(rs.parameters()[0].id, "limit");
  EXPECT_DOUBLE_EQ(rs.parameters()[0].value, 38.5);
  EXPECT_EQ(rs.parameters()[0].description, "Fever threshold");
  EXPECT_EQ(rs.parameters()[0].location.where.line, 9u);

  ASSERT_EQ(rs.derived().size(), 3u);
  EXPECT_EQ(rs.derived()[0].id, "hot");
  EXPECT_EQ(rs.derived()[0].type, redflag::QuestionType::boolean);
  EXPECT_EQ(rs.derived()[0].expression, "fever or temp >= limit");
  EXPECT_EQ(rs.derived()[1].id, "score");
  EXPECT_EQ(rs.derived()[1].type, redflag::QuestionType::number);
  EXPECT_EQ(rs.derived()[1].expression, "count(fever, leg == both) + 1");
  EXPECT_EQ(rs.derived()[2].type, redflag::QuestionType::choice);
}

TEST(Introspection, Rules) {
  const auto rs = load_ok(kIntrospect);
  ASSERT_EQ(rs.rules().size(), 3u);
  const auto& hot = rs.rules()[0];
  EXPECT_EQ(hot.id, "hot_rule");
  EXPECT_EQ(hot.title, "Hot");
  EXPECT_EQ(rs.levels()[hot.level].id, "gp");
  EXPECT_EQ(hot.condition, "hot");
  EXPECT_EQ(hot.because, "It is hot.");
  EXPECT_EQ(hot.source, "NICE");
  EXPECT_EQ(hot.tags, (std::vector<std::string>{"infection", "fever"}));
  EXPECT_FALSE(hot.missing_policy);
  EXPECT_EQ(hot.location.where.line, 18u);
  EXPECT_EQ(hot.location.where.column, 6u);

  const auto& leg = rs.rules()[1];
  EXPECT_EQ(leg.condition, "leg in {both} and age > 50");
  EXPECT_EQ(rs.levels()[leg.level].id, "ae");
  EXPECT_TRUE(leg.tags.empty());

  const auto& missing = rs.rules()[2];
  EXPECT_EQ(missing.id, "missing_required");
  EXPECT_TRUE(missing.missing_policy);
  EXPECT_EQ(rs.levels()[missing.level].id, "gp");
  EXPECT_EQ(missing.because, "Unanswered");
  EXPECT_EQ(missing.condition, "not answered(fever)");
  EXPECT_EQ(missing.source, "Policy");

  EXPECT_EQ(rs.find_rule("leg_rule"), std::optional<std::size_t>(1));
  EXPECT_EQ(rs.find_rule("missing_required"), std::optional<std::size_t>(2));
  EXPECT_EQ(rs.find_rule("nope"), std::nullopt);
}

TEST(Introspection, CopiesShareTheProgram) {
  const auto rs = load_ok(kIntrospect);
  const redflag::Ruleset copy = rs;
  EXPECT_EQ(&copy.impl(), &rs.impl());
  EXPECT_EQ(copy.questions().data(), rs.questions().data());
}

TEST(Introspection, ToJsonIsValidJsonWithEverything) {
  const auto rs = load_ok(kIntrospect);
  boost::json::error_code ec;
  const boost::json::value doc = boost::json::parse(rs.to_json(), ec);
  ASSERT_FALSE(ec) << ec.message() << "\n" << rs.to_json();
  const auto& o = doc.as_object();
  EXPECT_EQ(o.at("id").as_string(), "intro");
  EXPECT_EQ(o.at("title").as_string(), "Introspection \"demo\"");
  EXPECT_EQ(o.at("version").as_string(), "0.9.1");
  EXPECT_EQ(o.at("default").as_string(), "home");

  const auto& levels = o.at("levels").as_array();
  ASSERT_EQ(levels.size(), 3u);
  EXPECT_EQ(levels[2].at("id").as_string(), "ae");
  EXPECT_EQ(levels[2].at("advice").as_string(), "Go to A&E");
  EXPECT_EQ(levels[2].at("indicator").as_string(), "critical");
  EXPECT_EQ(levels[2].at("rank").to_number<double>(), 2);

  const auto& questions = o.at("questions").as_array();
  ASSERT_EQ(questions.size(), 5u);
  std::vector<std::string> ids;
  for (const auto& q : questions)
    ids.push_back(std::string(q.at("id").as_string()));
  EXPECT_THAT(ids, ElementsAre("fever", "temp", "age", "leg", "note"));
  EXPECT_EQ(questions[0].at("type").as_string(), "boolean");
  EXPECT_EQ(questions[0].at("prompt").as_string(), "Fever?");
  EXPECT_EQ(questions[0].at("required").as_bool(), true);
  EXPECT_EQ(questions[1].at("min").to_number<double>(), 34);
  EXPECT_EQ(questions[1].at("max").to_number<double>(), 43);
  EXPECT_EQ(questions[1].at("unit").as_string(), "Cel");
  const auto& options = questions[3].at("options").as_array();
  ASSERT_EQ(options.size(), 3u);
  EXPECT_EQ(options[1].at("id").as_string(), "one");
  EXPECT_EQ(options[1].at("label").as_string(), "One leg");
  EXPECT_EQ(options[2].at("label").as_string(), "both");  // no label: the id

  const auto& params = o.at("parameters").as_array();
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].at("value").to_number<double>(), 38.5);

  const auto& derived = o.at("derived").as_array();
  ASSERT_EQ(derived.size(), 3u);
  EXPECT_EQ(derived[0].at("expression").as_string(), "fever or temp >= limit");

  const auto& rules = o.at("rules").as_array();
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].at("id").as_string(), "hot_rule");
  EXPECT_EQ(rules[0].at("level").as_string(), "gp");
  EXPECT_EQ(rules[0].at("when").as_string(), "hot");
  EXPECT_EQ(rules[0].at("source").as_string(), "NICE");
  EXPECT_EQ(rules[0].at("tags").as_array().size(), 2u);
}

}  // namespace
