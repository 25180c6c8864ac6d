// The shipped rule files: rules/low_back_pain.rf and rules/start_back.rf (paths relative to the
// repository root, where ctest runs the tests). Their questions against their clinical basis
// (docs/clinical-basis.md, "Intake questions"), their levels, their citations, and STarT Back
// against an independent implementation of the Keele algorithm (docs/clinical-basis.md,
// "STarT Back").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "test_helpers.hpp"

namespace {

using redflag::QuestionType;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

redflag::Ruleset load_clean(const char* path) {
  const auto loaded = redflag::load_file(path);
  EXPECT_TRUE(loaded.diagnostics().empty()) << loaded.formatted();
  return loaded.value();
}

const redflag::Ruleset& low_back_pain() {
  static const redflag::Ruleset rs = load_clean("rules/low_back_pain.rf");
  return rs;
}

const redflag::Ruleset& start_back() {
  static const redflag::Ruleset rs = load_clean("rules/start_back.rf");
  return rs;
}

std::vector<std::string> level_ids(const redflag::Ruleset& rs) {
  std::vector<std::string> out;
  for (const auto& l : rs.levels())
    out.push_back(l.id);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loading, levels, citations

TEST(BundledRules, LoadWithoutDiagnostics) {
  for (const char* path : {"rules/low_back_pain.rf", "rules/start_back.rf"}) {
    const auto loaded = redflag::load_file(path);
    EXPECT_TRUE(loaded.ok()) << path;
    EXPECT_THAT(loaded.diagnostics(), IsEmpty()) << loaded.formatted();
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->source_name(), path);
  }
  EXPECT_EQ(low_back_pain().version(), "2.0.0");
  EXPECT_EQ(start_back().version(), "1.0.0");
  EXPECT_EQ(low_back_pain().id(), "low_back_pain");
  EXPECT_EQ(start_back().id(), "start_back");
}

TEST(BundledRules, Levels) {
  EXPECT_THAT(level_ids(low_back_pain()),
              ElementsAre("self_care", "routine", "soon", "urgent", "emergency"));
  EXPECT_EQ(low_back_pain().default_level().id, "self_care");
  EXPECT_EQ(low_back_pain().levels().back().indicator, redflag::Indicator::critical);
  for (std::size_t i = 0; i < low_back_pain().levels().size(); ++i)
    EXPECT_EQ(low_back_pain().levels()[i].rank, i);

  EXPECT_THAT(level_ids(start_back()), ElementsAre("low", "medium", "high"));
  EXPECT_EQ(start_back().default_level().id, "low");
}

TEST(BundledRules, EveryRuleHasARationaleAndASource) {
  for (const auto* rs : {&low_back_pain(), &start_back()}) {
    ASSERT_FALSE(rs->rules().empty());
    for (const auto& rule : rs->rules()) {
      EXPECT_FALSE(rule.because.empty()) << rs->id() << "." << rule.id;
      EXPECT_FALSE(rule.source.empty()) << rs->id() << "." << rule.id;
      EXPECT_FALSE(rule.title.empty()) << rs->id() << "." << rule.id;
    }
  }
  // The missing-data policy is a rule too, and cites its source.
  const auto missing = low_back_pain().find_rule("missing_required");
  ASSERT_TRUE(missing);
  EXPECT_EQ(low_back_pain().levels()[low_back_pain().rules()[*missing].level].id, "urgent");
}

TEST(BundledRules, ToJsonMentionsEveryQuestion) {
  const std::string json = low_back_pain().to_json();
  for (const auto& q : low_back_pain().questions())
    EXPECT_NE(json.find("\"id\":\"" + q.id + "\""), std::string::npos) << q.id;
}

// Running them is the rules.* tests' job (tests/rules/rules_test.cpp), one ctest per rule test.
TEST(BundledRules, CompanionTestsLoad) {
  redflag::LoadOptions options;
  options.load_tests = true;
  for (const char* path : {"rules/low_back_pain.rf", "rules/start_back.rf"}) {
    SCOPED_TRACE(path);
    const auto loaded = redflag::load_file(path, options);
    ASSERT_TRUE(loaded.ok()) << loaded.formatted();
    EXPECT_THAT(loaded.diagnostics(), IsEmpty()) << loaded.formatted();
    ASSERT_FALSE(loaded->tests().empty());
    for (const auto& test : loaded->tests())
      EXPECT_THAT(test.file, ::testing::EndsWith(".test.rf"));
  }
  // Without load_tests the companion file is not read.
  EXPECT_TRUE(low_back_pain().tests().empty());
}

TEST(BundledRules, MissingFileIsAReadFailure) {
  const auto loaded = redflag::load_file("rules/no_such_file.rf");
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.diagnostics().size(), 1u);
  EXPECT_EQ(loaded.diagnostics()[0].code, "read-failed");
  EXPECT_EQ(loaded.diagnostics()[0].file, "rules/no_such_file.rf");
  const auto directory = redflag::load_file("rules");
  EXPECT_FALSE(directory.ok());
  EXPECT_THAT(directory.formatted(), ::testing::HasSubstr("directory"));
}

// ---------------------------------------------------------------------------------------------
// The intake questions (docs/clinical-basis.md, "Intake questions")

struct ExpectedQuestion {
  std::string id;
  QuestionType type;
  std::vector<std::string> options = {};
  std::optional<double> min = std::nullopt;
  std::optional<double> max = std::nullopt;
  std::string unit = {};
};

std::vector<ExpectedQuestion> section3() {
  using Q = ExpectedQuestion;
  const auto B = QuestionType::boolean;
  std::vector<Q> out = {
      // 3.1 Demographics and pain characteristics
      {"age_years", QuestionType::integer, {}, 16, 120, "a"},
      {"sex", QuestionType::choice, {"female", "male", "other"}},
      {"pain_duration_weeks", QuestionType::number, {}, 0, 1040, "wk"},
      {"onset", QuestionType::choice, {"sudden", "gradual"}},
      {"pain_severity_nrs", QuestionType::integer, {}, 0, 10},
      {"thoracic_pain", B},
      {"leg_pain", QuestionType::choice, {"none", "one_leg", "both_legs"}},
      {"leg_pain_below_knee", B},
      {"leg_numbness", B},
      {"trauma", QuestionType::choice, {"none", "minor", "major"}},
      // 3.2 Cauda equina
      {"saddle_numbness", B},
      {"urinary_retention", B},
      {"bladder_change_new", B},
      {"urinary_incontinence_new", B},
      {"bowel_incontinence_new", B},
      {"sexual_dysfunction_new", B},
      {"both_legs_pain_course",
       QuestionType::choice,
       {"new_within_2_weeks", "worsening", "longstanding_stable"}},
      // 3.3 Neurological
      {"leg_weakness", QuestionType::choice, {"none", "stable", "progressive_or_severe"}},
      {"leg_weakness_bilateral", B},
      {"foot_drop", B},
      {"gait_disturbance_new", B},
      // 3.4 Malignancy (with the optional follow-ups)
      {"history_of_cancer", B},
      {"cancer_type", QuestionType::text},
      {"cancer_year", QuestionType::integer},
      {"unexplained_weight_loss", B},
      {"weight_loss_kg", QuestionType::number},
      {"night_pain", B},
      {"constant_progressive_pain", B},
      {"systemically_unwell", B},
      // 3.5 Infection
      {"fever", B},
      {"temperature_c", QuestionType::number, {}, 34.0, 43.0, "Cel"},
      {"iv_drug_use", B},
      {"immunosuppressed", B},
      {"sepsis_red_flags", B},
      {"anticoagulant_or_bleeding_disorder", B},
      {"recent_infection", B},
      {"recent_spinal_procedure", B},
      {"diabetes", B},
      {"flank_pain", B},
      {"dysuria", B},
      // 3.6 Fracture
      {"osteoporosis", B},
      {"long_term_corticosteroids", B},
      // 3.7 Inflammatory
      {"age_at_onset_years", QuestionType::integer},
      {"morning_stiffness_over_30min", B},
      {"improves_with_exercise", B},
      {"no_improvement_with_rest", B},
      {"wakes_second_half_night", B},
      {"alternating_buttock_pain", B},
      {"nsaid_good_response", B},
      {"family_history_spa", B},
      {"psoriasis", B},
      {"peripheral_arthritis_or_enthesitis", B},
      {"ibd_or_uveitis", B},
      // 3.8 Vascular / visceral
      {"abdominal_pain", B},
      {"pulsatile_abdominal_mass", B},
      {"collapse_or_faint", B},
      {"known_aaa", B},
      {"known_aaa_pain_new", B},
      {"loin_to_groin_pain", B},
      {"previous_kidney_stones", B},
      {"smoker", B},
      {"pregnant", B},
      {"pregnancy_warning_signs", B},
  };
  // 3.9 STarT Back
  for (int i = 1; i <= 8; ++i)
    out.push_back({"sbst_" + std::to_string(i), B});
  out.push_back({"sbst_9",
                 QuestionType::choice,
                 {"not_at_all", "slightly", "moderately", "very_much", "extremely"}});
  return out;
}

TEST(BundledRules, IntakeQuestionsOfTheClinicalReference) {
  const auto& rs = low_back_pain();
  for (const auto& want : section3()) {
    SCOPED_TRACE(want.id);
    const auto index = rs.find_question(want.id);
    ASSERT_TRUE(index) << "missing question " << want.id;
    const auto& q = rs.questions()[*index];
    EXPECT_EQ(q.type, want.type) << redflag::to_string(q.type);
    EXPECT_FALSE(q.prompt.empty());
    std::vector<std::string> options;
    for (const auto& o : q.options) {
      options.push_back(o.id);
      EXPECT_FALSE(o.label.empty()) << o.id;
    }
    EXPECT_EQ(options, want.options);
    if (want.min) {
      EXPECT_EQ(q.min, want.min);
    }
    if (want.max) {
      EXPECT_EQ(q.max, want.max);
    }
    if (!want.unit.empty()) {
      EXPECT_EQ(q.unit, want.unit);
    }
  }
}

// The missing-data policy watches the six cauda equina questions, leg pain (it can hide pain in
// both legs) and age (the AAA rules and the scope depend on it).
TEST(BundledRules, RequiredQuestions) {
  const auto& rs = low_back_pain();
  std::vector<std::string> required;
  for (const auto& q : rs.questions())
    if (q.required) required.push_back(q.id);
  EXPECT_THAT(required, ElementsAre("age_years", "leg_pain", "saddle_numbness", "urinary_retention",
                                    "bladder_change_new", "urinary_incontinence_new",
                                    "bowel_incontinence_new", "sexual_dysfunction_new"));
}

// docs/clinical-basis.md, "Scope": adults 16 and over; an age under 16 is an answer error with no
// level, never a low level.
TEST(BundledRules, ScopeIsStatedAndAnAgeUnder16IsAnError) {
  const auto& rs = low_back_pain();
  EXPECT_THAT(rs.scope().population, ::testing::HasSubstr("16 and over"));
  EXPECT_THAT(rs.scope().population, ::testing::HasSubstr("low back pain"));
  std::string excludes;
  for (const auto& e : rs.scope().excludes)
    excludes += e + "\n";
  for (const char* what : {"under 16", "Neck pain", "chest", "maternity"})
    EXPECT_THAT(excludes, ::testing::HasSubstr(what));
  EXPECT_FALSE(rs.scope().source.empty());

  const auto under = rs.evaluate(redflag::Answers::from_json(rs, R"({"age_years": 15})"));
  ASSERT_FALSE(under.ok());
  EXPECT_EQ(under.errors()[0].question, "age_years");
  EXPECT_EQ(under.errors()[0].code, "out-of-range");
  EXPECT_THROW((void)under.level(), redflag::ResultError);
  EXPECT_TRUE(rs.evaluate(redflag::Answers::from_json(rs, R"({"age_years": 16})")).ok());
}

// docs/clinical-basis.md, "Advice": self-management for self_care and routine, the cauda equina
// warning signs and the same-day triggers from `soon` down, and at every level the statement
// that neck symptoms were not assessed; each item cites its source.
TEST(BundledRules, AdviceItemsForEachLevel) {
  const auto& rs = low_back_pain();
  const auto shown_at = [&](std::string_view id) {
    std::vector<std::string> levels;
    for (const auto& a : rs.advice_items())
      if (a.id == id)
        for (std::size_t l : a.levels)
          levels.push_back(rs.levels()[l].id);
    return levels;
  };
  for (const auto& a : rs.advice_items())
    EXPECT_FALSE(a.source.empty()) << a.id;
  EXPECT_THAT(shown_at("keep_moving"), ElementsAre("self_care", "routine"));
  EXPECT_THAT(shown_at("ces_warning_signs"), ElementsAre("self_care", "routine", "soon"));
  EXPECT_THAT(shown_at("same_day_triggers"), ElementsAre("self_care", "routine", "soon"));
  EXPECT_THAT(shown_at("neck_not_assessed"),
              ElementsAre("self_care", "routine", "soon", "urgent", "emergency"));
  for (const char* id : {"keep_moving", "ces_warning_signs", "neck_not_assessed"})
    EXPECT_THAT(rs.advice_items(0), Contains(::testing::Field(&redflag::AdviceItem::id, id)));
}

TEST(BundledRules, StartBackQuestionsComeFromStartBack) {
  const auto& rs = low_back_pain();
  const auto q = rs.find_question("sbst_9");
  ASSERT_TRUE(q);
  EXPECT_EQ(rs.questions()[*q].location.file, "rules/start_back.rf");
  EXPECT_EQ(start_back().questions().size(), 9u);
}

// ---------------------------------------------------------------------------------------------
// STarT Back against an independent implementation of the Keele algorithm
// (docs/clinical-basis.md, "STarT Back")

constexpr std::array<const char*, 5> kItem9 = {"not_at_all", "slightly", "moderately", "very_much",
                                               "extremely"};

struct Keele {
  int total;
  int psychosocial;
  const char* risk;
};

/// `items` bit i (0..7) is item i + 1 agreed; `item9` indexes kItem9.
Keele keele(unsigned items, std::size_t item9) {
  const int item9_positive = (item9 == 3 || item9 == 4) ? 1 : 0;
  int total = item9_positive, psychosocial = item9_positive;
  for (int i = 0; i < 8; ++i) {
    const int agreed = (items >> i) & 1u;
    total += agreed;
    if (i >= 4) psychosocial += agreed;  // items 5..8
  }
  const char* risk = total <= 3 ? "low" : psychosocial >= 4 ? "high" : "medium";
  return {total, psychosocial, risk};
}

std::string start_back_json(unsigned items, std::size_t item9) {
  std::string json = "{";
  for (int i = 0; i < 8; ++i)
    json +=
        "\"sbst_" + std::to_string(i + 1) + "\":" + (((items >> i) & 1u) ? "true" : "false") + ",";
  return json + "\"sbst_9\":\"" + kItem9[item9] + "\"}";
}

TEST(StartBack, ReferenceEdgeCases) {
  // Edge cases of the Keele algorithm, checked on the independent implementation.
  EXPECT_STREQ(keele(0b11110000, 0).risk, "high");    // total 4, psychosocial 4
  EXPECT_STREQ(keele(0b00000011, 0).risk, "low");     // total 2
  EXPECT_STREQ(keele(0b00111111, 0).risk, "medium");  // total 6, psychosocial 2
  EXPECT_STREQ(keele(0b11110011, 3).risk, "high");    // total 7, psychosocial 5
  const auto k = keele(0b11110111, 3);
  EXPECT_EQ(k.total, 8);
  EXPECT_EQ(k.psychosocial, 5);
}

TEST(StartBack, ExhaustiveAgainstKeele) {
  const auto& rs = start_back();
  redflag::Result result;
  int checked = 0;
  for (unsigned items = 0; items < 256; ++items) {
    for (std::size_t item9 = 0; item9 < kItem9.size(); ++item9) {
      const auto want = keele(items, item9);
      const auto answers = redflag::Answers::from_json(rs, start_back_json(items, item9));
      ASSERT_TRUE(answers.ok());
      rs.evaluate(answers, result);
      const std::string where = start_back_json(items, item9);
      ASSERT_EQ(rftest::level_of(result), want.risk) << where;
      ASSERT_EQ(rftest::value_of(result, "sbst_total"), std::to_string(want.total)) << where;
      ASSERT_EQ(rftest::value_of(result, "sbst_psychosocial"), std::to_string(want.psychosocial))
          << where;
      ASSERT_TRUE(result.complete()) << where;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 256 * 5);
}

TEST(StartBack, PartialAnswersGiveTheLowestPossibleLevelAndNeverClaimCompleteness) {
  // Every item either true, false or unanswered (3^8 x 6 cases). The level must be the lowest
  // level of any completion (never an under-triage claim), and the result complete exactly
  // when every completion has that same level.
  static const std::array<const char*, 3> kLevels = {"low", "medium", "high"};
  auto rank = [](const char* risk) {
    return std::size_t(std::find_if(kLevels.begin(), kLevels.end(),
                                    [&](const char* l) { return std::string(l) == risk; }) -
                       kLevels.begin());
  };
  std::array<std::array<std::size_t, 5>, 256> full{};
  for (unsigned items = 0; items < 256; ++items)
    for (std::size_t item9 = 0; item9 < 5; ++item9)
      full[items][item9] = rank(keele(items, item9).risk);

  const auto& rs = start_back();
  redflag::Answers answers(rs);
  redflag::Result result;
  int mismatches = 0;
  for (unsigned code = 0; code < 6561; ++code) {        // 3^8: 0 false, 1 true, 2 unanswered
    for (std::size_t item9 = 0; item9 <= 5; ++item9) {  // 5: unanswered
      answers.clear();
      unsigned known_true = 0, unknown = 0;
      std::string label;
      for (unsigned i = 0, c = code; i < 8; ++i, c /= 3) {
        const std::string id = "sbst_" + std::to_string(i + 1);
        if (c % 3 == 2) {
          unknown |= 1u << i;
          label += "? ";
        } else {
          answers.set(id, c % 3 == 1);
          if (c % 3 == 1) known_true |= 1u << i;
          label += c % 3 == 1 ? "1 " : "0 ";
        }
      }
      if (item9 < 5) answers.set("sbst_9", kItem9[item9]);
      label += item9 < 5 ? kItem9[item9] : "?";
      rs.evaluate(answers, result);

      std::size_t lowest = 2, highest = 0;
      for (unsigned sub = unknown;; sub = (sub - 1) & unknown) {  // every subset of unknown
        for (std::size_t i9 = (item9 < 5 ? item9 : 0); i9 < (item9 < 5 ? item9 + 1 : 5); ++i9) {
          lowest = std::min(lowest, full[known_true | sub][i9]);
          highest = std::max(highest, full[known_true | sub][i9]);
        }
        if (sub == 0) break;
      }
      const std::string got = rftest::level_of(result);
      const bool complete = lowest == highest;
      if (got != kLevels[lowest] || result.complete() != complete) {
        if (++mismatches <= 10)
          ADD_FAILURE() << label << ": level " << got << " complete " << result.complete()
                        << "; completions range " << kLevels[lowest] << ".." << kLevels[highest];
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(StartBack, MissingItemNineIsNotImputed) {
  const auto& rs = start_back();
  // Items 5-8 agreed: total 4 and psychosocial 4 already: high, whatever item 9 is.
  auto r = rftest::evaluate_json(rs, R"({"sbst_5": true, "sbst_6": true, "sbst_7": true,
                                         "sbst_8": true})");
  EXPECT_EQ(rftest::level_of(r), "high");
  EXPECT_EQ(rftest::value_of(r, "sbst_total"), "unknown");
  // Items 1-3 and 5 agreed, the rest disagreed, item 9 missing: total 4 (medium) or 5 with
  // psychosocial 2: medium either way; scores unknown.
  r = rftest::evaluate_json(rs, R"({"sbst_1": true, "sbst_2": true, "sbst_3": true,
                                    "sbst_4": false, "sbst_5": true, "sbst_6": false,
                                    "sbst_7": false, "sbst_8": false})");
  EXPECT_EQ(rftest::level_of(r), "medium");
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(rftest::value_of(r, "sbst_psychosocial"), "unknown");
  // Items 5-7 agreed, 1-4 and 8 disagreed, item 9 missing: total 3 (low) or 4 with
  // psychosocial 4 (high): low for now, high unresolved on sbst_9.
  r = rftest::evaluate_json(rs, R"({"sbst_1": false, "sbst_2": false, "sbst_3": false,
                                    "sbst_4": false, "sbst_5": true, "sbst_6": true,
                                    "sbst_7": true, "sbst_8": false})");
  EXPECT_EQ(rftest::level_of(r), "low");
  EXPECT_FALSE(r.complete());
  EXPECT_THAT(rftest::unresolved_ids(r), ElementsAre("not_low_risk", "high_risk"));
  EXPECT_THAT(rftest::missing_of(r, "high_risk"), Optional(ElementsAre("sbst_9")));
}

}  // namespace
