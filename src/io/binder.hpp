// redflag io: binding the fields of a record (CSV cells, JSON keys, FHIR linkIds) to the answers
// of a rule set, through an optional Mapping. Built once per run; then each field name resolves
// to a Field (a question slot, an id column or an ignored column) and each raw value binds
// without allocating. Shared, immutable, by every worker thread.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/mapping.hpp"
#include "redflag/answers.hpp"
#include "redflag/ruleset.hpp"

namespace redflag::io {

/// What a field of the input is.
struct Field {
  enum class Kind { question, id, ignored };
  Kind kind = Kind::ignored;
  std::size_t index = 0;  ///< question index, or position in Binder::id_columns()
  const std::vector<Code>* codes = nullptr;  ///< the column's own value codes, if any
};

/// Reads `text` as a number written with a decimal comma ("38,5", "-2", "1e3"): what
/// parse_number() reads once its comma is a point. False for anything else, a decimal point
/// included ("38.5" may be 38 thousand 500 in such an export).
bool parse_decimal_comma(std::string_view text, double& value) noexcept;

/// The error for `text`, which holds a decimal point, given for `question` where the mapping
/// declares a decimal comma.
AnswerError decimal_point_error(const Question& question, std::string_view text);

/// `name` in lower case, each run of characters other than ASCII letters and digits as one '_',
/// without a leading or trailing '_': "Weeks with this pain?" -> "weeks_with_this_pain".
std::string normal_name(std::string_view name);

/// The questions a column named `name` may be meant for, best first: those whose id holds every
/// word of the name (normal_name(), split at '_'), each word the same as a different word of the
/// id or, for a word of 3 letters or more, its start ("temp_c" ~ "temperature_c"; fewest words
/// first); then those whose prompt does ("Ever had cancer?" ~ "Have you ever had cancer?"); then
/// the id closest to the name by edit distance (detail::closest), if any. Empty for a name of
/// over 100 characters.
std::vector<std::size_t> close_questions(const Ruleset& ruleset, std::string_view name);

class Binder {
 public:
  /// Checks `mapping` (may be null) against `ruleset`: every mapped question exists, every code's
  /// value is a valid answer to its question. `id_columns` are added to the mapping's. On error
  /// `error()` says what is wrong (naming `mapping_name`) and the binder must not be used.
  Binder(const Ruleset& ruleset, const Mapping* mapping, std::vector<std::string> id_columns,
         std::string_view mapping_name = "mapping");

  const std::string& error() const noexcept { return error_; }
  const Ruleset& ruleset() const noexcept { return ruleset_; }
  const std::vector<std::string>& id_columns() const noexcept { return id_columns_; }
  /// The mapping (null without one): its blank codes apply to every text cell.
  const Mapping* mapping() const noexcept { return mapping_; }
  /// The codes every boolean question accepts (the mapping's "boolean", else true/false).
  const std::vector<Code>& boolean_codes() const noexcept { return boolean_; }

  /// Whether numbers in text are written with a decimal comma (the mapping's "decimal": ",").
  bool decimal_comma() const noexcept { return mapping_ && mapping_->decimal_comma; }

  /// What the field named `name` is; nullopt when it is neither a question (directly or through
  /// the mapping), an id column nor ignored: then `why` says so (with a did-you-mean when a
  /// question or a column the mapping names is close).
  std::optional<Field> resolve(std::string_view name, std::string& why) const;

  /// The fields of a CSV header row's columns `names`, in order, into `columns`. Checks every
  /// column (each must resolve; no question or id column twice) and that every id column is
  /// there. False when something is wrong: then `error` lists every problem (up to
  /// kHeaderProblems of them, then how many more), each with a did-you-mean where a name is
  /// close, all under "`input`:1: ".
  bool resolve_header(std::span<const std::string_view> names, std::string_view input,
                      std::vector<Field>& columns, std::string& error) const;
  static constexpr std::size_t kHeaderProblems = 50;

  /// Binds text (a CSV cell, a FHIR valueString) to a question field: blank codes leave it
  /// unanswered, the column's codes and the boolean codes apply, numbers parse without locale.
  /// A rejected value is recorded in `answers` (never dropped, never read as "no").
  void bind_text(const Field& field, std::string_view text, Answers& answers) const;
  /// Binds a typed value (JSON, FHIR): the column's codes apply to its text form first.
  void bind_value(const Field& field, const Value& value, Answers& answers) const;

 private:
  const Code* find_code(const std::vector<Code>& codes, std::string_view text) const noexcept;
  /// "'name' is not a question of rule set 'id'", and a did-you-mean.
  std::string not_a_question(std::string_view name) const;
  bool blank(std::string_view text) const noexcept;

  Ruleset ruleset_;
  const Mapping* mapping_;
  std::vector<std::string> id_columns_;
  std::vector<Code> boolean_;
  std::string error_;
};

}  // namespace redflag::io
