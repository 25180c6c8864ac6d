// The `redflag batch` pipeline (src/cli/batch_pipeline.cpp) on its own: with many small chunks,
// several inputs and any number of threads, every input record yields exactly one output record,
// in input order, and the tally counts each once. The reference is the same inputs read record
// by record (io::RecordReader) and formatted on one thread, without the pipeline.
#include <gtest/gtest.h>

#include <redflag/redflag.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "batch.hpp"
#include "io/records.hpp"

namespace redflag::cli::batch {
namespace {

/// A CSV export of `rows` records; every 37th has an age out of range (an error record).
std::string make_csv(std::size_t rows, std::size_t seed) {
  std::string csv = "id,age_years,saddle_numbness,fever\n";
  for (std::size_t i = 1; i <= rows; ++i) {
    const std::size_t age = (i + seed) % 37 == 0 ? 500 : 16 + (i * 7 + seed) % 90;
    csv += "r" + std::to_string(seed) + "-" + std::to_string(i) + "," + std::to_string(age) +
           (i % 5 == 0 ? ",true," : ",false,") + (i % 3 == 0 ? "true" : "") + "\n";
  }
  return csv;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_.emplace(load_file("tests/fixtures/rules/low_back_pain.rf"));
    ASSERT_TRUE(loaded_->ok()) << loaded_->formatted();
    binder_.emplace(ruleset(), nullptr, std::vector<std::string>{"id"}, "");
    ASSERT_EQ(binder_->error(), "");
    formatter_.emplace(ruleset(), OutputFormat::ndjson, binder_->id_columns(), false);
  }

  const Ruleset& ruleset() const { return loaded_->value(); }

  /// The inputs as the pipeline's sources, cut into chunks of about `chunk_bytes`.
  std::vector<Source> sources(std::size_t chunk_bytes) const {
    std::vector<Source> sources;
    io::SourceOptions options;
    options.chunk_bytes = chunk_bytes;
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      std::string error;
      Source& source = sources.emplace_back();
      source.name = "in" + std::to_string(i) + ".csv";
      source.source = io::RecordSource::open(io::Input::from_memory(inputs_[i], source.name),
                                             *binder_, options, error);
      EXPECT_TRUE(source.source) << error;
    }
    return sources;
  }

  /// The output records of the inputs, formatted record by record on this thread.
  std::string reference() const {
    RecordFormatter formatter = *formatter_;
    std::string out;
    Result result;
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      const std::string name = "in" + std::to_string(i) + ".csv";
      io::RecordReader reader;
      std::string error;
      EXPECT_TRUE(reader.open(io::Input::from_memory(inputs_[i], name), *binder_, {}, error));
      io::Record record;
      while (reader.next(record)) {
        if (record.answers->ok()) ruleset().evaluate(*record.answers, result);
        formatter.write(name, record, result, out);
      }
    }
    return out;
  }

  std::vector<std::string> inputs_{make_csv(3000, 1), make_csv(1, 2), make_csv(0, 3),
                                   make_csv(500, 4)};
  std::optional<LoadResult> loaded_;
  std::optional<io::Binder> binder_;
  std::optional<RecordFormatter> formatter_;
};

TEST_F(PipelineTest, EveryRecordOnceInInputOrderWithManySmallChunks) {
  const std::string expected = reference();
  ASSERT_EQ(std::count(expected.begin(), expected.end(), '\n'), 3501);
  const std::string path = ::testing::TempDir() + "redflag_pipeline_test.ndjson";
  for (const unsigned threads : {1u, 2u, 3u, 8u}) {
    for (const std::size_t chunk_bytes : {1u, 100u, 4096u}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, chunks of " + std::to_string(chunk_bytes) +
                   " bytes");
      std::vector<Source> inputs = sources(chunk_bytes);
      Output output;
      std::string error;
      ASSERT_TRUE(output.open(path, error)) << error;
      Progress progress(false, std::nullopt);
      Tally tally;
      tally.reset(ruleset());
      EXPECT_EQ(screen(ruleset(), *formatter_, {}, inputs, threads, output, progress, tally), "");
      ASSERT_TRUE(output.commit(error)) << error;
      std::ifstream in(path);
      std::stringstream written;
      written << in.rdbuf();
      EXPECT_EQ(written.str(), expected);
      EXPECT_EQ(tally.records, 3501u);
      EXPECT_EQ(tally.errors, 3000u / 37 + 500u / 37);
      ASSERT_EQ(tally.first_errors.size(), Tally::kErrorsKept);
      for (std::size_t i = 0; i < Tally::kErrorsKept; ++i)
        EXPECT_EQ(tally.first_errors[i].line, 37 * (i + 1));  // (line 1 is the header)
    }
  }
}

}  // namespace
}  // namespace redflag::cli::batch
