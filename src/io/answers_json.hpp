// redflag io: the two readers behind Answers::read_json (internal; the tests compare them).
//
// read_json first tries read_answers_json_flat, a single-pass scanner for the common document: a
// flat object whose values are true, false, null, numbers and strings. On anything else it gives
// up, and read_json reads the text again with read_answers_json_full (Boost.JSON's parser), which
// judges every document and reports invalid JSON with its line and column. On the documents the
// flat reader takes, both readers give the same Answers: the same values, text and errors.
#pragma once

#include <string_view>

#include "redflag/answers.hpp"

namespace redflag::io {

/// What Answers::read_json() does: clears `answers`, then reads the JSON object `json` into it.
void read_answers_json(Answers& answers, std::string_view json);

/// The fast path: reads `json` into `answers` (cleared first) and returns true, or returns false
/// when the document needs the full reader: anything that is not a flat object of literals,
/// numbers and strings, invalid JSON, a string with a \u escape, and a number whose conversion
/// Boost.JSON 1.81 might round differently. After false, `answers` holds a partial reading.
bool read_answers_json_flat(Answers& answers, std::string_view json);

/// The reference: reads `json` into `answers` (cleared first) with Boost.JSON's SAX parser.
void read_answers_json_full(Answers& answers, std::string_view json);

}  // namespace redflag::io
