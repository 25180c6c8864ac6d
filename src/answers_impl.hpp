// redflag: what an Answers handle holds (private to redflag). Per question of the rule set, its
// value as the evaluator reads it: a point when answered, the rule set's unknown interval when
// not (see eval/program.hpp); the text of text answers; and the errors of rejected answers.
//
// The index setters are for readers that resolve their columns to question indices once (the
// batch CSV reader, the JSON answers reader): no Value is built and nothing is looked up by name.
// Each checks exactly what Answers::set(question, Value) checks and, when the answer is rejected,
// records the same AnswerError and returns false. Inline: the accepted case costs a few
// instructions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eval/interval.hpp"
#include "eval/program.hpp"
#include "redflag/answers.hpp"

namespace redflag {
inline namespace v1 {

class Answers::Impl {
 public:
  explicit Impl(const Ruleset& ruleset);

  const Ruleset& ruleset() const noexcept { return ruleset_; }
  const detail::Program& program() const noexcept { return ruleset_.impl(); }

  bool set(std::size_t question, const Value& value);
  bool set_boolean(std::size_t question, bool value) {
    if (question < question_count_ && types_[question] == QuestionType::boolean) {
      const double d = value;  // 0 or 1, converted without a branch on the value
      values_[question] = {d, d};
      return true;
    }
    return set(question, Value::of(value));
  }
  bool set_number(std::size_t question, double value) {
    if (question < question_count_ && accepts_number(questions_[question], value)) {
      values_[question] = {value, value};
      return true;
    }
    return set(question, Value::of(value));
  }
  /// questions()[question].options[option] of a choice question.
  bool set_option(std::size_t question, std::size_t option) {
    if (question < question_count_ && types_[question] == QuestionType::choice &&
        option < questions_[question].options.size()) {
      const auto d = double(option);
      values_[question] = {d, d};
      return true;
    }
    return reject_option(question, option);
  }
  /// The option with id `option` of a choice question, or the text of a text question.
  bool set_choice(std::size_t question, std::string_view option) {
    if (question < question_count_ && types_[question] == QuestionType::choice) {
      if (const std::size_t i = option_index(questions_[question], option); i != npos)
        return set_option(question, i);
    }
    return set(question, Value::choice(option));
  }
  bool reject_unknown(std::string_view question, const Value& got);

  /// Forgets every answer and error.
  void clear() noexcept;
  /// clear() for a reader that then writes every other question: only `questions` are reset.
  void clear(std::span<const std::uint32_t> questions) noexcept;

  /// Per question, its value when unanswered (the rule set's initial values).
  const detail::Interval* unknown_values() const noexcept {
    return program().initial.data() + program().answer_base;
  }
  detail::Interval* values() noexcept { return values_.data(); }
  const detail::Interval* values() const noexcept { return values_.data(); }
  const std::string* text() const noexcept { return text_.data(); }
  std::vector<AnswerError>& errors() noexcept { return errors_; }
  const std::vector<AnswerError>& errors() const noexcept { return errors_; }

  static constexpr std::size_t npos = std::size_t(-1);
  /// The index of the option of `q` whose id is `id`, or npos.
  static std::size_t option_index(const Question& q, std::string_view id) noexcept {
    for (std::size_t i = 0; i < q.options.size(); ++i)
      if (q.options[i].id == id) return i;
    return npos;
  }
  /// What set(question, Value) accepts for a number: the question is numeric, the number finite,
  /// whole for integer questions, and within the declared range.
  static bool accepts_number(const Question& q, double d) noexcept {
    if (q.type != QuestionType::integer && q.type != QuestionType::number) return false;
    if (!(d - d == 0)) return false;  // NaN or infinite
    // |d| >= 2^53 is always whole; below, the conversion is exact.
    if (q.type == QuestionType::integer && d > -9e15 && d < 9e15 &&
        double(static_cast<long long>(d)) != d)
      return false;
    return !(q.min && d < *q.min) && !(q.max && d > *q.max);
  }

 private:
  bool reject(std::size_t question, std::string_view code, const Value& got);
  bool reject_option(std::size_t question, std::size_t option);

  Ruleset ruleset_;
  std::vector<detail::Interval> values_;  // per question: a point when answered
  std::vector<std::string> text_;         // per question; text answers only
  std::vector<AnswerError> errors_;
  // For the inline setters: the rule set's questions, and their types packed (one cache line).
  const Question* questions_ = nullptr;
  const QuestionType* types_ = nullptr;
  std::size_t question_count_ = 0;
};

}  // namespace v1
}  // namespace redflag
