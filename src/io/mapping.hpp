// redflag io: a mapping file, which says how the columns and value codes of a real export
// (REDCap, a survey tool) become the answers of a rule set. The format is JSON; every key is
// documented in docs/batch.md:
//
//   {
//     "id_columns": ["record_id"],                 // passed through to the output
//     "ignore": ["redcap_event_name", "timestamp"], // columns that are not answers
//     "blank": ["", "NA", "-99"],                  // cell values meaning "not answered"
//     "boolean": {"1": true, "0": false, "Yes": true, "No": false},  // codes of every boolean
//     "delimiter": ";",                            // CSV: ",", ";", "\t" or "auto"
//     "decimal": ",",                              // CSV: numbers written 38,5
//     "columns": {
//       "age": "age_years",                        // column -> question id
//       "sex": {"question": "sex", "values": {"1": "female", "2": "male", "3": null}}
//     },
//     "review": ["column 'age' -> question 'age_years': a close match"]  // for a person
//   }
//
// A column named like a question maps to it unless "columns" says otherwise; any other column
// that is neither mapped, ignored nor an id column is an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redflag/value.hpp"

namespace redflag::io {

/// A value code and the value it stands for. An unknown value means "not answered".
struct Code {
  std::string code;
  Value::Kind kind = Value::Kind::unknown;
  bool boolean = false;
  double number = 0;
  std::string text;  ///< the option id (choice) or text

  Value value() const noexcept { return {kind, boolean, number, text}; }
};

/// One entry of "columns".
struct ColumnMapping {
  std::string column;
  std::string question;
  std::vector<Code> values;  ///< codes of this column only
};

/// A parsed mapping file. Not tied to a rule set: Binder checks it against one.
struct Mapping {
  std::vector<ColumnMapping> columns;
  std::vector<std::string> ignore;
  std::vector<std::string> id_columns;
  std::vector<std::string> blank;  ///< besides the empty cell, which is always blank
  std::vector<Code> boolean;       ///< codes of every boolean question; true/false if empty
  /// CSV: the field delimiter (',', ';' or '\t'), or kAutoDelimiter: the one of those the
  /// header row holds most of (csv_detect_delimiter()).
  char delimiter = ',';
  static constexpr char kAutoDelimiter = 0;
  bool decimal_comma = false;       ///< CSV and text values: numbers are written 38,5
  std::vector<std::string> review;  ///< notes for a person (--init-mapping); not read otherwise

  const ColumnMapping* find_column(std::string_view column) const noexcept;
  bool ignored(std::string_view column) const noexcept;
};

/// Parses a mapping file's text. On error returns nullopt and sets `error` to a message that
/// starts with `source_name` and the line and column (invalid JSON) or the key at fault.
/// Safe on any input (a fuzz target).
std::optional<Mapping> parse_mapping(std::string_view text, std::string_view source_name,
                                     std::string& error);

}  // namespace redflag::io
