// redflag CLI: `redflag batch`, screening a whole export. The parts, one file each:
//   batch.cpp          the command: arguments, opening inputs
//   batch_pipeline.cpp screening the inputs on N threads, writing the records in input order
//   batch_format.cpp   one output record (CSV or NDJSON) per input record
//   batch_output.cpp   the output file, written atomically (temporary file + rename)
//   batch_report.cpp   the summary (text, JSON) and the HTML report
//   batch_progress.cpp the progress bar on a terminal
//   init_mapping.cpp   --init-mapping: a first mapping file for an export
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/records.hpp"
#include "redflag/redflag.hpp"
#include "result_impl.hpp"

namespace redflag::cli::batch {

enum class OutputFormat { csv, ndjson };

/// Counts over the records of a run (or of one chunk, merged into the run's in input order).
struct Tally {
  std::size_t records = 0, errors = 0, incomplete = 0;
  std::vector<std::size_t> levels;             ///< per level of the rule set: records at that level
  std::vector<std::size_t> incomplete_levels;  ///< per level: incomplete results at that level
  std::vector<std::size_t> fired;              ///< per rule: records it fired on
  std::vector<std::size_t> unresolved;         ///< per rule: records where it stayed unresolved
  /// Per level and rule, [level * rules + rule]: records at that level on which the rule fired.
  std::vector<std::size_t> fired_at;
  /// Per question: evaluated records that left it unanswered. Counted only with per_question
  /// (the summary JSON and the report show it; a run without them skips the work).
  std::vector<std::size_t> unanswered;
  bool per_question = true;
  /// An error record: where it is and why.
  struct Error {
    std::string input;
    std::size_t line = 0;
    std::size_t entry = 0;  ///< FHIR Bundle entry (1-based), 0 otherwise
    std::string reason;     ///< the error column's text
  };
  std::vector<Error> first_errors;  ///< the first few error records, in input order
  static constexpr std::size_t kErrorsKept = 10;
  /// The error records with one error code, and the first few of them. A record with errors of
  /// several codes counts under each.
  struct Reason {
    std::string code;
    std::size_t records = 0;
    std::vector<Error> examples;
  };
  std::vector<Reason> reasons;  ///< in the order their code first appeared
  static constexpr std::size_t kExamplesKept = 3;

  void reset(const Ruleset& ruleset);
  void count(const Result& result);
  /// Counts `record`, which has errors (in its answers, or else in `result`).
  void count_error(std::string_view input, const io::Record& record, const Result& result);
  void merge(const Tally& other);
  /// The reasons, most records first (ties in order of appearance).
  std::vector<const Reason*> ranked_reasons() const;
};

/// Writes output records: the header, then one record per input record. Keeps scratch space
/// between records: use one per thread (copies share nothing).
class RecordFormatter {
 public:
  /// `entries` adds the FHIR Bundle entry columns (entry, resource_id) to CSV output.
  RecordFormatter(const Ruleset& ruleset, OutputFormat format, std::vector<std::string> id_columns,
                  bool rationale, bool entries = false);
  /// The CSV header row (nothing for NDJSON).
  void header(std::string& out) const;
  /// Appends the record for `record`, evaluated into `result` (ignored when the record has
  /// errors, and then an error record is written).
  void write(std::string_view input, const io::Record& record, const Result& result,
             std::string& out);
  /// The error column's text, "line N: reason; reason": the errors of the record's answers, or
  /// else of `result`.
  static void reason(const io::Record& record, const Result& result, std::string& out);

 private:
  void write_csv(std::string_view input, const io::Record& record, const Result* result,
                 std::string_view error, std::string& out);
  void write_ndjson(std::string_view input, const io::Record& record, const Result* result,
                    std::string_view error, std::string& out);
  /// Writes the input, line and id cells of a CSV record (at most csv_prefix_bound() chars).
  char* write_csv_prefix(char* o, const io::Record& record) const;
  std::size_t csv_prefix_bound(const io::Record& record) const noexcept;
  /// Writes the derived values of `result` (at most values_bound_ chars): CSV cells (each after
  /// a comma) or the members of the NDJSON "values" object. Only when direct_.
  char* write_values(const Result& result, char* o) const;
  template <bool csv>
  char* write_values(const Result& result, char* o) const;
  /// The same through Result::values(), for rule sets that are not direct_.
  void append_named_values(const Result& result, std::string& out) const;
  bool direct(const Result& result) const noexcept {
    return direct_ && redflag::detail::trace_of(result).size() == trace_size_;
  }

  const Ruleset* ruleset_;
  OutputFormat format_;
  std::vector<std::string> id_columns_;
  bool rationale_, entries_;
  std::string hash_cell_;  // ",sha256:...": the content_hash cell, after a comma
  /// Per derived value, what writing it needs, worked out once: where evaluation left it (its
  /// index in the evaluation trace, detail::trace_of), its type, and for choices its options, each
  /// as a CSV cell and as a JSON string. `direct_` is false when some derived value is of another
  /// type (then Result::values() is used).
  struct DerivedColumn {
    std::uint32_t value = 0;
    QuestionType type = QuestionType::boolean;
    std::string json_key;  // "id":
    std::vector<std::string> csv_options, json_options;
  };
  std::vector<DerivedColumn> derived_;
  std::size_t trace_size_ = 0;
  bool direct_ = true;
  std::size_t values_bound_ = 0;  // the most write_values() writes
  std::size_t rules_bound_ = 0;   // the most the level, complete, fired and unresolved cells take
  // Scratch: the input's name and its CSV cell (escaped once per input), a record as it is
  // written, an error text.
  std::string input_, input_cell_, record_, error_;
};

/// Compresses text into one gzip member (RFC 1952); members one after another make one gzip file,
/// which every gzip reader reads whole. Keeps its deflate state between calls: one per thread.
class GzipMember {
 public:
  GzipMember();
  ~GzipMember();
  GzipMember(const GzipMember&) = delete;
  GzipMember& operator=(const GzipMember&) = delete;
  /// Sets `out` to `text` as one gzip member (level 1); false if zlib fails.
  bool compress(std::string_view text, std::string& out);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Where output records go: standard output, a device or FIFO written directly, or a regular
/// file written to a temporary file beside it and renamed into place by commit(). Until then no
/// file exists under the final name; abandon() (also run on SIGTERM, SIGINT, SIGHUP) removes the
/// temporary file. A name ending in ".gz" is written gzip-compressed: each write() as one gzip
/// member, or members compressed beforehand (by the threads that format the records) written
/// with write_compressed().
class Output {
 public:
  Output();
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  /// Opens `path` ("" or "-": standard output). False with `error` on failure.
  bool open(std::string_view path, std::string& error);
  /// Writes all of `bytes`; false with `error` (ENOSPC, EIO, EPIPE, ...).
  bool write(std::string_view bytes, std::string& error);
  /// Whether the output is gzip-compressed (named ".gz").
  bool compressed() const noexcept { return gzip_ != nullptr; }
  /// Writes a gzip member made by GzipMember (only when compressed()).
  bool write_compressed(std::string_view member, std::string& error);
  /// Flushes to disk and closes (a temporary file stays temporary).
  bool finish(std::string& error);
  /// finish(), then renames the temporary file into place.
  bool commit(std::string& error);
  /// Removes the temporary file, if any.
  void abandon() noexcept;

  /// Commits every output, or none: every one is finished before any is renamed into place, and
  /// when a rename fails the ones renamed before it are removed. On failure every temporary file
  /// is removed and `error` says why.
  static bool commit_all(std::span<Output* const> outputs, std::string& error);

 private:
  bool write_raw(std::string_view bytes, std::string& error);
  std::string name() const;

  int fd_ = -1;
  bool owned_ = false;
  std::string path_, temp_;
  // Of a temporary file: bytes written, and up to where the kernel was asked to write them out.
  std::uint64_t written_ = 0, flushing_ = 0;
  bool finished_ = false;
  std::unique_ptr<GzipMember> gzip_;  // for a ".gz" output
  std::string packed_;                // a member compressed by write()
};

/// Removes temporary output files when the process is told to stop (SIGTERM, SIGINT, SIGHUP),
/// then dies of the same signal.
void install_signal_cleanup();

/// An input of the run, for the summary and the report.
struct InputFile {
  std::string name;
  std::string sha256;  ///< "sha256:" and 64 hex digits; empty when not hashed (standard input)
};

/// The end-of-run summary.
struct Summary {
  const Ruleset* ruleset = nullptr;
  std::vector<InputFile> inputs;
  std::string output;                ///< "" for standard output
  std::string date;                  ///< when the run started, "YYYY-MM-DDTHH:MM:SSZ" (UTC)
  std::vector<std::string> command;  ///< the command line: "redflag", "batch", the arguments
  Tally tally;
};
/// The run's date: now, or SOURCE_DATE_EPOCH when that is set (reproducible outputs), as
/// "YYYY-MM-DDTHH:MM:SSZ".
std::string run_date();
/// "sha256:" and the SHA-256 of the file at `path`, read again from the start; empty for
/// standard input ("-") and anything that is not a regular file (it cannot be read twice), or
/// when reading fails (then `error` says why).
std::string file_sha256(std::string_view path, std::string& error);
/// For people, on standard error.
std::string summary_text(const Summary& summary);
/// --summary FILE.json.
std::string summary_json(const Summary& summary);
/// --report FILE.html: one self-contained page.
std::string report_html(const Summary& summary);

/// A one-line progress bar on standard error, redrawn at most a few times a second.
class Progress {
 public:
  Progress(bool enabled, std::optional<std::uint64_t> total_bytes);
  /// `records` so far; `bytes` of the input consumed so far.
  void update(std::size_t records, std::uint64_t bytes);
  /// Clears the bar.
  void finish();

 private:
  bool enabled_;
  std::optional<std::uint64_t> total_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

/// An opened input.
struct Source {
  std::string name;
  std::unique_ptr<io::RecordSource> source;
};

/// Screens every record of `sources` on `threads` threads (the calling one among them) and
/// writes their output records to `output`, one per input record, in input order; counts them
/// into `tally`. Returns an error message (a read or write failure), empty on success.
std::string screen(const Ruleset& ruleset, const RecordFormatter& formatter,
                   EvaluateOptions options, std::vector<Source>& sources, unsigned threads,
                   Output& output, Progress& progress, Tally& tally);

/// --init-mapping: the text of a first mapping file (JSON) for the CSV export `input`, from its
/// header row and its first `rows` rows, against `ruleset`: columns matched to questions by
/// name, boolean and blank spellings, choice codes and a decimal comma guessed from the cells,
/// the delimiter from the header, other columns ignored, and under "review" what a person must
/// check or decide. "" with `error` when the input has no header row or cannot be read.
std::string init_mapping(const Ruleset& ruleset, io::Input& input, std::size_t rows,
                         std::string& error);

}  // namespace redflag::cli::batch
