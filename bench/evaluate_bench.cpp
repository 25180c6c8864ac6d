// redflag benchmarks: evaluate(), loading, and JSON answers in -> JSON result out, on the bundled
// low-back-pain rule set and the example answer documents. Targets and measured numbers:
// docs/performance.md. Run with bench/run.sh.
//
// Every benchmark reports `allocs_per_iter` (and `bytes_per_iter`): the number of calls to the
// global operator new (and the bytes asked for) per iteration of the timed loop, counted by the
// replacement operator new/delete below. For the BM_Evaluate* cases, which reuse one Result, it
// must be 0: evaluate() into a warm Result allocates nothing.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "redflag/redflag.h"
#include "redflag/redflag.hpp"

// ------------------------------------------------------------------------------------------------
// Allocation counter: a replacement for every form of the global operator new. Each call bumps a
// counter; the benchmarks read it before and after their timed loop. Relaxed atomics: the
// counter costs nothing on a path that does not allocate, which is the path being checked.
// (Allocations made with malloc directly are not seen; redflag allocates only through new.)
// ------------------------------------------------------------------------------------------------
namespace {

std::atomic<std::uint64_t> g_alloc_calls{0};
std::atomic<std::uint64_t> g_alloc_bytes{0};

void* counted_alloc(std::size_t size) noexcept {
  g_alloc_calls.fetch_add(1, std::memory_order_relaxed);
  g_alloc_bytes.fetch_add(size, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}

void* counted_alloc(std::size_t size, std::align_val_t align) noexcept {
  g_alloc_calls.fetch_add(1, std::memory_order_relaxed);
  g_alloc_bytes.fetch_add(size, std::memory_order_relaxed);
  const std::size_t a = std::max(static_cast<std::size_t>(align), sizeof(void*));
  void* p = nullptr;
  return posix_memalign(&p, a, size ? size : 1) == 0 ? p : nullptr;
}

struct AllocSnapshot {
  std::uint64_t calls, bytes;
};

AllocSnapshot alloc_snapshot() noexcept {
  return {g_alloc_calls.load(std::memory_order_relaxed),
          g_alloc_bytes.load(std::memory_order_relaxed)};
}

}  // namespace

// Not inlined into callers in this file: GCC would otherwise pair an inlined free() with an
// operator new call and warn (-Wmismatched-new-delete).
#if defined(__GNUC__)
#define REDFLAG_BENCH_NOINLINE __attribute__((noinline))
#else
#define REDFLAG_BENCH_NOINLINE
#endif

REDFLAG_BENCH_NOINLINE void* operator new(std::size_t size) {
  if (void* p = counted_alloc(size)) return p;
  throw std::bad_alloc();
}
REDFLAG_BENCH_NOINLINE void* operator new[](std::size_t size) {
  if (void* p = counted_alloc(size)) return p;
  throw std::bad_alloc();
}
REDFLAG_BENCH_NOINLINE void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_alloc(size);
}
REDFLAG_BENCH_NOINLINE void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_alloc(size);
}
REDFLAG_BENCH_NOINLINE void* operator new(std::size_t size, std::align_val_t align) {
  if (void* p = counted_alloc(size, align)) return p;
  throw std::bad_alloc();
}
REDFLAG_BENCH_NOINLINE void* operator new[](std::size_t size, std::align_val_t align) {
  if (void* p = counted_alloc(size, align)) return p;
  throw std::bad_alloc();
}
REDFLAG_BENCH_NOINLINE void* operator new(std::size_t size, std::align_val_t align,
                                          const std::nothrow_t&) noexcept {
  return counted_alloc(size, align);
}
REDFLAG_BENCH_NOINLINE void* operator new[](std::size_t size, std::align_val_t align,
                                            const std::nothrow_t&) noexcept {
  return counted_alloc(size, align);
}
REDFLAG_BENCH_NOINLINE void operator delete(void* p) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete[](void* p) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete(void* p, std::align_val_t,
                                            const std::nothrow_t&) noexcept {
  std::free(p);
}
REDFLAG_BENCH_NOINLINE void operator delete[](void* p, std::align_val_t,
                                              const std::nothrow_t&) noexcept {
  std::free(p);
}

namespace {

using redflag::Answers;
using redflag::EvaluateOptions;
using redflag::Result;
using redflag::Ruleset;

// ------------------------------------------------------------------------------------------------
// Inputs
// ------------------------------------------------------------------------------------------------

std::filesystem::path source_dir() {
  if (const char* env = std::getenv("REDFLAG_SOURCE_DIR"); env && *env) return env;
  return REDFLAG_SOURCE_DIR;
}

std::filesystem::path rules_path() {
  return source_dir() / "rules" / "low_back_pain.rf";
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "redflag_bench: cannot read %s\n", path.string().c_str());
    std::exit(2);
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const Ruleset& ruleset() {
  static const redflag::LoadResult loaded = [] {
    auto r = redflag::load_file(rules_path());
    if (!r) {
      std::fprintf(stderr, "redflag_bench: cannot load %s:\n%s\n", rules_path().string().c_str(),
                   r.formatted().c_str());
      std::exit(2);
    }
    return r;
  }();
  return loaded.value();
}

/// One answer set: its JSON text and the answers bound to the rule set.
struct Case {
  std::string name;
  std::string json;  // empty for cases built in code
  Answers answers;
};

Answers bind_json(const std::string& name, const std::string& json) {
  Answers a = Answers::from_json(ruleset(), json);
  if (!a.ok()) {
    std::fprintf(stderr, "redflag_bench: %s: %s\n", name.c_str(),
                 a.errors().front().message.c_str());
    std::exit(2);
  }
  return a;
}

Case example(const std::string& name) {
  std::string json = read_text(source_dir() / "examples" / "answers" / (name + ".json"));
  Answers answers = bind_json(name, json);
  return {name, std::move(json), std::move(answers)};
}

/// A form abandoned half-way: the first half of the questions (in declaration order) answered
/// as in no_red_flags.json, the rest unanswered. Several rules above the result level stay
/// unresolved, so evaluate() also walks them for the missing questions.
Case half_answered() {
  Case c = example("no_red_flags");
  c.name = "half_answered";
  const auto questions = ruleset().questions();
  for (std::size_t q = questions.size() / 2; q < questions.size(); ++q)
    c.answers.unset(questions[q].id);
  c.json.clear();
  return c;
}

/// Nothing answered: every rule above the default level is unresolved (the worst case for the
/// walks that list missing questions).
Case unanswered() {
  return {"unanswered", "", Answers(ruleset())};
}

std::vector<Case>& cases() {
  static std::vector<Case> all = [] {
    std::vector<Case> v;
    v.push_back(example("no_red_flags"));     // complete, nothing positive: self_care
    v.push_back(example("saddle_numbness"));  // emergency (suspected CES), 3 rules fire
    v.push_back(example("fever_ivdu"));       // emergency, several rules fire
    v.push_back(example("missing_ces"));      // urgent via `on missing`, CES unresolved
    v.push_back(half_answered());             // incomplete form, several rules unresolved
    v.push_back(unanswered());                // nothing answered
    v.push_back(example("cancer_history"));   // soon
    v.push_back(example("axial_spa"));        // routine, counts and comparisons
    return v;
  }();
  return all;
}

const Case& find_case(const std::string& name) {
  for (const Case& c : cases())
    if (c.name == name) return c;
  std::fprintf(stderr, "redflag_bench: no case %s\n", name.c_str());
  std::exit(2);
}

// ------------------------------------------------------------------------------------------------
// Counters
// ------------------------------------------------------------------------------------------------

void report_allocs(benchmark::State& state, AllocSnapshot before, AllocSnapshot after) {
  const double n = double(state.iterations());
  state.counters["allocs_per_iter"] = benchmark::Counter(double(after.calls - before.calls) / n);
  state.counters["bytes_per_iter"] = benchmark::Counter(double(after.bytes - before.bytes) / n);
}

void report_result(benchmark::State& state, const Result& result) {
  state.counters["fired"] = double(result.fired().size());
  state.counters["unresolved"] = double(result.unresolved().size());
  state.counters["not_fired"] = double(result.not_fired().size());
  state.counters["rules"] = double(ruleset().rules().size());
  const redflag::Level* level = result.ok() ? &result.level() : nullptr;
  state.SetLabel(std::string(level ? level->id : "error") +
                 (result.complete() ? " complete" : " incomplete"));
}

// ------------------------------------------------------------------------------------------------
// Benchmarks
// ------------------------------------------------------------------------------------------------

/// evaluate(answers, result) with one reused Result: the hot path. allocs_per_iter must be 0.
void BM_Evaluate(benchmark::State& state, const Case* c, EvaluateOptions options) {
  const Ruleset& rs = ruleset();
  Result result;
  rs.evaluate(c->answers, result, options);  // warm-up: the Result grows its storage once
  rs.evaluate(c->answers, result, options);
  const AllocSnapshot before = alloc_snapshot();
  for (auto _ : state) {
    rs.evaluate(c->answers, result, options);
    const redflag::Level* level = result.ok() ? &result.level() : nullptr;
    benchmark::DoNotOptimize(level);
    benchmark::ClobberMemory();
  }
  report_allocs(state, before, alloc_snapshot());
  report_result(state, result);
  state.SetItemsProcessed(state.iterations());
}

/// A service evaluating a stream of different patients into one Result: after one pass over
/// the answer sets the Result is large enough for all of them and nothing is allocated. Time
/// is per evaluation.
void BM_EvaluateMixed(benchmark::State& state) {
  const Ruleset& rs = ruleset();
  const auto& all = cases();
  Result result;
  for (int pass = 0; pass < 2; ++pass)
    for (const Case& c : all)
      rs.evaluate(c.answers, result);
  std::size_t i = 0;
  const AllocSnapshot before = alloc_snapshot();
  for (auto _ : state) {
    rs.evaluate(all[i].answers, result);
    const redflag::Level* level = result.ok() ? &result.level() : nullptr;
    benchmark::DoNotOptimize(level);
    benchmark::ClobberMemory();
    if (++i == all.size()) i = 0;
  }
  report_allocs(state, before, alloc_snapshot());
  state.counters["cases"] = double(all.size());
  state.SetItemsProcessed(state.iterations());
}

/// The convenience overload that returns a fresh Result: what reuse saves.
void BM_EvaluateFresh(benchmark::State& state, const Case* c) {
  const Ruleset& rs = ruleset();
  const AllocSnapshot before = alloc_snapshot();
  for (auto _ : state) {
    Result result = rs.evaluate(c->answers);
    benchmark::DoNotOptimize(result);
    benchmark::ClobberMemory();
  }
  report_allocs(state, before, alloc_snapshot());
  state.SetItemsProcessed(state.iterations());
}

/// load_file() of rules/low_back_pain.rf (which `use`s start_back.rf): parse, check, lower.
void BM_Load(benchmark::State& state) {
  const std::filesystem::path path = rules_path();
  std::size_t rules = 0;
  const AllocSnapshot before = alloc_snapshot();
  for (auto _ : state) {
    redflag::LoadResult loaded = redflag::load_file(path);
    if (!loaded) {
      state.SkipWithError("load failed");
      break;
    }
    rules = loaded->rules().size();
    benchmark::DoNotOptimize(loaded);
    benchmark::ClobberMemory();
  }
  report_allocs(state, before, alloc_snapshot());
  state.counters["rules"] = double(rules);
  state.counters["questions"] = double(ruleset().questions().size());
  state.counters["source_bytes"] = double(read_text(path).size());
}

/// One record end to end, as a stream reader does it: Answers::read_json into a reused Answers
/// + evaluate into a reused Result + write_json into a reused string.
void BM_JsonRoundTrip(benchmark::State& state, const Case* c) {
  const Ruleset& rs = ruleset();
  Answers answers(rs);
  Result result;
  std::string out;
  for (int i = 0; i < 2; ++i) {  // warm-up
    answers.read_json(c->json);
    rs.evaluate(answers, result);
    out.clear();
    result.write_json(out);
  }
  const AllocSnapshot before = alloc_snapshot();
  for (auto _ : state) {
    answers.read_json(c->json);
    rs.evaluate(answers, result);
    out.clear();
    result.write_json(out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  report_allocs(state, before, alloc_snapshot());
  state.counters["json_in_bytes"] = double(c->json.size());
  state.counters["json_out_bytes"] = double(out.size());
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(c->json.size()));
  state.SetItemsProcessed(state.iterations());
}

/// The two halves of the round trip, to see where its time goes.
void BM_FromJson(benchmark::State& state, const Case* c) {
  const Ruleset& rs = ruleset();
  const AllocSnapshot before = alloc_snapshot();
  for (auto _ : state) {
    Answers answers = Answers::from_json(rs, c->json);
    benchmark::DoNotOptimize(answers);
    benchmark::ClobberMemory();
  }
  report_allocs(state, before, alloc_snapshot());
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(c->json.size()));
}

/// Answers::read_json into one reused Answers (what rf_evaluate_json does): the reader alone.
void BM_ReadJson(benchmark::State& state, const Case* c) {
  const Ruleset& rs = ruleset();
  Answers answers(rs);
  answers.read_json(c->json);
  const AllocSnapshot before = alloc_snapshot();
  for (auto _ : state) {
    answers.read_json(c->json);
    benchmark::DoNotOptimize(answers);
    benchmark::ClobberMemory();
  }
  report_allocs(state, before, alloc_snapshot());
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(c->json.size()));
}

void BM_WriteJson(benchmark::State& state, const Case* c) {
  const Ruleset& rs = ruleset();
  Result result;
  rs.evaluate(c->answers, result);
  std::string out;
  result.write_json(out);
  const AllocSnapshot before = alloc_snapshot();
  for (auto _ : state) {
    out.clear();
    result.write_json(out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  report_allocs(state, before, alloc_snapshot());
  state.counters["json_out_bytes"] = double(out.size());
}

// ------------------------------------------------------------------------------------------------
// The C ABI (bindings/c): the same work through rf_* calls, to compare with the C++ API.
// ------------------------------------------------------------------------------------------------

rf_ruleset* c_ruleset() {
  static rf_ruleset* rules = [] {
    rf_ruleset* r = nullptr;
    const std::string path = (source_dir() / "rules" / "low_back_pain.rf").string();
    if (rf_ruleset_load_file(&r, path.c_str(), nullptr) != RF_OK) {
      std::fprintf(stderr, "redflag_bench: %s\n", rf_error_last()->message);
      std::exit(2);
    }
    return r;
  }();
  return rules;
}

/// The case's answers set through the typed C setters (what an application without JSON does).
rf_answers* c_answers(const Case& c) {
  rf_answers* a = nullptr;
  rf_answers_new(&a, c_ruleset());
  const auto questions = ruleset().questions();
  for (std::size_t q = 0; q < questions.size(); ++q) {
    const redflag::Value v = c.answers.get(q);
    const char* id = questions[q].id.c_str();
    int status = RF_OK;
    switch (v.kind) {
      case redflag::Value::Kind::unknown:
        continue;
      case redflag::Value::Kind::boolean:
        status = rf_answers_set_boolean(a, id, v.boolean);
        break;
      case redflag::Value::Kind::number:
        status = rf_answers_set_number(a, id, v.number);
        break;
      case redflag::Value::Kind::choice:
        status = rf_answers_set_choice(a, id, std::string(v.text).c_str());
        break;
      case redflag::Value::Kind::text:
        status = rf_answers_set_text(a, id, std::string(v.text).c_str());
        break;
    }
    if (status != RF_OK) {
      std::fprintf(stderr, "redflag_bench: %s\n", rf_error_last()->message);
      std::exit(2);
    }
  }
  return a;
}

/// rf_evaluate from a reused answers handle into a reused result: compare with BM_Evaluate.
void BM_CEvaluate(benchmark::State& state, const Case* c) {
  rf_answers* answers = c_answers(*c);
  rf_result* result = nullptr;
  rf_result_new(&result);
  rf_evaluate(result, c_ruleset(), answers, 0);
  rf_evaluate(result, c_ruleset(), answers, 0);
  const AllocSnapshot before = alloc_snapshot();
  for (auto _ : state) {
    rf_evaluate(result, c_ruleset(), answers, 0);
    const char* level = rf_result_level(result);
    benchmark::DoNotOptimize(level);
    benchmark::ClobberMemory();
  }
  report_allocs(state, before, alloc_snapshot());
  state.SetLabel(rf_result_level(result));
  rf_result_free(result);
  rf_answers_free(answers);
}

/// JSON answers in, JSON result out, through the C ABI: rf_evaluate_json + rf_result_json.
void BM_CJsonRoundTrip(benchmark::State& state, const Case* c) {
  rf_result* result = nullptr;
  rf_result_new(&result);
  for (int i = 0; i < 2; ++i) {
    rf_evaluate_json(result, c_ruleset(), c->json.data(), c->json.size(), 0);
    benchmark::DoNotOptimize(rf_result_json(result));
  }
  const AllocSnapshot before = alloc_snapshot();
  for (auto _ : state) {
    rf_evaluate_json(result, c_ruleset(), c->json.data(), c->json.size(), 0);
    const char* json = rf_result_json(result);
    benchmark::DoNotOptimize(json);
    benchmark::ClobberMemory();
  }
  report_allocs(state, before, alloc_snapshot());
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(c->json.size()));
  rf_result_free(result);
}

void register_benchmarks() {
  const char* evaluate_cases[] = {"no_red_flags",   "saddle_numbness", "fever_ivdu",
                                  "missing_ces",    "half_answered",   "unanswered",
                                  "cancer_history", "axial_spa"};
  for (const char* name : evaluate_cases)
    benchmark::RegisterBenchmark((std::string("BM_Evaluate/") + name).c_str(), BM_Evaluate,
                                 &find_case(name), EvaluateOptions{});
  benchmark::RegisterBenchmark("BM_EvaluateMixed", BM_EvaluateMixed);
  for (const char* name : {"no_red_flags", "saddle_numbness", "half_answered"})
    benchmark::RegisterBenchmark((std::string("BM_EvaluateExplain/") + name).c_str(), BM_Evaluate,
                                 &find_case(name), EvaluateOptions{.explain = true});
  benchmark::RegisterBenchmark("BM_EvaluateFresh/no_red_flags", BM_EvaluateFresh,
                               &find_case("no_red_flags"));
  benchmark::RegisterBenchmark("BM_Load", BM_Load)->Unit(benchmark::kMicrosecond);
  for (const char* name : {"no_red_flags", "saddle_numbness", "fever_ivdu", "missing_ces"}) {
    const Case* c = &find_case(name);
    benchmark::RegisterBenchmark((std::string("BM_JsonRoundTrip/") + name).c_str(),
                                 BM_JsonRoundTrip, c);
    benchmark::RegisterBenchmark((std::string("BM_FromJson/") + name).c_str(), BM_FromJson, c);
    benchmark::RegisterBenchmark((std::string("BM_ReadJson/") + name).c_str(), BM_ReadJson, c);
    benchmark::RegisterBenchmark((std::string("BM_WriteJson/") + name).c_str(), BM_WriteJson, c);
  }
  for (const char* name : {"no_red_flags", "saddle_numbness", "fever_ivdu", "missing_ces"}) {
    const Case* c = &find_case(name);
    benchmark::RegisterBenchmark((std::string("BM_CEvaluate/") + name).c_str(), BM_CEvaluate, c);
    benchmark::RegisterBenchmark((std::string("BM_CJsonRoundTrip/") + name).c_str(),
                                 BM_CJsonRoundTrip, c);
  }
}

std::string compiler() {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "gcc " __VERSION__;
#else
  return "unknown";
#endif
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("redflag_version", redflag::version());
  benchmark::AddCustomContext("compiler", compiler());
  benchmark::AddCustomContext("build_type", REDFLAG_BENCH_BUILD_TYPE);
  benchmark::AddCustomContext("rules_file", rules_path().string());
  register_benchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
