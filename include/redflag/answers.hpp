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
/// set is unknown: it is never read as "no". Not thread-safe; use one Answers per thread. A
/// moved-from Answers may only be assigned to or destroyed.
class Answers {
 public:
  explicit Answers(const Ruleset& ruleset);
  Answers(const Answers& other);
  Answers& operator=(const Answers& other);
  Answers(Answers&& other) noexcept;
  Answers& operator=(Answers&& other) noexcept;
  ~Answers();

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
  /// Sets a value of any kind (what a test or a reader produced). An unknown Value marks the
  /// question unanswered.
  bool set(std::string_view question, const Value& value);
  /// Sets questions()[question] without looking its id up (for readers that resolve columns to
  /// question indices once).
  bool set(std::size_t question, const Value& value);
  /// Marks a question unanswered again.
  bool unset(std::string_view question);

  /// Forgets every answer and error, keeping storage for reuse.
  void clear() noexcept;

  /// clear(), then reads a JSON object as from_json() does, reusing this object's storage.
  void read_json(std::string_view json);

  bool answered(std::size_t question) const noexcept;
  /// The answer to questions()[question], or an unknown Value.
  Value get(std::size_t question) const noexcept;

  const std::vector<AnswerError>& errors() const noexcept;
  bool ok() const noexcept { return errors().empty(); }
  const Ruleset& ruleset() const noexcept;

  /// Records a document-level or reader error (used by readers of JSON, CSV and FHIR).
  void add_error(AnswerError error);

  /// The answers behind the handle. Opaque: its definition is private to redflag, for
  /// redflag's own readers and tools.
  class Impl;
  Impl& impl() noexcept { return *impl_; }
  const Impl& impl() const noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace v1
}  // namespace redflag
