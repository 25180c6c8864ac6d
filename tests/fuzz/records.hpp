// redflag fuzzing: reading a batch input (CSV, NDJSON, FHIR) from memory through the readers of
// src/io/records.hpp, shared by the csv, ndjson and fhir targets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz.hpp"
#include "io/records.hpp"

namespace redflag_fuzz {

/// Reads every record of `bytes` as `format` with `binder`, in small chunks (so records straddle
/// chunk boundaries), and evaluates each: every record has answers (or the errors that say why
/// not), its messages are short and hold no control character, its line is never before the
/// previous record's, and its result keeps the invariants of check_result().
inline void read_records(const std::uint8_t* data, std::size_t size, redflag::io::Format format,
                         const redflag::io::Binder& binder) {
  using namespace redflag::io;
  RecordReader reader;
  std::string error;
  SourceOptions options;
  options.format = format;
  options.chunk_bytes = 64 + size % 256;
  options.max_record_bytes = 4096;
  options.max_skip_bytes = 1024 + size % 4096;  // records over the limit: skipped, or the end
  options.max_document_bytes = 8192;            // FHIR documents over it: one error record
  if (!reader.open(Input::from_memory(std::string(reinterpret_cast<const char*>(data), size), "in"),
                   binder, options, error)) {
    FUZZ_CHECK(!error.empty());  // an input that cannot be used at all says why
    return;
  }
  Record record;
  std::size_t line = 0, records = 0;
  redflag::Result result;
  while (reader.next(record)) {
    FUZZ_CHECK(record.answers != nullptr);
    FUZZ_CHECK(record.line >= line);
    FUZZ_CHECK(record.ids.size() == binder.id_columns().size());
    // Messages quote at most a short excerpt of the input, control characters escaped.
    for (const redflag::AnswerError& e : record.answers->errors()) {
      FUZZ_CHECK(e.message.size() <= 1024 && e.question.size() <= 128);
      for (const char c : e.message)
        FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20);
    }
    line = record.line;
    binder.ruleset().evaluate(*record.answers, result);
    check_result(binder.ruleset(), *record.answers, result);
    FUZZ_CHECK(++records <= size + 1);  // never more records than the input could hold
  }
}

/// The rule set the record readers are fuzzed against (fuzz.hpp), loaded once.
inline const redflag::Ruleset& records_ruleset() {
  static const redflag::Ruleset ruleset = redflag::load(answers_ruleset).value();
  return ruleset;
}

}  // namespace redflag_fuzz
