// c_threads_test: one rf_ruleset shared by 8 threads, each with its own rf_answers and rf_result,
// evaluating different cases thousands of times; also checks that rf_error_last() is per thread.
// Also built with -fsanitize=thread (docs/c-api.md, "Thread safety").
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "redflag/redflag.h"

namespace {

struct Case {
  const char* json;
  const char* expected;  // level id; nullptr for an error result
};

const char* const no_ces =
    "\"saddle_numbness\": false, \"urinary_retention\": false, \"bladder_change_new\": false, "
    "\"urinary_incontinence_new\": false, \"bowel_incontinence_new\": false, "
    "\"sexual_dysfunction_new\": false";

std::vector<std::string> case_json() {
  const std::string base = no_ces;
  return {
      "{\"saddle_numbness\": true}",
      "{}",
      "{" + base + "}",
      "{" + base + ", \"leg_pain\": \"both_legs\"}",
      "{" + base + ", \"age_years\": 300}",
      "{" + base + ", \"trauma\": \"major\"}",
      "{" + base + ", \"leg_pain\": \"one_leg\", \"leg_pain_below_knee\": true}",
      "{\"urinary_retention\": true, \"age_years\": 70}",
  };
}

std::atomic<int> failures{0};

void fail(int thread, const char* what, const char* got, const char* expected) {
  std::fprintf(stderr, "thread %d: %s: got %s, expected %s\n", thread, what, got ? got : "(null)",
               expected ? expected : "(null)");
  ++failures;
}

bool same(const char* a, const char* b) {
  return (a == nullptr && b == nullptr) || (a && b && std::strcmp(a, b) == 0);
}

void worker(const rf_ruleset* rules, int id, const std::vector<std::string>* cases,
            const std::vector<std::string>* expected, int iterations) {
  rf_answers* answers = nullptr;
  rf_result* result = nullptr;
  if (rf_answers_new(&answers, rules) != RF_OK || rf_result_new(&result) != RF_OK) {
    fail(id, "setup", rf_error_last()->message, "RF_OK");
    return;
  }
  const std::string question = "no_such_question_" + std::to_string(id);
  for (int i = 0; i < iterations; ++i) {
    const std::size_t c = static_cast<std::size_t>(id + i) % cases->size();
    const std::string& json = (*cases)[c];
    const char* want = (*expected)[c].empty() ? nullptr : (*expected)[c].c_str();
    rf_evaluate_json(result, rules, json.data(), json.size(), i % 3 == 0 ? RF_EXPLAIN : 0);
    if (!same(rf_result_level(result), want)) fail(id, json.c_str(), rf_result_level(result), want);
    if (rf_result_json(result)[0] != '{') fail(id, "rf_result_json", rf_result_json(result), "{");
    // Borrowed strings made lazily inside this thread's result.
    for (std::size_t f = 0; f < rf_result_fired_count(result); ++f) {
      for (std::size_t e = 0; e < rf_result_fired_evidence_count(result, f); ++e) {
        const char* value = rf_result_fired_evidence_value(result, f, e);
        if (!value || !*value) fail(id, "evidence value", value, "a JSON value");
      }
    }
    if (rf_result_value_count(result) > 0 && !rf_result_value(result, 0)) {
      fail(id, "rf_result_value", nullptr, "a JSON value");
    }
    // The same through the setters, every 16th time.
    if (i % 16 == 0) {
      rf_answers_clear(answers);
      rf_answers_set_boolean(answers, "saddle_numbness", id % 2);
      rf_evaluate(result, rules, answers, 0);
      const char* level = rf_result_level(result);
      if (!same(level, id % 2 ? "emergency" : "urgent")) {
        fail(id, "setters", level, id % 2 ? "emergency" : "urgent");
      }
      // This thread's last error names this thread's question.
      rf_answers_set_boolean(answers, question.c_str(), 1);
      if (!std::strstr(rf_error_last()->message, question.c_str())) {
        fail(id, "rf_error_last", rf_error_last()->message, question.c_str());
      }
    }
  }
  rf_result_free(result);
  rf_answers_free(answers);
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 2000;
  rf_ruleset* rules = nullptr;
  if (rf_ruleset_load_file(&rules, "tests/fixtures/rules/low_back_pain.rf", nullptr) != RF_OK) {
    std::fprintf(stderr, "cannot load tests/fixtures/rules/low_back_pain.rf: %s\n",
                 rf_error_last()->message);
    return 1;
  }
  const std::vector<std::string> cases = case_json();
  // The expected levels, from one thread; then the known ones are checked.
  std::vector<std::string> expected;
  rf_result* result = nullptr;
  rf_result_new(&result);
  for (const auto& json : cases) {
    rf_evaluate_json(result, rules, json.data(), json.size(), 0);
    const char* level = rf_result_level(result);
    expected.push_back(level ? level : "");
    std::printf("%-50.50s -> %s\n", json.c_str(), level ? level : "(error result)");
  }
  rf_result_free(result);
  if (expected[0] != "emergency" || expected[1] != "urgent" || expected[3] != "emergency" ||
      !expected[4].empty() || expected[5] != "emergency" || expected[7] != "emergency") {
    std::fprintf(stderr, "unexpected levels from the serial run\n");
    return 1;
  }

  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back(worker, rules, t, &cases, &expected, iterations);
  }
  for (auto& t : threads)
    t.join();
  rf_ruleset_free(rules);
  std::printf("8 threads x %d evaluations: %d failures\n", iterations, failures.load());
  return failures.load() == 0 ? 0 : 1;
}
