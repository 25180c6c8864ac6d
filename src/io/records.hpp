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
};

/// A piece of input holding whole records.
struct Chunk {
  std::string data;
  std::size_t first_line = 1;  ///< the input line the chunk starts on
  bool quotes = true;          ///< CSV: false when the chunk holds no quote character at all
};

/// One input record.
struct Record {
  std::size_t line = 0;              ///< the input line it starts on (1-based)
  std::size_t entry = 0;             ///< FHIR Bundle: the entry (1-based; 0 otherwise)
  std::string_view resource_id;      ///< FHIR Bundle: the entry's resource `id` (or empty)
  std::span<const std::string> ids;  ///< the id columns' values, in Binder::id_columns() order
  const Answers* answers = nullptr;  ///< bound answers, or the errors that say why not
};

struct SourceOptions {
  std::optional<Format> format;             ///< default: from the file name
  std::size_t chunk_bytes = 1 << 20;        ///< the size chunks aim at
  std::size_t max_record_bytes = 16 << 20;  ///< a longer CSV record or NDJSON line is an error
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
  std::string_view pending() const noexcept { return {buffer_.data(), used_}; }

  std::unique_ptr<Input> input_;
  SourceOptions options_;
  Layout layout_;
  std::string buffer_;    // its first used_ bytes: input read but not yet handed out
  std::size_t used_ = 0;  // (the rest is room to read into)
  std::size_t line_ = 1;
  bool eof_ = false;
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
