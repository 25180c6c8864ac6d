// redflag: a patient's answers, bound to the questions of one rule set.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "redflag/ruleset.hpp"
#include "redflag/value.hpp"

namespace redflag {
namespace io {
class CsvRowBinder;
}
inline namespace v1 {

/// Why an answer was rejected. Codes are stable: "unknown-question", "wrong-type",
/// "out-of-range", "unknown-option", "duplicate-answer", "not-an-integer", "invalid-json", and
/// (in a Result only) "wrong-ruleset" for answers bound to another rule set.
struct AnswerError {
  std::string question;  ///< the question id as given; empty for document-level errors
  std::string code;
  std::string message;
};

/// Answers to the questions of one Ruleset. Each setter checks the answer against the declared
/// type, range and options, and returns false (recording an AnswerError) when it is rejected; a
/// rejected answer stays unanswered and makes any evaluation an error result. A question not
/// set is unknown: it is never read as "no". Not thread-safe; use one Answers per thread.
class Answers {
 public:
  explicit Answers(const Ruleset& ruleset);

  /// Parses a JSON object `{question_id: value, ...}`: booleans for boolean questions, numbers
  /// for integer and number questions, strings for choice (the option id) and text questions,
  /// null for "not answered". Every bad key or value is recorded, not only the first.
  static Answers from_json(const Ruleset& ruleset, std::string_view json);

  bool set(std::string_view question, bool value);
  bool set(std::string_view question, int value) { return set(question, double(value)); }
  bool set(std::string_view question, long long value) { return set(question, double(value)); }
  bool set(std::string_view question, double value);
  /// A choice question's option id, or a text question's text.
  bool set(std::string_view question, std::string_view value);
  bool set(std::string_view question, const char* value) {
    return set(question, std::string_view(value));
  }
  /// Sets a value of any kind (what set(question, Value) of a test or reader produced).
  bool set(std::string_view question, const Value& value);
  /// Sets questions()[question] without looking its id up (for readers that resolve columns
  /// to question indices once). An unknown Value marks it unanswered.
  bool set(std::size_t question, const Value& value);
  /// Fast checked setters by question index, for readers that resolved their columns to
  /// questions once (the batch CSV reader): no Value is built and nothing is looked up by name.
  /// Each checks exactly what set(question, Value) checks (the index, the question's type, and
  /// for numbers finiteness, whole numbers and the declared range; for choices the option
  /// index) and, when the answer is rejected, records the same AnswerError and returns false.
  /// Inline: the accepted case costs a few instructions; a rejected answer takes the checked
  /// out-of-line path of set(question, Value), which records the error.
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
  /// The option with id `option` of a choice question, or the text of a text question (what
  /// set(question, Value::choice(option)) takes); inline when it names an option.
  bool set_choice(std::size_t question, std::string_view option) {
    if (question < question_count_ && types_[question] == QuestionType::choice) {
      if (const std::size_t i = option_index(questions_[question], option); i != npos)
        return set_option(question, i);
    }
    return set(question, Value::choice(option));
  }
  /// Marks a question unanswered again.
  bool unset(std::string_view question);

  /// Forgets every answer and error, keeping storage for reuse.
  void clear() noexcept;

  /// clear(), then reads a JSON object as from_json() does, reusing this object's storage.
  void read_json(std::string_view json);

  bool answered(std::size_t question) const noexcept;
  /// The answer to questions()[question], or an unknown Value.
  Value get(std::size_t question) const noexcept;

  const std::vector<AnswerError>& errors() const noexcept { return errors_; }
  bool ok() const noexcept { return errors_.empty(); }
  const Ruleset& ruleset() const noexcept { return ruleset_; }

  /// Records a document-level or reader error (used by readers of JSON, CSV and FHIR).
  void add_error(AnswerError error) { errors_.push_back(std::move(error)); }

 private:
  friend class Ruleset;
  // The batch CSV reader checks each column's question type and codes once per header, then
  // stores accepted answers (and unknown for blank cells) straight into values_
  // (src/io/csv_row.cpp).
  friend class io::CsvRowBinder;
  /// clear() for a reader that then writes every other question: only `questions` are reset.
  void clear(std::span<const std::uint32_t> questions) noexcept;
  /// Per question, its value when unanswered (the rule set's initial values).
  static const Interval* unknown_values(const Ruleset& ruleset) noexcept;
  static constexpr std::size_t npos = std::size_t(-1);
  /// The index of the option of `q` whose id is `id`, or npos.
  static std::size_t option_index(const Question& q, std::string_view id) noexcept {
    for (std::size_t i = 0; i < q.options.size(); ++i)
      if (q.options[i].id == id) return i;
    return npos;
  }
  bool reject(std::size_t question, std::string_view code, const Value& got);
  bool reject_unknown(std::string_view question, const Value& got);
  bool reject_option(std::size_t question, std::size_t option);
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

  Ruleset ruleset_;
  std::vector<Interval> values_;   // per question: a point when answered (see value.hpp)
  std::vector<std::string> text_;  // per question; text answers only
  std::vector<AnswerError> errors_;
  // For the inline setters: ruleset_.questions(), and their types packed (one cache line).
  const Question* questions_ = nullptr;
  const QuestionType* types_ = nullptr;
  std::size_t question_count_ = 0;
};

}  // namespace v1
}  // namespace redflag
