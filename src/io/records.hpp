// redflag io: batch inputs as records. This is the API the batch screening tool, the corpus
// reader of `redflag diff` and the fuzz targets share:
//
//   io::Binder binder(ruleset, mapping_or_null, {"record_id"});      // once per run
//   io::RecordReader reader;
//   if (!reader.open("export.csv.gz", binder, {}, error)) ...       // exit 2: bad input
//   io::Record record;
//   while (reader.next(record)) { record.line; record.ids; record.answers->ok(); ... }
//   if (!reader.error().empty()) ...                                 // read error part-way
//
// Formats: CSV (RFC 4180, header row = field names), NDJSON (one answers object per line; a line
// holding a FHIR resource, one with "resourceType", is read as one), and FHIR (one JSON document:
// a QuestionnaireResponse or a Bundle of them; NDJSON of resources also works). The format comes
// from the file name (.csv, .ndjson, .jsonl, .json; a .gz suffix is skipped) or is given; gzip is
// detected by its magic bytes.
//
// For threads, the two halves are separate: one RecordSource cuts the input into Chunks of whole
// records (cheap, sequential), and any number of RecordParsers (one per thread) turn chunks into
// records. A record that cannot be read (a ragged CSV row, invalid JSON, another resource type,
// a value the mapping rejects) is still a record: its answers carry the error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/binder.hpp"
#include "io/input.hpp"
#include "io/ndjson.hpp"
#include "redflag/answers.hpp"

namespace redflag::io {

enum class Format { csv, ndjson, fhir };
class CsvRowBinder;

/// "csv", "ndjson" (or "jsonl"), "fhir"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view name) noexcept;
/// The format a path's extension names (.csv, .ndjson, .jsonl, .json = fhir), after removing a
/// trailing .gz; nullopt when it names none (as for "-").
std::optional<Format> format_of_path(std::string_view path) noexcept;
std::string_view to_string(Format format) noexcept;

/// What the source learned at the start of the input and every parser needs.
struct Layout {
  Format format = Format::csv;
  const Binder* binder = nullptr;
  std::vector<Field> columns;  ///< CSV: one per header column
  char delimiter = ',';        ///< CSV: the field delimiter (the mapping's)
  bool document = false;       ///< FHIR: the input is one JSON document (resource or Bundle)
  std::size_t max_record_bytes = 16 << 20;    ///< SourceOptions::max_record_bytes
  std::size_t max_document_bytes = 64 << 20;  ///< SourceOptions::max_document_bytes
};

/// A piece of input holding whole records.
struct Chunk {
  std::string data;
  std::size_t first_line = 1;  ///< the input line the chunk starts on
  bool quotes = true;          ///< CSV: false when the chunk holds no quote character at all
  /// Not 0: the chunk stands for one record over the limit that the source skipped without
  /// keeping it (`data` is empty): its size in bytes, as far as it was read.
  std::uint64_t skipped = 0;
  std::size_t last_line = 0;       ///< skipped: the line it ends on
  bool skipped_in_quotes = false;  ///< skipped, CSV: a quoted field in it is never closed
  bool rest_unread = false;  ///< skipped: its end was not found, so the input was read no further
};

/// One input record.
struct Record {
  std::size_t line = 0;              ///< the input line it starts on (1-based)
  std::size_t entry = 0;             ///< FHIR Bundle: the entry (1-based; 0 otherwise)
  std::string_view resource_id;      ///< FHIR Bundle: the entry's resource `id` (or empty)
  std::span<const std::string> ids;  ///< the id columns' values, in Binder::id_columns() order
  const Answers* answers = nullptr;  ///< bound answers, or the errors that say why not
};

/// How a source reads. Memory stays within about max_record_bytes + chunk_bytes per source (and
/// max_document_bytes for a FHIR document), whatever the input holds.
struct SourceOptions {
  std::optional<Format> format;       ///< default: from the file name
  std::size_t chunk_bytes = 1 << 20;  ///< the size chunks aim at
  /// A longer CSV record or NDJSON line (its line ending included) is one error record: the
  /// reader skips to its end without keeping it (a longer CSV header row is a bad header).
  std::size_t max_record_bytes = 16 << 20;
  /// How far past max_record_bytes the reader looks for the end of a record over the limit; when
  /// it is not there (a decompression bomb, a quote that is never closed), the input is read no
  /// further and that error record says so.
  std::uint64_t max_skip_bytes = 64 << 20;
  /// A longer FHIR document (read whole) is one error record, and is not read further.
  std::size_t max_document_bytes = 64 << 20;
};

/// Cuts an input into chunks of whole records. Sequential: one thread.
class RecordSource {
 public:
  /// Takes `input` and reads what the layout needs (the CSV header). Returns null and sets
  /// `error` (naming the input) for an input that cannot be used at all: unknown format, a
  /// missing or bad header (a column neither mapped, ignored nor an id), a read error.
  static std::unique_ptr<RecordSource> open(std::unique_ptr<Input> input, const Binder& binder,
                                            const SourceOptions& options, std::string& error);

  /// Fills `chunk` with the next whole records. Returns false at the end of the input, or on a
  /// read error part-way (a truncated gzip stream): then `error` is set.
  bool next(Chunk& chunk, std::string& error);

  const Layout& layout() const noexcept { return layout_; }
  const Input& input() const noexcept { return *input_; }

 private:
  RecordSource(std::unique_ptr<Input> input, const SourceOptions& options);
  bool fill(std::string& error);  // reads more input into buffer_
  /// Reads until the buffer holds a chunk's worth of whole records (or the input ends); returns
  /// where they end, 0 at the end of the input or on a read error (then `error` is set).
  std::size_t complete_records(std::string& error);
  /// Hands out the first `cut` bytes of the input read as `data`, keeping the rest.
  void hand_out(std::string& data, std::size_t cut);
  /// The record at the start of the buffer is over the limit: reads on to its end, keeping
  /// nothing of it, and makes `chunk` stand for it. False on a read error.
  bool skip_record(Chunk& chunk, std::string& error);
  std::string_view pending() const noexcept { return {buffer_.data(), used_}; }

  std::unique_ptr<Input> input_;
  SourceOptions options_;
  Layout layout_;
  std::string buffer_;    // its first used_ bytes: input read but not yet handed out
  std::size_t used_ = 0;  // (the rest is room to read into)
  std::size_t line_ = 1;
  bool eof_ = false;
  bool stopped_ = false;     // a record over the limit did not end: the input is read no further
  bool handed_out_ = false;  // FHIR documents: the one chunk was handed out
};

/// Turns chunks into records. One per thread; reuses its storage (no allocation per record once
/// warm, for CSV).
class RecordParser {
 public:
  explicit RecordParser(const Layout& layout);
  ~RecordParser();
  RecordParser(const RecordParser&) = delete;
  RecordParser& operator=(const RecordParser&) = delete;
  /// Starts on `chunk`, which must outlive the records (CSV fields are undoubled in place).
  void reset(Chunk& chunk);
  /// The next record of the chunk; false when there is none left. `record` stays valid until the
  /// next call.
  bool next(Record& record);

 private:
  bool next_csv(Record& record);
  bool next_line(Record& record);
  bool next_document(Record& record);
  /// A record over the limit: one error record, as the chunk (a skipped one) or as `bytes` of
  /// the chunk from `line` to `last_line` say.
  void too_long(Record& record, std::uint64_t bytes, std::size_t line, std::size_t last_line);
  void read_json_line(std::string_view line);
  void start_record();
  void clear_ids();
  void fail(std::string code, std::string message);

  const Layout& layout_;
  std::unique_ptr<CsvRowBinder> csv_;  // CSV: how the columns bind
  Answers answers_;
  std::vector<std::string> ids_;
  std::vector<std::string_view> fields_;
  std::string scratch_;
  Chunk* chunk_ = nullptr;
  std::size_t pos_ = 0, line_ = 1;
  std::unique_ptr<JsonRecordReader> json_;
  struct Document;  // a parsed FHIR document and the resources it holds
  std::unique_ptr<Document> document_;
};

/// A RecordSource and one RecordParser: records one at a time, for tools that need no threads.
class RecordReader {
 public:
  /// Opens `path` ("-" is standard input); false (with `error`) as RecordSource::open().
  bool open(std::string_view path, const Binder& binder, const SourceOptions& options,
            std::string& error);
  /// Reads from `input` instead of a path (tests, fuzzers: Input::from_memory()).
  bool open(std::unique_ptr<Input> input, const Binder& binder, const SourceOptions& options,
            std::string& error);
  /// The next record; false at the end, or on a read error (then error() is not empty).
  bool next(Record& record);
  const std::string& error() const noexcept { return error_; }

 private:
  std::unique_ptr<RecordSource> source_;
  std::unique_ptr<RecordParser> parser_;
  Chunk chunk_;
  std::string error_;
};

}  // namespace redflag::io
