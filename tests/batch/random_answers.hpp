// Random answers for the batch tests: every question of a rule set answered with a value in its
// domain, or left unanswered one time in `unanswered_one_in`.
#pragma once

#include <gtest/gtest.h>
#include <redflag/redflag.hpp>

#include <cstdint>
#include <random>

#include "answers_impl.hpp"

inline void randomize(const redflag::Ruleset& ruleset, std::mt19937& random,
                      redflag::Answers& answers, unsigned unanswered_one_in = 5) {
  using redflag::QuestionType;
  answers.clear();
  const auto questions = ruleset.questions();
  for (std::size_t q = 0; q < questions.size(); ++q) {
    if (random() % unanswered_one_in == 0) continue;
    const redflag::Question& question = questions[q];
    const double lo = question.min.value_or(0), hi = question.max.value_or(100);
    switch (question.type) {
      case QuestionType::boolean:
        answers.impl().set_boolean(q, random() % 2 != 0);
        break;
      case QuestionType::choice:
        answers.impl().set_option(q, random() % question.options.size());
        break;
      case QuestionType::integer:
        answers.impl().set_number(q, lo + double(random() % std::uint32_t(hi - lo + 1)));
        break;
      case QuestionType::number:
        answers.impl().set_number(q, lo + (hi - lo) * double(random() % 1000) / 999);
        break;
      case QuestionType::text:
        answers.set(q, redflag::Value::text_value(random() % 2 ? "some, \"text\"" : "plain"));
        break;
    }
  }
  ASSERT_TRUE(answers.ok());
}
