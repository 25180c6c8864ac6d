// Tests of `redflag diff`'s analysis (src/analysis/diff.cpp): structural changes, the outcome
// comparison over every combination of answers, downgrades, and questions whose type changed.
#include "analysis/diff.hpp"
#include "analysis/lint.hpp"

#include <fstream>
#include <sstream>

#include "test_helpers.hpp"

namespace {

using namespace redflag::detail;

const char* kOld =
    "question saddle: boolean required \"Saddle?\"\n"
    "question leg: choice { none, one, both } \"Leg?\"\n"
    "question temp: number 34..43 \"Temp?\"\n"
    "param fever_c = 38\n"
    "rule ces \"CES\" -> high when saddle or leg == both because \"x\" source \"s\"\n"
    "rule fever \"Fever\" -> mid when temp >= fever_c because \"x\" source \"s\"\n";

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::vector<std::string> changes(const StructuralDiff& d) {
  std::vector<std::string> out;
  for (const Change& c : d.changes) {
    const char* kind = c.kind == Change::Kind::added     ? "added"
                       : c.kind == Change::Kind::removed ? "removed"
                                                         : "edited";
    out.push_back(std::string(kind) + " " + c.what + " " + c.id + (c.detail.empty() ? "" : ": ") +
                  c.detail);
  }
  return out;
}

TEST(Diff, IdenticalRuleSetsHaveNoChangesAndNoOutcomeChange) {
  auto a = rftest::load_body(kOld), b = rftest::load_body(kOld);
  const StructuralDiff d = structural_diff(a, b);
  EXPECT_THAT(changes(d), ::testing::IsEmpty());
  CaseSpace space;
  const Transitions t = compare_outcomes(a, b, d, {}, space);
  EXPECT_EQ(t.downgrades, 0u);
  EXPECT_EQ(t.upgrades, 0u);
}

TEST(Diff, LoweringALevelIsADowngradeWithAnExample) {
  auto a = rftest::load_body(kOld);
  auto b = rftest::load_body(replaced(kOld, "-> high when saddle", "-> mid when saddle"));
  const StructuralDiff d = structural_diff(a, b);
  EXPECT_THAT(changes(d), ::testing::ElementsAre("edited rule ces: level 'high' -> 'mid'"));
  CaseSpace space;
  const Transitions t = compare_outcomes(a, b, d, {}, space);
  EXPECT_THAT(space.questions, ::testing::ElementsAre("saddle", "leg"));
  // saddle: false, true, unanswered; leg: none, one, both, unanswered.
  EXPECT_EQ(t.cases, 12u);
  const auto cell = t.cells.find({LevelOf(2), LevelOf(1)});
  ASSERT_NE(cell, t.cells.end());
  // high -> mid whenever saddle is true (4 cases) or leg is both with saddle not true (2 more).
  EXPECT_EQ(cell->second.count, 6u);
  EXPECT_EQ(t.downgrades, 6u);
  EXPECT_THAT(cell->second.examples.front(), ::testing::HasSubstr("saddle=true"));
  EXPECT_FALSE(space.sampled);
}

TEST(Diff, AParameterChangeComparesNumbersEitherSideOfBothThresholds) {
  auto a = rftest::load_body(kOld);
  auto b = rftest::load_body(replaced(kOld, "param fever_c = 38", "param fever_c = 38.5"));
  const StructuralDiff d = structural_diff(a, b);
  EXPECT_THAT(changes(d), ::testing::ElementsAre("edited parameter fever_c: value '38' -> '38.5'"));
  CaseSpace space;
  const Transitions t = compare_outcomes(a, b, d, {}, space);
  EXPECT_THAT(space.questions, ::testing::ElementsAre("temp"));
  // 38 and 38.25 were mid and are now the default: a downgrade a threshold-only sample misses.
  EXPECT_EQ(t.downgrades, 2u);
  EXPECT_EQ(t.cells.at({LevelOf(1), LevelOf(0)}).examples.front(), "temp=38");
}

TEST(Diff, AddedRemovedAndEditedDeclarations) {
  auto a = rftest::load_body(kOld);
  auto b = rftest::load_body(
      replaced(replaced(kOld,
                        "rule fever \"Fever\" -> mid when temp >= fever_c because \"x\" "
                        "source \"s\"\n",
                        ""),
               "question temp: number 34..43 \"Temp?\"\n",
               "question temp: number 30..43 \"Temperature?\"\nquestion rash: boolean \"Rash?\"\n"
               "rule rash \"Rash\" -> mid when rash because \"x\" source \"s\"\n"));
  EXPECT_THAT(changes(structural_diff(a, b)),
              ::testing::UnorderedElementsAre(
                  "edited question temp: range '34..43' -> '30..43'; prompt 'Temp?' -> "
                  "'Temperature?'",
                  "added question rash", "removed rule fever", "added rule rash"));
}

TEST(Diff, AQuestionThatChangedTypeIsAConflictNotACrash) {
  auto a = rftest::load_body(kOld);
  auto b = rftest::load_body(
      replaced(replaced(kOld, "question saddle: boolean required", "question saddle: integer 0..2"),
               "when saddle or", "when saddle >= 1 or"));
  const StructuralDiff d = structural_diff(a, b);
  ASSERT_EQ(d.conflicts.size(), 1u);
  EXPECT_EQ(d.conflicts[0].question, "saddle");
  EXPECT_EQ(d.conflicts[0].new_location.where.line, rftest::kPrefixLines + 1);
  EXPECT_EQ(d.conflicts[0].new_location.where.column, 10u);
  EXPECT_THAT(d.conflicts[0].message, ::testing::HasSubstr("test.rf:9:10"));
  CaseSpace space;
  const Transitions t = compare_outcomes(a, b, d, {}, space);
  EXPECT_THAT(space.unanswered, ::testing::ElementsAre("saddle"));
  EXPECT_GT(t.cases, 0u);
}

TEST(Diff, LevelsAreMatchedById) {
  auto a = rftest::load_body(kOld);
  // The new file inserts a level below `mid`: `mid` keeps its meaning by id, not by rank.
  auto b =
      rftest::load_ok(replaced(rftest::with_prefix(kOld), "  mid \"See a GP\" indicator warning\n",
                               "  soon \"Within days\" indicator info\n"
                               "  mid \"See a GP\" indicator warning\n"));
  EXPECT_EQ(compare_levels(a, 1, b, 2), 0);  // mid -> mid
  EXPECT_LT(compare_levels(a, 1, b, 1), 0);  // mid -> soon
  EXPECT_GT(compare_levels(a, 1, b, 3), 0);  // mid -> high
}

TEST(Diff, LargeSpacesAreSampled) {
  auto a = rftest::load_body(kOld);
  auto b = rftest::load_body(replaced(kOld, "-> high when saddle", "-> mid when saddle"));
  const StructuralDiff d = structural_diff(a, b);
  CaseSpace space;
  const Transitions t = compare_outcomes(a, b, d, {.max_exhaustive = 5, .sample = 100}, space);
  EXPECT_TRUE(space.sampled);
  EXPECT_EQ(t.cases, 100u);
  EXPECT_GT(t.downgrades, 0u);
}

// ---- provenance: version and content hash (diff and lint --against) ----------------------

TEST(Versions, CompareAsDottedNumbers) {
  EXPECT_EQ(compare_versions("1.0.0", "1.0.0"), 0);
  EXPECT_EQ(compare_versions("1.0", "1.0.0"), 0);  // missing parts are 0
  EXPECT_EQ(compare_versions("1.9", "1.10"), -1);  // numbers, not text
  EXPECT_EQ(compare_versions("2.0.0", "1.99.99"), 1);
  EXPECT_EQ(compare_versions("1.0.1", "1.0"), 1);
  EXPECT_EQ(compare_versions("2.0-rc1", "2.0"), std::nullopt);
  EXPECT_EQ(compare_versions("", "1"), std::nullopt);
  EXPECT_EQ(compare_versions("1..2", "1.2"), std::nullopt);
  EXPECT_EQ(compare_versions("v1", "1"), std::nullopt);
}

TEST(Versions, TheVersionStatementIsFoundInTheText) {
  const auto at =
      version_location("# version 9 in a comment\nruleset t\n  version \"1\"\n", "f.rf");
  EXPECT_EQ(at.file, "f.rf");
  EXPECT_EQ(at.where.line, 3u);
  EXPECT_EQ(at.where.column, 3u);
  EXPECT_EQ(version_location("ruleset t\nversions_of_x\n", "f.rf").where.line, 1u);  // none
}

std::vector<std::string> codes(const LintReport& report) {
  std::vector<std::string> out;
  for (const Finding& f : report.findings)
    out.push_back(f.code);
  return out;
}

LintReport against(std::string_view old_text, std::string_view new_text) {
  LintReport report;
  version_findings(rftest::load_ok(std::string(old_text)), rftest::load_ok(std::string(new_text)),
                   {"new.rf", {2, 1, 0}}, report);
  return report;
}

TEST(Versions, AContentChangeNeedsAVersionChange) {
  const std::string old_text = rftest::with_prefix(kOld);
  const std::string edited = replaced(old_text, "fever_c = 38", "fever_c = 38.5");
  EXPECT_THAT(codes(against(old_text, old_text)), ::testing::IsEmpty());  // nothing changed
  const LintReport same = against(old_text, edited);
  EXPECT_THAT(codes(same), ::testing::ElementsAre("version-not-changed"));
  EXPECT_EQ(same.findings.front().location.where.line, 2u);
  EXPECT_THAT(same.findings.front().hint, ::testing::HasSubstr("version \"1.2.4\""));
  // "1.2.3.0" is "1.2.3" as dotted numbers: still the same version.
  EXPECT_THAT(codes(against(old_text, replaced(edited, "\"1.2.3\"", "\"1.2.3.0\""))),
              ::testing::ElementsAre("version-not-changed"));
  EXPECT_THAT(codes(against(old_text, replaced(edited, "\"1.2.3\"", "\"1.2.4\""))),
              ::testing::IsEmpty());
}

TEST(Versions, AVersionThatWentDownIsAFinding) {
  const std::string old_text = rftest::with_prefix(kOld);
  // Even with the same content, a lower version is a finding: only the version line changed.
  const LintReport down = against(old_text, replaced(old_text, "\"1.2.3\"", "\"1.2.2\""));
  EXPECT_THAT(codes(down), ::testing::ElementsAre("version-went-down"));
  EXPECT_THAT(down.findings.front().message, ::testing::HasSubstr("'1.2.2' is lower than '1.2.3'"));
  EXPECT_THAT(codes(against(old_text, replaced(old_text, "\"1.2.3\"", "\"1.10\""))),
              ::testing::IsEmpty());
}

TEST(Versions, VersionsThatAreNotNumbersGetANoteNotAGuess) {
  const std::string old_text = rftest::with_prefix(kOld);
  const LintReport report = against(old_text, replaced(old_text, "\"1.2.3\"", "\"1.2.3-rc1\""));
  EXPECT_THAT(codes(report), ::testing::IsEmpty());
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_THAT(report.notes.front(), ::testing::HasSubstr("not both dotted numbers"));
}

}  // namespace
