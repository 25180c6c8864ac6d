// redflag: a loaded, immutable rule set and the parts a form, a document or a tool can inspect.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "redflag/diagnostics.hpp"
#include "redflag/rule_test.hpp"

namespace redflag {
inline namespace v1 {

class Answers;
class Result;

/// How a level is shown in CDS Hooks cards: info, warning or critical.
enum class Indicator { info, warning, critical };

/// The type of a question, and of any value computed from questions.
enum class QuestionType { boolean, choice, integer, number, text };

/// Where a declaration stands in its rule file.
struct SourceLocation {
  std::string file;
  SourcePosition where;
};

/// One urgency level. Levels are ordered: a higher `rank` is more urgent.
struct Level {
  std::string id;
  std::string advice;  ///< what the patient or clinician should do
  Indicator indicator = Indicator::info;
  std::size_t rank = 0;  ///< position in the `levels` block, lowest first
  SourceLocation location;
};

/// One allowed answer of a choice question.
struct Option {
  std::string id;
  std::string label;  ///< human wording; empty when the rule file gives none
};

/// A question the rule set reads. Answers are keyed by `id`.
struct Question {
  std::string id;
  QuestionType type = QuestionType::boolean;
  std::string prompt;
  std::vector<Option> options;  ///< choice questions only, in declaration order
  std::optional<double> min;    ///< integer and number questions with a declared range
  std::optional<double> max;
  std::string unit;  ///< UCUM unit when declared, e.g. "a", "Cel", "wk"
  bool required = false;
  SourceLocation location;
};

/// A named threshold (`param`), possibly overridden through LoadOptions::parameters.
struct Parameter {
  std::string id;
  double value = 0;
  std::string description;
  SourceLocation location;
};

/// A derived value (`let`): a score, a count or a flag computed from the answers. Derived values
/// appear in every Result.
struct Derived {
  std::string id;
  QuestionType type = QuestionType::boolean;  ///< boolean, number or choice
  std::string expression;                     ///< the source text of its definition
  SourceLocation location;
};

/// A rule: when its condition is true, the result is at least its level.
struct Rule {
  std::string id;
  std::string title;
  std::size_t level = 0;  ///< index into Ruleset::levels()
  std::string because;    ///< the rationale shown when it fires
  std::string source;     ///< the guideline or evidence it follows
  std::vector<std::string> tags;
  std::string condition;        ///< the source text of its condition
  bool missing_policy = false;  ///< true for the rule an `on missing` clause declares
  SourceLocation location;
};

/// Who a rule set is for and what it does not assess (`scope`), so that a form can show it, or
/// refuse a case outside it, before asking the questions.
struct Scope {
  std::string population;             ///< who it is for; empty when the file declares no scope
  std::vector<std::string> excludes;  ///< what it does not assess, one sentence each
  std::string source;
  SourceLocation location;
};

/// An advice item (`advice`): a line of advice a form shows the patient, in a list, whenever the
/// result is at one of its levels (e.g. self-management and when to seek help).
struct AdviceItem {
  std::string id;
  std::string text;
  std::string source;
  std::vector<std::size_t> levels;  ///< indices into Ruleset::levels(), ascending
  SourceLocation location;
};

/// What evaluate() should record besides the result.
struct EvaluateOptions {
  /// Also say, for every rule above the result level that did not fire, which answers kept it
  /// from firing (Result::not_fired()).
  bool explain = false;
  /// Record the evidence of each fired (and explained) rule and the questions each unresolved
  /// rule still needs. Off, the result lists the same rules with empty evidence and missing
  /// lists: what batch screening that reports rule ids only needs, in less time.
  bool evidence = true;
};

/// An immutable, loaded rule set. Copies are cheap and share one program. A Ruleset is safe to
/// use from many threads at once: evaluate() is const and touches no shared mutable state.
/// Obtain one with redflag::load() or redflag::load_file() (see load.hpp).
class Ruleset {
 public:
  /// The `ruleset ID "title"` and `version "x.y.z"` of the main file: put them in every output.
  std::string_view id() const noexcept;
  std::string_view title() const noexcept;
  std::string_view version() const noexcept;
  /// "sha256:" and 64 hex digits: the SHA-256 of the rule file and every file it `use`s, with
  /// line endings normalised, and of any LoadOptions::parameters override (docs/provenance.md).
  /// Two loads give the same hash exactly when they evaluate the same rules the same way, so it
  /// names the rules behind a result even when someone forgot to change the version.
  std::string_view content_hash() const noexcept;
  /// The file the rule set was loaded from (the source name for text loads).
  std::string_view source_name() const noexcept;

  /// The levels, lowest first (Level::rank is the index).
  std::span<const Level> levels() const noexcept;
  /// The level when no rule fires (`default`).
  const Level& default_level() const noexcept;
  /// Every question, from this file and the files it `use`s, in declaration order: the list a
  /// form is built from.
  std::span<const Question> questions() const noexcept;
  /// The named thresholds, with any LoadOptions::parameters override applied.
  std::span<const Parameter> parameters() const noexcept;
  /// The derived values (`let`), in declaration order; Result::values() follows this order.
  std::span<const Derived> derived() const noexcept;
  /// Who the rule set is for and what it does not assess; `population` is empty when the rule
  /// file declares no `scope`.
  const Scope& scope() const noexcept;
  /// Every advice item, in declaration order.
  std::span<const AdviceItem> advice_items() const noexcept;
  /// The advice items shown at a level (an index into levels()), in declaration order; what
  /// Result::advice_items() gives for a result at that level.
  std::span<const AdviceItem* const> advice_items(std::size_t level) const noexcept;
  /// The rules in file order, the `on missing` rule (id `missing_required`) last.
  std::span<const Rule> rules() const noexcept;
  /// Tests written in the rule file, and in its companion test file when loaded with
  /// LoadOptions::load_tests.
  std::span<const RuleTest> tests() const noexcept;

  /// Index into questions() / levels() / rules(), or nullopt when there is no such id.
  std::optional<std::size_t> find_question(std::string_view id) const noexcept;
  std::optional<std::size_t> find_level(std::string_view id) const noexcept;
  std::optional<std::size_t> find_rule(std::string_view id) const noexcept;

  /// Evaluates answers bound to this rule set. The overload taking a Result reuses its storage:
  /// once warm, it allocates nothing. Answers bound to another rule set give an error result.
  Result evaluate(const Answers& answers, const EvaluateOptions& options = {}) const;
  void evaluate(const Answers& answers, Result& result, const EvaluateOptions& options = {}) const;

  /// The rule set as one JSON document (id, version, title, scope, levels, advice items,
  /// questions, parameters, derived values, rules): what a form builder needs.
  std::string to_json() const;

  /// The loaded rule set behind the handle. Opaque: its definition is private to redflag, for
  /// redflag's own tools; nothing a user can call takes it.
  class Impl;
  explicit Ruleset(std::shared_ptr<const Impl> impl) noexcept;
  const Impl& impl() const noexcept { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

std::string_view to_string(Indicator indicator) noexcept;
std::string_view to_string(QuestionType type) noexcept;

}  // namespace v1
}  // namespace redflag
