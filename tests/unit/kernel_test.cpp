// Kernels (src/eval/kernel.hpp): the checked-in kernels of the bundled rule sets are current,
// are used for exactly the program they were generated from, and compute bit for bit what the
// interpreter computes (values, rule states, the questions each walk reports), on random answers,
// unknowns and parameter values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eval/kernel.hpp"
#include "eval/walk.hpp"
#include "test_helpers.hpp"

namespace {

using redflag::Evidence;
using redflag::Interval;
using redflag::QuestionType;
using redflag::detail::Program;
using redflag::detail::Walker;

const char* const bundled[] = {"low_back_pain", "start_back"};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

redflag::Ruleset load_bundled(const std::string& id, const redflag::LoadOptions& options = {}) {
  const auto loaded = redflag::load_file("rules/" + id + ".rf", options);
  EXPECT_TRUE(loaded.ok()) << loaded.formatted();
  return loaded.value();
}

TEST(Kernel, BundledKernelsAreCurrent) {
  for (const std::string id : bundled) {
    const auto rules = load_bundled(id);
    const std::string path = "src/eval/kernels/" + id + ".cpp";
    EXPECT_EQ(redflag::detail::generate_kernel(rules.program(), id), read(path))
        << path << " is not the kernel of rules/" << id
        << ".rf: regenerate it with `cmake --build BUILD --target redflag_kernels`";
  }
}

TEST(Kernel, BundledRuleSetsRunTheirKernel) {
  for (const std::string id : bundled) {
    const auto rules = load_bundled(id);
    ASSERT_NE(rules.program().kernel, nullptr) << id;
    EXPECT_EQ(rules.program().kernel->ruleset, id);
  }
}

TEST(Kernel, ParameterValuesKeepTheKernel) {
  redflag::LoadOptions options;
  options.parameters = {{"fever_threshold_c", 39.5}, {"age_over_threshold", 60}};
  const auto rules = load_bundled("low_back_pain", options);
  ASSERT_NE(rules.program().kernel, nullptr);
  // The kernel reads the new values: 39.0 is no longer a fever.
  auto answers = redflag::Answers::from_json(rules, R"({"temperature_c": 39.0, "fever": false})");
  const auto result = rules.evaluate(answers);
  bool seen = false;
  for (const auto& d : result.values()) {
    if (d.name == "fever_present") {
      EXPECT_EQ(d.value, redflag::Value::of(false));
      seen = true;
    }
  }
  EXPECT_TRUE(seen);
}

TEST(Kernel, AnyOtherChangeFallsBackToTheInterpreter) {
  std::string text = read("rules/low_back_pain.rf");
  const auto at = text.find("when ces_features >= 1");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 22, "when ces_features >= 2");
  const auto loaded = redflag::load(text, "rules/low_back_pain.rf");
  ASSERT_TRUE(loaded.ok()) << loaded.formatted();
  EXPECT_EQ(loaded.value().program().kernel, nullptr);
  // And the changed rule is what is evaluated: one feature no longer fires it.
  const auto result = loaded.value().evaluate(
      redflag::Answers::from_json(loaded.value(), R"({"saddle_numbness": true})"));
  for (const auto& f : result.fired())
    EXPECT_NE(f.rule->id, "suspected_ces");
}

/// A random value of what question q can hold: unanswered, a boundary, or anything in range.
Interval random_answer(const redflag::Question& q, const Interval& unknown, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> pick(0, 9);
  if (pick(rng) < 2) return unknown;  // 20% unanswered
  double x = 0;
  switch (q.type) {
    case QuestionType::boolean:
    case QuestionType::text:
      x = pick(rng) % 2;
      break;
    case QuestionType::choice:
      x = double(std::uniform_int_distribution<std::size_t>(0, q.options.size() - 1)(rng));
      break;
    case QuestionType::integer:
    case QuestionType::number: {
      const double lo = q.min.value_or(-100), hi = q.max.value_or(200);
      x = std::uniform_real_distribution<double>(lo, hi)(rng);
      if (q.type == QuestionType::integer || pick(rng) < 5) x = std::round(x);
      break;
    }
  }
  return {x, x};
}

TEST(Kernel, ComputesWhatTheInterpreterComputes) {
  std::mt19937_64 rng(20261122);
  long walks_reporting = 0;
  for (const std::string id : bundled) {
    const auto rules = load_bundled(id);
    const Program& p = rules.program();
    ASSERT_NE(p.kernel, nullptr);
    std::vector<Interval> by_kernel(p.value_count()), by_interpreter(p.value_count());
    const std::size_t words = (p.rules.size() + 31) / 32;
    std::vector<std::uint32_t> stack(p.args.size() + 1), stamp(p.questions.size());
    std::uint32_t walk = 0;
    const std::vector<std::string> text(p.questions.size());  // text answers: empty
    for (int round = 0; round < 20000; ++round) {
      std::vector<Interval> input(p.initial.begin(), p.initial.end());
      for (std::size_t q = 0; q < p.questions.size(); ++q)
        input[p.answer_base + q] = random_answer(p.questions[q], p.initial[p.answer_base + q], rng);
      if (round % 4 == 0) {  // other parameter values: near the originals, or anything
        for (std::uint32_t c = 0; c < p.constant_count; ++c) {
          const double x = p.initial[c].lo + std::uniform_int_distribution<int>(-3, 3)(rng);
          input[c] = {x, x};
        }
      }
      std::copy(input.begin(), input.end(), by_kernel.begin());
      std::copy(input.begin(), input.end(), by_interpreter.begin());
      p.kernel->run(by_kernel.data());
      redflag::detail::interpret(p, by_interpreter.data());
      ASSERT_EQ(0, std::memcmp(by_kernel.data(), by_interpreter.data(),
                               by_kernel.size() * sizeof(Interval)))
          << id << ", round " << round;

      // The same rule states, and every rule's walks report the same questions in the same order.
      std::vector<std::uint64_t> kernel_state(words, ~0u), interpreter_state(words, ~0u);
      p.kernel->rules(by_kernel.data(), kernel_state.data());
      redflag::detail::interpret_rules(p, by_interpreter.data(), interpreter_state.data());
      ASSERT_EQ(kernel_state, interpreter_state) << id << ", round " << round;
      for (std::uint32_t rule = 0; rule < p.rules.size(); ++rule) {
        // What a walk reports: the evidence walk's Evidence, the missing walk's question ids.
        using Report = std::pair<std::vector<Evidence>, std::vector<std::string_view>>;
        const auto report = [&](const Interval* v, auto&& evidence, auto&& missing) {
          std::vector<Evidence> e(p.questions.size());
          std::vector<std::string_view> m(p.questions.size());
          Walker w{p, v, text.data(), stack.data(), stamp.data(), walk, e.data(), m.data()};
          w.next();
          evidence(rule, w);
          e.resize(std::size_t(w.evidence - e.data()));
          w.next();
          missing(rule, w);
          m.resize(std::size_t(w.missing - m.data()));
          return Report{e, m};
        };
        const Report by_kernel_walks =
            report(by_kernel.data(), p.kernel->evidence, p.kernel->missing);
        const Report by_interpreter_walks =
            report(by_interpreter.data(), redflag::detail::interpret_evidence,
                   redflag::detail::interpret_missing);
        ASSERT_EQ(by_kernel_walks.first, by_interpreter_walks.first)
            << id << ", round " << round << ", rule " << p.rules[rule].id << ": evidence";
        ASSERT_EQ(by_kernel_walks.second, by_interpreter_walks.second)
            << id << ", round " << round << ", rule " << p.rules[rule].id << ": missing";
        walks_reporting += !by_kernel_walks.first.empty() + !by_kernel_walks.second.empty();
      }
    }
  }
  EXPECT_GT(walks_reporting, 100000);  // the walks were not all empty
}

TEST(Kernel, EvaluateRunsTheKernelAndMatchesTheInterpreter) {
  const auto rules = load_bundled("low_back_pain");
  const Program& p = rules.program();
  for (const char* name : {"no_red_flags", "saddle_numbness", "missing_ces", "collapse_aaa",
                           "axial_spa", "fever_ivdu", "fragility_fracture"}) {
    const auto answers =
        redflag::Answers::from_json(rules, read(std::string("examples/answers/") + name + ".json"));
    ASSERT_TRUE(answers.ok()) << name;
    const auto result = rules.evaluate(answers);
    std::vector<Interval> trace(result.trace().begin(), result.trace().end());
    std::copy(p.initial.begin() + p.node_base, p.initial.end(), trace.begin() + p.node_base);
    redflag::detail::interpret(p, trace.data());
    EXPECT_TRUE(std::equal(trace.begin(), trace.end(), result.trace().begin())) << name;
  }
}

}  // namespace
