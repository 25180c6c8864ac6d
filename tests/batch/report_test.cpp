// The `redflag batch` tally, summary JSON and HTML report (src/cli/batch_report.cpp) on their
// own: the counts a run reports (levels, incomplete per level, rules per level, unanswered
// questions, error records by reason) against counts made here from the results themselves, the
// summary JSON against the tally, and the run metadata (date, input hashes).
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <redflag/redflag.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "answers_impl.hpp"
#include "batch.hpp"
#include "random_answers.hpp"
#include "sha256.hpp"

namespace redflag::cli::batch {
namespace {

namespace json = boost::json;

const Ruleset& rules() {
  static const LoadResult loaded = load_file("tests/fixtures/rules/low_back_pain.rf");
  EXPECT_TRUE(loaded.ok()) << loaded.formatted();
  return loaded.value();
}

/// What a run of `records` random records counts, made from the results, and the Tally the
/// batch code makes of them (counted in chunks of `chunk` records, merged in order).
struct Screened {
  std::size_t records = 0, errors = 0;
  std::vector<std::size_t> levels, incomplete_levels, unanswered;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> fired_at;  // (level, rule)
  std::map<std::string, std::vector<std::size_t>> lines_by_code;        // error lines per code
  Tally tally;
};

Screened screen_random(std::size_t records, std::size_t chunk) {
  const Ruleset& ruleset = rules();
  Screened run;
  run.levels.assign(ruleset.levels().size(), 0);
  run.incomplete_levels.assign(ruleset.levels().size(), 0);
  run.unanswered.assign(ruleset.questions().size(), 0);
  run.tally.reset(ruleset);
  Tally part;
  part.reset(ruleset);
  std::mt19937 random(7);
  Answers answers(ruleset);
  Result result;
  // Error codes, the first 12 of which appear once or more: more kinds than any fixed list.
  const std::vector<std::string> codes = {"c01", "c02", "c03", "c04", "c05", "c06",
                                          "c07", "c08", "c09", "c10", "c11", "c12"};
  for (std::size_t i = 0; i < records; ++i) {
    randomize(ruleset, random, answers, 2);
    io::Record record;
    record.line = i + 2;
    record.answers = &answers;
    if (i % 7 == 3) {
      // An error record, with one code, or with two errors of one code and one of another.
      const std::string& a = codes[i % codes.size()];
      const std::string& b = codes[(i / 7) % codes.size()];
      answers.add_error({"", a, "first " + a});
      if (i % 2) {
        answers.add_error({"", a, "again " + a});
        answers.add_error({"", b, "other " + b});
      }
      ++run.errors;
      run.lines_by_code[a].push_back(record.line);
      if (i % 2 && b != a) run.lines_by_code[b].push_back(record.line);
      part.count_error("in.csv", record, result);
    } else {
      ruleset.evaluate(answers, result);
      EXPECT_TRUE(result.ok());
      const std::size_t level = result.level().rank;
      ++run.levels[level];
      if (!result.complete()) ++run.incomplete_levels[level];
      for (const FiredRule& f : result.fired())
        ++run.fired_at[{level, std::size_t(f.rule - ruleset.rules().data())}];
      for (std::size_t q = 0; q < ruleset.questions().size(); ++q)
        run.unanswered[q] += !answers.answered(q);
      part.count(result);
    }
    ++run.records;
    if ((i + 1) % chunk == 0 || i + 1 == records) {
      run.tally.merge(part);
      part.reset(ruleset);
    }
  }
  return run;
}

class BatchReport : public ::testing::TestWithParam<std::size_t> {};

TEST_P(BatchReport, TallyCountsWhatTheResultsSay) {
  const Ruleset& ruleset = rules();
  const Screened run = screen_random(2000, GetParam());
  const Tally& t = run.tally;
  EXPECT_EQ(t.records, run.records);
  EXPECT_EQ(t.errors, run.errors);
  EXPECT_EQ(t.levels, run.levels);
  EXPECT_EQ(t.incomplete_levels, run.incomplete_levels);
  std::size_t incomplete = 0;
  for (std::size_t n : run.incomplete_levels)
    incomplete += n;
  EXPECT_EQ(t.incomplete, incomplete);
  EXPECT_EQ(t.unanswered, run.unanswered);
  const std::size_t rule_count = ruleset.rules().size();
  for (std::size_t l = 0; l < ruleset.levels().size(); ++l) {
    for (std::size_t r = 0; r < rule_count; ++r) {
      const auto it = run.fired_at.find({l, r});
      EXPECT_EQ(t.fired_at[l * rule_count + r], it == run.fired_at.end() ? 0 : it->second)
          << ruleset.levels()[l].id << " x " << ruleset.rules()[r].id;
    }
  }
  // Some rule fired at more than one level, or the table says nothing a total does not.
  std::size_t spread = 0;
  for (std::size_t r = 0; r < rule_count; ++r) {
    std::size_t levels = 0;
    for (std::size_t l = 0; l < ruleset.levels().size(); ++l)
      levels += t.fired_at[l * rule_count + r] != 0;
    spread = std::max(spread, levels);
  }
  EXPECT_GT(spread, 1u);

  // Every code, however many, with its count and its first examples in input order.
  ASSERT_EQ(t.reasons.size(), run.lines_by_code.size());
  EXPECT_GT(t.reasons.size(), Tally::kErrorsKept);
  for (const Tally::Reason& reason : t.reasons) {
    const std::vector<std::size_t>& lines = run.lines_by_code.at(reason.code);
    EXPECT_EQ(reason.records, lines.size()) << reason.code;
    ASSERT_EQ(reason.examples.size(), std::min(lines.size(), Tally::kExamplesKept));
    for (std::size_t i = 0; i < reason.examples.size(); ++i) {
      EXPECT_EQ(reason.examples[i].line, lines[i]) << reason.code;
      EXPECT_EQ(reason.examples[i].reason.substr(0, 5), "line ") << reason.code;
    }
  }
  const auto ranked = t.ranked_reasons();
  for (std::size_t i = 1; i < ranked.size(); ++i)
    EXPECT_GE(ranked[i - 1]->records, ranked[i]->records);
}

INSTANTIATE_TEST_SUITE_P(Chunks, BatchReport, ::testing::Values(1, 13, 5000));

TEST(BatchSummary, JsonCarriesTheTallyAndTheRun) {
  const Ruleset& ruleset = rules();
  Summary summary;
  summary.ruleset = &ruleset;
  summary.inputs = {{"a.csv", "sha256:" + std::string(64, 'a')}, {"<stdin>", ""}};
  summary.date = "2024-01-02T03:04:05Z";
  summary.command = {"redflag", "batch", "r.rf", "a.csv", "-"};
  summary.tally = screen_random(500, 50).tally;
  const Tally& t = summary.tally;
  const json::object s = json::parse(summary_json(summary)).as_object();

  EXPECT_EQ(s.at("ruleset").at("content_hash").as_string(), ruleset.content_hash());
  EXPECT_EQ(s.at("run").at("date").as_string(), summary.date);
  EXPECT_EQ(s.at("run").at("redflag").as_string(), redflag::version());
  EXPECT_EQ(s.at("run").at("command").as_array().size(), 5u);
  EXPECT_EQ(s.at("inputs").at(0).at("sha256").as_string(), summary.inputs[0].sha256);
  EXPECT_TRUE(s.at("inputs").at(1).at("sha256").is_null());
  EXPECT_EQ(s.at("records").as_int64(), std::int64_t(t.records));
  EXPECT_EQ(s.at("errors").as_int64(), std::int64_t(t.errors));
  for (std::size_t l = 0; l < ruleset.levels().size(); ++l) {
    const std::string& level = ruleset.levels()[l].id;
    EXPECT_EQ(s.at("levels").at(level).as_int64(), std::int64_t(t.levels[l]));
    EXPECT_EQ(s.at("incomplete_by_level").at(level).as_int64(),
              std::int64_t(t.incomplete_levels[l]));
    for (std::size_t r = 0; r < ruleset.rules().size(); ++r) {
      EXPECT_EQ(s.at("fired_by_level").at(level).at(ruleset.rules()[r].id).as_int64(),
                std::int64_t(t.fired_at[l * ruleset.rules().size() + r]));
    }
  }
  for (std::size_t q = 0; q < ruleset.questions().size(); ++q) {
    EXPECT_EQ(s.at("unanswered").at(ruleset.questions()[q].id).as_int64(),
              std::int64_t(t.unanswered[q]));
  }
  const json::array& reasons = s.at("errors_by_reason").as_array();
  ASSERT_EQ(reasons.size(), t.reasons.size());
  std::int64_t previous = std::numeric_limits<std::int64_t>::max();
  for (const json::value& r : reasons) {
    const auto it = std::find_if(t.reasons.begin(), t.reasons.end(), [&](const Tally::Reason& x) {
      return x.code == r.at("code").as_string();
    });
    ASSERT_NE(it, t.reasons.end());
    EXPECT_EQ(r.at("records").as_int64(), std::int64_t(it->records));
    EXPECT_LE(r.at("records").as_int64(), previous);  // most records first
    previous = r.at("records").as_int64();
    EXPECT_EQ(r.at("examples").as_array().size(), it->examples.size());
  }

  // The report shows every reason and the run's hashes.
  const std::string html = report_html(summary);
  for (const Tally::Reason& r : t.reasons)
    EXPECT_NE(html.find("<code>" + r.code + "</code>"), std::string::npos) << r.code;
  EXPECT_NE(html.find(std::string(ruleset.content_hash())), std::string::npos);
  EXPECT_NE(html.find(summary.inputs[0].sha256), std::string::npos);
  EXPECT_NE(html.find("redflag batch r.rf a.csv -"), std::string::npos);
}

TEST(BatchRun, InputHashIsTheFileSha256) {
  const std::string path = ::testing::TempDir() + "redflag_report_test.csv";
  std::string bytes;
  for (int i = 0; i < 300000; ++i)  // several read blocks
    bytes += "line " + std::to_string(i) + "\n";
  std::ofstream(path, std::ios::binary) << bytes;
  std::string error;
  EXPECT_EQ(file_sha256(path, error), "sha256:" + detail::sha256_hex(bytes));
  EXPECT_EQ(error, "");
  EXPECT_EQ(file_sha256("-", error), "");
  EXPECT_EQ(error, "");
  EXPECT_EQ(file_sha256(path + ".missing", error), "");
  EXPECT_NE(error, "");
}

TEST(BatchRun, DateIsUtcAndFollowsSourceDateEpoch) {
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  EXPECT_EQ(run_date(), "2023-11-14T22:13:20Z");
  ::unsetenv("SOURCE_DATE_EPOCH");
  const std::string now = run_date();
  ASSERT_EQ(now.size(), 20u) << now;
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now.back(), 'Z');
  EXPECT_GE(now, "2024-");
}

}  // namespace
}  // namespace redflag::cli::batch
