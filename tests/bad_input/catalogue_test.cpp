// The bad-input catalogue (tests/bad_input/README.md): every malformed rule file and answers
// document yields exactly its expected diagnostic, at its expected place, and no crash (the
// sanitizer builds run this too). A case file without an expectation, or an expectation without
// its file, fails the suite.
#include <gtest/gtest.h>
#include <redflag/redflag.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "io/excerpt.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kDir = REDFLAG_BAD_INPUT_DIR;

/// One line of an expected.txt: `FILE CODE WHERE`.
struct Case {
  std::string file, code, where;
};

/// Names the case by its file in test output (not as bytes).
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.file;
}

std::vector<Case> manifest(const fs::path& dir) {
  std::vector<Case> cases;
  std::ifstream in(dir / "expected.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Case c;
    fields >> c.file >> c.code >> c.where;
    cases.push_back(c);
  }
  return cases;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string name_of(const testing::TestParamInfo<Case>& info) {
  std::string name = fs::path(info.param.file).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

/// Every file of `dir` with `extension` has exactly one line in its expected.txt, and every line
/// names a file that exists.
void expect_complete(const fs::path& dir, const std::string& extension,
                     const std::set<std::string>& ignore = {}) {
  std::multiset<std::string> listed;
  for (const auto& c : manifest(dir))
    listed.insert(c.file);
  std::set<std::string> present;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == extension && !ignore.count(entry.path().filename().string()))
      present.insert(entry.path().filename().string());
  for (const auto& f : present)
    EXPECT_EQ(listed.count(f), 1u) << dir / f << " needs exactly one line in expected.txt";
  for (const auto& f : listed)
    EXPECT_TRUE(present.count(f)) << "expected.txt names " << f << ", which is not in " << dir;
  EXPECT_GE(present.size(), 60u);
}

// ---- rule files ------------------------------------------------------------------------------

class BadRuleFile : public testing::TestWithParam<Case> {};

TEST_P(BadRuleFile, FailsToLoadWithItsDiagnostic) {
  const Case& c = GetParam();
  const fs::path path = kDir / "rules" / c.file;
  const auto loaded = redflag::load_file(path);
  ASSERT_FALSE(loaded.ok()) << path;
  const redflag::Diagnostic* first = nullptr;
  for (const auto& d : loaded.diagnostics())
    if (!first && d.severity == redflag::Severity::error) first = &d;
  ASSERT_NE(first, nullptr);
  const std::string where = first->where.line == 0 ? "-"
                                                   : std::to_string(first->where.line) + ":" +
                                                         std::to_string(first->where.column);
  EXPECT_EQ(first->code + " " + where, c.code + " " + c.where)
      << "actual: " << c.file << " " << first->code << " " << where << "\n"
      << loaded.formatted();
  EXPECT_EQ(first->file, path.generic_string());
  EXPECT_FALSE(first->message.empty());
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadRuleFile, testing::ValuesIn(manifest(kDir / "rules")),
                         name_of);

TEST(BadRuleFiles, EveryFileHasAnExpectation) {
  expect_complete(kDir / "rules", ".rf");
}

// ---- answers documents -----------------------------------------------------------------------

/// Where an answer error is: `L:C` for invalid JSON, `doc` for the document as a whole, else
/// the question id as written.
std::string where_of(const redflag::AnswerError& e) {
  unsigned line = 0, column = 0;
  const auto at = e.message.find("at line ");
  if (e.code == "invalid-json" && at != std::string::npos &&
      std::sscanf(e.message.c_str() + at, "at line %u, column %u", &line, &column) == 2)
    return std::to_string(line) + ":" + std::to_string(column);
  if (e.question.empty()) return "doc";
  std::string where;  // control characters escaped, as the messages quote them
  redflag::io::append_escaped(
      where, e.question.size() > 40 ? e.question.substr(0, 40) + "..." : e.question);
  return where;
}

class BadAnswers : public testing::TestWithParam<Case> {};

TEST_P(BadAnswers, AreAnErrorResultWithTheirDiagnostic) {
  static const redflag::Ruleset ruleset =
      redflag::load_file(kDir / "answers" / "ruleset.rf").value();
  const Case& c = GetParam();
  const auto answers = redflag::Answers::from_json(ruleset, read(kDir / "answers" / c.file));
  ASSERT_FALSE(answers.ok()) << c.file;
  const auto& e = answers.errors().front();
  EXPECT_EQ(e.code + " " + where_of(e), c.code + " " + c.where)
      << "actual: " << c.file << " " << e.code << " " << where_of(e) << "\n"
      << e.message;
  EXPECT_FALSE(e.message.empty());
  // Every message quotes at most a short excerpt of the input, with control characters escaped;
  // a question that is no question id is shortened.
  for (const redflag::AnswerError& error : answers.errors()) {
    EXPECT_LE(error.message.size(), 300u) << error.message.substr(0, 300);
    EXPECT_LE(error.question.size(), 80u);
    for (const char ch : error.message)
      EXPECT_GE(static_cast<unsigned char>(ch), 0x20u) << c.file << ": " << error.message;
  }
  // Clinical safety: bad answers never yield a level (so never a lower urgency).
  const auto result = ruleset.evaluate(answers);
  EXPECT_FALSE(result.ok());
  EXPECT_THROW((void)result.level(), redflag::ResultError);
  EXPECT_FALSE(result.errors().empty());
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadAnswers, testing::ValuesIn(manifest(kDir / "answers")),
                         name_of);

TEST(BadAnswerDocuments, EveryFileHasAnExpectation) {
  expect_complete(kDir / "answers", ".json");
}

}  // namespace
