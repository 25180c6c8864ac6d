// redflag io: the one reader of answers objects in JSON, behind Answers::read_json (and so the C
// ABI's rf_evaluate_json) and the NDJSON batch reader (io/ndjson.hpp).
//
// Boost.JSON's SAX parser reads the text; no document is built. Each value directly inside the
// object answers what its key names: every bad key or value is recorded, a question answered twice
// is an error and stays unanswered, a nested value answers nothing, and invalid JSON is rejected
// whole with its position. What a key names is up to a JsonKeys: question ids for read_json, the
// columns of an export (renamed keys, value codes, id columns) for the batch reader.
//
// read_json first tries a single-pass scanner for the common document, a flat object whose values
// are true, false, null, numbers and strings; on anything else it gives up and Boost.JSON reads the
// text again. On the documents the scanner takes, both give the same answers: the same values, text
// and errors (tests/fuzz/answers_json_diff.cpp). Without the scanner the JSON round trip misses
// its budget of docs/performance.md.
#pragma once

#include <cstddef>
#include <string_view>

#include "redflag/answers.hpp"

namespace redflag::io {

/// What the keys of an answers object name.
class JsonKeys {
 public:
  /// What one key is.
  struct Key {
    enum class Kind {
      question,  ///< answers `question`, once per document: the reader checks and sets its value,
                 ///< or hands it to bind() when `bind`
      other,     ///< names no question: its value goes to other()
      rejected,  ///< key() has recorded why it is not read: its value is skipped
      stop,      ///< the text is not an answers object: reading stops and keeps nothing
    };
    Kind kind = Kind::rejected;
    std::size_t question = 0;
    bool bind = false;
  };

  virtual ~JsonKeys() = default;

  /// What `key` (as decoded; the view lasts for the call only) is. May record an error.
  virtual Key key(std::string_view key, Answers& answers) = 0;
  /// The first value, in the document, of a question whose key came with `bind`. By default,
  /// answers.set(question, value).
  virtual void bind(std::size_t question, const Value& value, Answers& answers);
  /// The value of a key of Kind::other. `text` is the value as written: a string's characters, a
  /// number's digits, "true" or "false", and "" for null.
  virtual void other(std::string_view key, const Value& value, std::string_view text,
                     Answers& answers) = 0;
};

/// What the text is, for the wording of errors.
enum class JsonText {
  /// An answers document: "the answers must be a JSON object", positions as line and column, and
  /// any white space std::isspace knows may follow the object.
  document,
  /// One line of an NDJSON file: "a record must be a JSON object", positions as columns, only
  /// JSON white space may follow the object, and a key with a nested value is "a field".
  line,
};

/// Clears `answers`, then reads the JSON object `json` into it, with keys as `keys` says. Returns
/// false, with `answers` cleared, when `keys` stopped the reading (Key::Kind::stop).
bool read_answers_json(Answers& answers, std::string_view json, JsonKeys& keys,
                       JsonText text = JsonText::document);

/// What Answers::read_json() does: with each key a question id, read_answers_json_flat, else
/// read_answers_json_full.
void read_answers_json(Answers& answers, std::string_view json);

/// The fast path: reads `json` into `answers` (cleared first) and returns true, or returns false
/// when the document needs Boost.JSON: anything that is not a flat object of literals, numbers and
/// strings, invalid JSON, a string with a \u escape, and a number whose conversion Boost.JSON 1.81
/// might round differently. After false, `answers` holds a partial reading.
bool read_answers_json_flat(Answers& answers, std::string_view json);

/// The reference: read_answers_json with each key a question id, by Boost.JSON alone.
void read_answers_json_full(Answers& answers, std::string_view json);

}  // namespace redflag::io
