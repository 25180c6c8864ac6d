// redflag io: binding the fields of a record (CSV cells, JSON keys, FHIR linkIds) to the answers
// of a rule set, through an optional Mapping. Built once per run; then each field name resolves
// to a Field (a question slot, an id column or an ignored column) and each raw value binds
// without allocating. Shared, immutable, by every worker thread.
#pragma once

#include <cstddef>
#include <optional>
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

  /// What the field named `name` is; nullopt when it is neither a question (directly or through
  /// the mapping), an id column nor ignored: then `why` says so.
  std::optional<Field> resolve(std::string_view name, std::string& why) const;

  /// Binds text (a CSV cell, a FHIR valueString) to a question field: blank codes leave it
  /// unanswered, the column's codes and the boolean codes apply, numbers parse without locale.
  /// A rejected value is recorded in `answers` (never dropped, never read as "no").
  void bind_text(const Field& field, std::string_view text, Answers& answers) const;
  /// Binds a typed value (JSON, FHIR): the column's codes apply to its text form first.
  void bind_value(const Field& field, const Value& value, Answers& answers) const;

 private:
  const Code* find_code(const std::vector<Code>& codes, std::string_view text) const noexcept;
  bool blank(std::string_view text) const noexcept;

  Ruleset ruleset_;
  const Mapping* mapping_;
  std::vector<std::string> id_columns_;
  std::vector<Code> boolean_;
  std::string error_;
};

}  // namespace redflag::io
