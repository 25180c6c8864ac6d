// redflag benchmarks on realistic generated records (bench/gen_export.hpp) rather than the eight
// example documents of evaluate_bench.cpp: what a batch screen or a service sees.
//
//   redflag_batch_bench [--records=FILE.ndjson] [--rows=N] [--levels-out=FILE] [benchmark flags]
//
// The records are the lines of --records (answers objects, e.g. from
// `redflag_gen_export RULES --format ndjson`), or N (default 10000) records generated in memory
// with seed 1. Every benchmark cycles through all of them; one iteration is one record.
//
//   BM_RecordsEvaluate/evidence:1   ruleset.evaluate(answers[i], result): answers bound once per
//                                   record before timing (as the peers get pre-parsed objects);
//                                   counters p50_ns, p90_ns, p99_ns: the distribution over the
//                                   records of each one's time (32 evaluations in a row)
//   BM_RecordsEvaluate/evidence:0   the same with EvaluateOptions::evidence = false (level and
//                                   rule ids only)
//   BM_RecordsJsonToResult          answers.read_json(line) + evaluate: JSON text to a Result
//   BM_RecordsJsonRoundTrip         ... + result.write_json(out): JSON text in, JSON text out
//   BM_CsvRowParse                  one CSV row through the batch reader (src/io/records.hpp:
//                                   split, bind to Answers), no evaluation
//   BM_CsvRowEvaluate/evidence:1|0  one CSV row parsed, bound and evaluated: the per-row work
//                                   of `redflag batch` before writing its output
//
// The CSV benchmarks read --rows generated records (seed 1) as CSV from memory, cut into the
// reader's 1 MiB chunks once before timing; each chunk is copied back into the parser's buffer
// when the parser starts on it (the reader parses in place), a few ns per row.
//
// --levels-out=FILE writes, per record, "<level id> <complete|incomplete>" (or "error"): what
// bench/peers/run.sh compares the peer engines' decisions with.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gen_export.hpp"
#include "io/binder.hpp"
#include "io/input.hpp"
#include "io/records.hpp"
#include "redflag/redflag.hpp"

namespace {

struct Corpus {
  std::unique_ptr<redflag::Ruleset> rules;
  std::vector<std::string> lines;         // NDJSON answers objects
  std::vector<redflag::Answers> answers;  // bound once, one per line
  std::string csv;                        // generated CSV export (header + rows)
  std::uint64_t rows = 10000;             // --rows
};

Corpus& corpus() {
  static Corpus c;
  return c;
}

std::string rules_path() {
  if (const char* env = std::getenv("REDFLAG_SOURCE_DIR"); env && *env)
    return std::string(env) + "/rules/low_back_pain.rf";
  return REDFLAG_SOURCE_DIR "/rules/low_back_pain.rf";
}

void BM_RecordsEvaluate(benchmark::State& state) {
  const Corpus& c = corpus();
  const redflag::EvaluateOptions options{.explain = false, .evidence = state.range(0) != 0};
  redflag::Result result;
  for (const auto& a : c.answers)
    c.rules->evaluate(a, result, options);  // warm the Result
  std::size_t i = 0;
  for (auto _ : state) {
    c.rules->evaluate(c.answers[i], result, options);
    benchmark::DoNotOptimize(result);
    if (++i == c.answers.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["records"] = double(c.answers.size());

  // The distribution over records: each record's time is the mean of 32 evaluations of it in a
  // row (a steady_clock read costs ~20 ns, too much to time one evaluation alone).
  std::vector<double> ns;
  for (const auto& a : c.answers) {
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < 32; ++k) {
      c.rules->evaluate(a, result, options);
      benchmark::DoNotOptimize(result);
    }
    ns.push_back(
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() /
        32);
  }
  std::sort(ns.begin(), ns.end());
  const auto at = [&](double q) { return ns[std::size_t(q * double(ns.size() - 1))]; };
  state.counters["p50_ns"] = at(0.5);
  state.counters["p90_ns"] = at(0.9);
  state.counters["p99_ns"] = at(0.99);
}
BENCHMARK(BM_RecordsEvaluate)->ArgName("evidence")->Arg(1)->Arg(0);

void BM_RecordsJsonToResult(benchmark::State& state) {
  const Corpus& c = corpus();
  redflag::Answers answers(*c.rules);
  redflag::Result result;
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    answers.read_json(c.lines[i]);
    c.rules->evaluate(answers, result);
    benchmark::DoNotOptimize(result);
    bytes += c.lines[i].size();
    if (++i == c.lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(std::int64_t(bytes));
}
BENCHMARK(BM_RecordsJsonToResult);

void BM_RecordsJsonRoundTrip(benchmark::State& state) {
  const Corpus& c = corpus();
  redflag::Answers answers(*c.rules);
  redflag::Result result;
  std::string out;
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    answers.read_json(c.lines[i]);
    c.rules->evaluate(answers, result);
    out.clear();
    result.write_json(out);
    benchmark::DoNotOptimize(out.data());
    bytes += c.lines[i].size();
    if (++i == c.lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(std::int64_t(bytes));
}
BENCHMARK(BM_RecordsJsonRoundTrip);

// The CSV export of `rows` generated records, cut into the batch reader's chunks.
class CsvChunks {
 public:
  explicit CsvChunks(const Corpus& c) : binder_(*c.rules, nullptr, {"record_id"}) {
    if (!binder_.error().empty()) throw std::runtime_error(binder_.error());
    std::string error;
    source_ =
        redflag::io::RecordSource::open(redflag::io::Input::from_memory(c.csv, "generated.csv"),
                                        binder_, {.format = redflag::io::Format::csv}, error);
    if (!source_) throw std::runtime_error(error);
    for (redflag::io::Chunk chunk; source_->next(chunk, error);)
      chunks_.push_back(chunk);
    if (!error.empty() || chunks_.empty()) throw std::runtime_error("CSV chunks: " + error);
    parser_ = std::make_unique<redflag::io::RecordParser>(source_->layout());
    start(0);
  }
  /// The next row, from the first chunk again after the last.
  const redflag::Answers& next() {
    redflag::io::Record record;
    while (!parser_->next(record))
      start(next_chunk_);
    return *record.answers;
  }

 private:
  void start(std::size_t k) {
    work_.data.assign(chunks_[k].data);  // the parser splits in place: start from a clean copy
    work_.first_line = chunks_[k].first_line;
    work_.quotes = chunks_[k].quotes;
    parser_->reset(work_);
    next_chunk_ = k + 1 == chunks_.size() ? 0 : k + 1;
  }
  redflag::io::Binder binder_;
  std::unique_ptr<redflag::io::RecordSource> source_;
  std::vector<redflag::io::Chunk> chunks_;
  std::unique_ptr<redflag::io::RecordParser> parser_;
  redflag::io::Chunk work_;
  std::size_t next_chunk_ = 0;
};

void BM_CsvRowParse(benchmark::State& state) {
  CsvChunks rows(corpus());
  std::size_t errors = 0;
  for (auto _ : state) {
    const redflag::Answers& a = rows.next();
    errors += !a.ok();
    benchmark::DoNotOptimize(&a);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_per_row"] = double(corpus().csv.size()) / double(corpus().rows);
  if (errors) state.SkipWithError("rows with answer errors");
}
BENCHMARK(BM_CsvRowParse);

void BM_CsvRowEvaluate(benchmark::State& state) {
  const Corpus& c = corpus();
  const redflag::EvaluateOptions options{.explain = false, .evidence = state.range(0) != 0};
  CsvChunks rows(c);
  redflag::Result result;
  for (std::uint64_t i = 0; i < c.rows; ++i)
    c.rules->evaluate(rows.next(), result, options);
  for (auto _ : state) {
    c.rules->evaluate(rows.next(), result, options);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CsvRowEvaluate)->ArgName("evidence")->Arg(1)->Arg(0);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::string records_path, levels_path;
  std::uint64_t& rows = corpus().rows;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.starts_with("--records=")) {
      records_path = a.substr(10);
    } else if (a.starts_with("--levels-out=")) {
      levels_path = a.substr(13);
    } else if (a.starts_with("--rows=")) {
      rows = std::strtoull(argv[i] + 7, nullptr, 10);
    } else {
      std::cerr << "redflag_batch_bench: unknown argument " << a
                << "\nusage: redflag_batch_bench [--records=FILE.ndjson] [--rows=N] "
                   "[--levels-out=FILE] [benchmark flags]\n";
      return 64;
    }
  }

  const redflag::LoadResult loaded = redflag::load_file(rules_path());
  if (!loaded) return std::cerr << loaded.formatted(), 2;
  Corpus& c = corpus();
  c.rules = std::make_unique<redflag::Ruleset>(loaded.value());

  // The CSV export of `rows` generated records, for the CSV benchmarks.
  {
    const redflag::bench::ExportGenerator generator(*c.rules, {.seed = 1});
    std::vector<redflag::Value> values;
    generator.write_header(redflag::bench::ExportFormat::csv, c.csv);
    for (std::uint64_t i = 0; i < rows; ++i) {
      generator.generate(i, values);
      generator.write_record(redflag::bench::ExportFormat::csv, i, values, c.csv);
    }
  }

  if (!records_path.empty()) {
    std::ifstream in(records_path);
    if (!in) return std::cerr << "redflag_batch_bench: cannot read " << records_path << "\n", 2;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) c.lines.push_back(std::move(line));
    }
  } else {
    const redflag::bench::ExportGenerator generator(*c.rules, {.seed = 1});
    std::vector<redflag::Value> values;
    for (std::uint64_t i = 0; i < rows; ++i) {
      generator.generate(i, values);
      std::string line;
      generator.write_record(redflag::bench::ExportFormat::ndjson, i, values, line);
      line.pop_back();  // the newline
      c.lines.push_back(std::move(line));
    }
  }
  if (c.lines.empty()) return std::cerr << "redflag_batch_bench: no records\n", 2;

  std::size_t errors = 0;
  for (const std::string& line : c.lines) {
    c.answers.push_back(redflag::Answers::from_json(*c.rules, line));
    errors += !c.answers.back().ok();
  }
  if (errors) std::cerr << "redflag_batch_bench: " << errors << " record(s) with answer errors\n";

  if (!levels_path.empty()) {
    std::ofstream out(levels_path);
    redflag::Result result;
    for (const auto& a : c.answers) {
      c.rules->evaluate(a, result);
      if (!result.ok())
        out << "error\n";
      else
        out << result.level().id << (result.complete() ? " complete\n" : " incomplete\n");
    }
    if (!out) return std::cerr << "redflag_batch_bench: cannot write " << levels_path << "\n", 2;
  }

  benchmark::AddCustomContext("records", std::to_string(c.lines.size()));
  benchmark::AddCustomContext("records_source", records_path.empty() ? "generated" : records_path);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
