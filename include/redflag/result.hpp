// redflag: the outcome of one evaluation: level, rationale, what is still unknown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "redflag/answers.hpp"
#include "redflag/ruleset.hpp"
#include "redflag/value.hpp"

namespace redflag {
inline namespace v1 {

/// An answer that made a rule's condition true (or, in not_fired(), false).
struct Evidence {
  std::string_view question;
  Value value;  ///< unknown for a question whose absence is the evidence (`on missing`)

  friend bool operator==(const Evidence&, const Evidence&) = default;
};

/// A rule whose condition is true.
struct FiredRule {
  const Rule* rule = nullptr;
  std::span<const Evidence> answers;
};

/// A rule whose condition is unknown because answers are missing, and whose level is above the
/// result level: answering `missing` could raise the urgency.
struct UnresolvedRule {
  const Rule* rule = nullptr;
  std::span<const std::string_view> missing;
};

/// A rule above the result level whose condition is false (only with EvaluateOptions::explain).
struct NotFiredRule {
  const Rule* rule = nullptr;
  std::span<const Evidence> answers;  ///< the answers that made the condition false
};

/// A derived value (`let`) as computed for these answers.
struct NamedValue {
  std::string_view name;
  Value value;
};

/// Thrown by Result::level() for a result that has no level: an error result (its answers had
/// errors) or a Result that holds no evaluation. what() says why, naming every answer error.
class ResultError : public std::logic_error {
 public:
  explicit ResultError(std::vector<AnswerError> errors);
  const std::vector<AnswerError>& errors() const noexcept { return errors_; }

 private:
  std::vector<AnswerError> errors_;
};

/// The result of Ruleset::evaluate(). A Result can be reused across evaluations (of the same or
/// another rule set); the views it hands out stay valid until the next evaluation into it. A
/// default-constructed (or moved-from) Result holds no evaluation: it is not ok(), with no errors.
///
///   redflag::Result result = ruleset.evaluate(answers);
///   if (!result.ok()) {                    // the answers had errors: there is no level
///     for (const auto& e : result.errors()) std::cerr << e.question << ": " << e.message << "\n";
///     return 1;
///   }
///   std::cout << result.level().id << "\n";
class Result {
 public:
  Result() noexcept;
  Result(const Result& other);
  Result& operator=(const Result& other);
  Result(Result&& other) noexcept;
  Result& operator=(Result&& other) noexcept;
  ~Result();

  /// True when the answers were evaluated to a level. False when they had errors (errors() says
  /// why): an error result has no level and never stands for a lower urgency.
  bool ok() const noexcept;
  explicit operator bool() const noexcept { return ok(); }

  /// The urgency level. Check ok() first: for a result that is not ok(), throws ResultError
  /// (naming the answer errors) rather than give a level the answers do not support.
  const Level& level() const;
  /// True when no unresolved rule could raise the level (false for a result that is not ok()).
  bool complete() const noexcept;

  /// The advice items of the result's level (Ruleset::advice_items(level)), in declaration
  /// order; empty for a result that is not ok().
  std::span<const AdviceItem* const> advice_items() const noexcept;

  std::span<const FiredRule> fired() const noexcept;
  std::span<const UnresolvedRule> unresolved() const noexcept;
  /// With EvaluateOptions::explain, the rules above the level whose condition is false.
  std::span<const NotFiredRule> not_fired() const noexcept;
  /// Every derived value (`let`), computed when first asked for after an evaluation.
  std::span<const NamedValue> values() const;
  /// Why the answers could not be evaluated; empty for an ok() result.
  std::span<const AnswerError> errors() const noexcept;

  /// The rule set that produced this result (id and version belong in every output), or null
  /// when the Result holds no evaluation.
  const Ruleset* ruleset() const noexcept;

  /// The result as JSON, in the shape of docs/result-json.md.
  std::string to_json() const;
  /// Appends the JSON to `out` (reuse `out` to avoid allocation).
  void write_json(std::string& out) const;

  /// The evaluation behind the handle. Opaque: its definition is private to redflag, for
  /// redflag's own evaluator and tools. The const overload gives null when the Result holds no
  /// evaluation; the other creates an empty one.
  class Impl;
  const Impl* impl() const noexcept { return impl_.get(); }
  Impl& impl();

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace v1
}  // namespace redflag
