// Kernels (src/eval/kernel.hpp): the build compiled one for each bundled rule set; each runs for
// exactly the program it was generated from (a parameter override keeps it, any other change
// drops it), and computes bit for bit what the interpreter computes (values and rule states) on
// random answers, unknowns and parameter values. Nothing here depends on what the rule files say,
// so editing a rule never fails these tests.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "eval/evaluate.hpp"
#include "eval/kernel.hpp"
#include "result_impl.hpp"
#include "test_helpers.hpp"

namespace {

using redflag::QuestionType;
using redflag::detail::Interval;
using redflag::detail::Program;

/// The bundled rule files (rules/*.rf but their tests), as the build generated kernels for them.
std::vector<std::filesystem::path> bundled() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator("rules")) {
    const std::string name = e.path().filename().string();
    if (name.ends_with(".rf") && !name.ends_with(".test.rf")) files.push_back(e.path());
  }
  return files;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

redflag::Ruleset load(const std::filesystem::path& path, const redflag::LoadOptions& options = {}) {
  const auto loaded = redflag::load_file(path, options);
  EXPECT_TRUE(loaded.ok()) << loaded.formatted();
  return loaded.value();
}

TEST(Kernel, EveryBundledRuleSetRunsItsKernel) {
  const auto files = bundled();
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(redflag::detail::compiled_kernels().size(), files.size());
  for (const auto& file : files) {
    const auto rules = load(file);
    ASSERT_NE(rules.impl().kernel, nullptr) << file;
    EXPECT_EQ(rules.impl().kernel->ruleset, rules.id());
  }
}

TEST(Kernel, ParameterOverridesKeepTheKernel) {
  for (const auto& file : bundled()) {
    const auto plain = load(file);
    if (plain.parameters().empty()) continue;
    redflag::LoadOptions options;
    for (const auto& param : plain.parameters())
      options.parameters[param.id] = param.value + 1;
    const auto rules = load(file, options);
    EXPECT_NE(rules.impl().kernel, nullptr) << file;
  }
}

TEST(Kernel, AnyOtherChangeIsInterpreted) {
  for (const auto& file : bundled()) {
    const auto plain = load(file);
    // One more rule: a new shape, so no kernel; the rule set still evaluates, interpreted.
    const std::string text = read(file) + "\nrule kernel_test_extra \"Extra\" -> " +
                             std::string(plain.levels().back().id) + "\n  when answered(" +
                             plain.questions().front().id +
                             ")\n  because \"a test\"\n  source \"a test\"\n";
    const auto loaded = redflag::load(text, file.string());
    ASSERT_TRUE(loaded.ok()) << loaded.formatted();
    EXPECT_EQ(loaded.value().impl().kernel, nullptr) << file;
  }
}

/// A random value of what question q can hold: unanswered, or anything in range.
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
  std::mt19937_64 rng(20261207);
  long true_rules = 0;
  for (const auto& file : bundled()) {
    const auto rules = load(file);
    const Program& p = rules.impl();
    ASSERT_NE(p.kernel, nullptr) << file;
    std::vector<Interval> by_kernel(p.value_count()), by_interpreter(p.value_count());
    const std::size_t words = (p.rules.size() + 31) / 32;
    for (int round = 0; round < 20000; ++round) {
      std::vector<Interval> input(p.initial.begin(), p.initial.end());
      for (std::size_t q = 0; q < p.questions.size(); ++q)
        input[p.answer_base + q] = random_answer(p.questions[q], p.initial[p.answer_base + q], rng);
      if (round % 4 == 0) {  // other parameter values: near the originals
        for (std::uint32_t c = 0; c < p.constant_count; ++c) {
          const double x = p.initial[c].lo + std::uniform_int_distribution<int>(-3, 3)(rng);
          input[c] = {x, x};
        }
      }
      by_kernel = input;
      by_interpreter = input;
      p.kernel->run(by_kernel.data());
      redflag::detail::interpret(p, by_interpreter.data());
      ASSERT_EQ(0, std::memcmp(by_kernel.data(), by_interpreter.data(),
                               by_kernel.size() * sizeof(Interval)))
          << file << ", round " << round;
      std::vector<std::uint64_t> kernel_state(words, ~0u), interpreter_state(words, ~0u);
      p.kernel->rules(by_kernel.data(), kernel_state.data());
      redflag::detail::rule_states(p, by_interpreter.data(), interpreter_state.data());
      ASSERT_EQ(kernel_state, interpreter_state) << file << ", round " << round;
      for (const auto word : kernel_state)
        true_rules += std::popcount(word & 0x5555555555555555u);
    }
  }
  EXPECT_GT(true_rules, 10000);  // rules fired: the comparison was not of all-false states
}

TEST(Kernel, EvaluateRunsTheKernel) {
  for (const auto& file : bundled()) {
    const auto rules = load(file);
    const Program& p = rules.impl();
    redflag::Answers answers(rules);
    const auto result = rules.evaluate(answers);
    auto trace = std::vector<Interval>(redflag::detail::trace_of(result).begin(),
                                       redflag::detail::trace_of(result).end());
    std::copy(p.initial.begin() + p.node_base, p.initial.end(), trace.begin() + p.node_base);
    redflag::detail::interpret(p, trace.data());
    EXPECT_TRUE(std::ranges::equal(trace, redflag::detail::trace_of(result))) << file;
  }
}

}  // namespace
