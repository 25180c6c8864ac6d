// redflag io: batch inputs as records (see records.hpp).
#include "io/records.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstring>

#include "io/csv.hpp"
#include "io/csv_row.hpp"
#include "io/excerpt.hpp"
#include "io/fhir.hpp"
#include "io/ndjson.hpp"

namespace redflag::io {

namespace {

namespace json = boost::json;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool blank_line(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

/// A resource's `id`, when it is a string; empty otherwise.
std::string_view resource_id(const json::value& resource) {
  const json::object* object = resource.if_object();
  const json::value* id = object ? object->if_contains("id") : nullptr;
  return id && id->is_string() ? std::string_view(id->get_string()) : std::string_view();
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) noexcept {
  if (name == "csv") return Format::csv;
  if (name == "ndjson" || name == "jsonl") return Format::ndjson;
  if (name == "fhir") return Format::fhir;
  return std::nullopt;
}

std::optional<Format> format_of_path(std::string_view path) noexcept {
  if (ends_with(path, ".gz")) path.remove_suffix(3);
  if (ends_with(path, ".csv")) return Format::csv;
  if (ends_with(path, ".ndjson") || ends_with(path, ".jsonl")) return Format::ndjson;
  if (ends_with(path, ".json")) return Format::fhir;
  return std::nullopt;
}

std::string_view to_string(Format format) noexcept {
  switch (format) {
    case Format::csv:
      return "csv";
    case Format::ndjson:
      return "ndjson";
    case Format::fhir:
      return "fhir";
  }
  return "?";
}

// ---- RecordSource -------------------------------------------------------------------------

RecordSource::RecordSource(std::unique_ptr<Input> input, const SourceOptions& options)
    : input_(std::move(input)), options_(options) {}

bool RecordSource::fill(std::string& error) {
  // buffer_ keeps its size between chunks (only used_ bytes of it hold input), so it is not
  // zero-filled again for every chunk: resize() only adds what the buffers have not held yet.
  const std::size_t block = std::max<std::size_t>(options_.chunk_bytes, 1 << 16);
  if (buffer_.size() < used_ + block) {
    // A record longer than a chunk gets room for the most the limit lets it hold, at once (no
    // growth by doubling, which would hold the old and the new buffer at once); only the pages
    // read into take memory. A buffer that held one before and now holds little is given back.
    if (buffer_.capacity() > 4 * block && used_ <= block) std::string(pending()).swap(buffer_);
    const std::size_t most =
        (layout_.document ? options_.max_document_bytes : options_.max_record_bytes) + 2 * block;
    if (buffer_.capacity() < used_ + block)
      buffer_.reserve(used_ + block <= 2 * block ? used_ + block : std::max(used_ + block, most));
    buffer_.resize(used_ + block);
  }
  const std::size_t got = input_->read(buffer_.data() + used_, block, error);
  used_ += got;
  if (got == 0) eof_ = true;
  return error.empty();
}

void RecordSource::hand_out(std::string& data, std::size_t cut) {
  // The buffer itself goes out (no copy of the chunk); the input after the cut (part of a
  // record) moves to the front of the buffer that comes back.
  data.swap(buffer_);
  const std::size_t rest = used_ - cut;
  if (buffer_.size() < rest) buffer_.resize(rest);
  if (rest) std::memcpy(buffer_.data(), data.data() + cut, rest);
  used_ = rest;
  data.resize(cut);
}

std::unique_ptr<RecordSource> RecordSource::open(std::unique_ptr<Input> input, const Binder& binder,
                                                 const SourceOptions& options, std::string& error) {
  const std::string name = input->name();
  const std::optional<Format> format = options.format ? options.format : format_of_path(name);
  if (!format) {
    error = "cannot tell the format of " + name +
            " from its name (.csv, .ndjson, .jsonl, .json, optionally .gz); give --format";
    return nullptr;
  }
  std::unique_ptr<RecordSource> source(new RecordSource(std::move(input), options));
  Layout& layout = source->layout_;
  layout.format = *format;
  layout.binder = &binder;
  layout.max_record_bytes = options.max_record_bytes;
  layout.max_document_bytes = options.max_document_bytes;
  if (*format == Format::fhir) {
    // One JSON document: read it whole, up to the limit (then next() makes it an error record).
    layout.document = true;
    while (!source->eof_ && source->used_ <= options.max_document_bytes)
      if (!source->fill(error)) return nullptr;
    return source;
  }
  if (*format != Format::csv) return source;

  // The header row names the fields. Where it ends depends on the delimiter (a quote opens a
  // field only after one); one the mapping leaves to be detected is any of ',', ';' and tab here.
  const Mapping* mapping = binder.mapping();
  const char given = !mapping ? ',' : mapping->delimiter;
  const char header_delimiter = given == Mapping::kAutoDelimiter ? kAnyDelimiter : given;
  std::size_t lines = 0, end = std::string_view::npos;
  while ((end = csv_record_end(source->pending(), lines, header_delimiter)) ==
             std::string_view::npos &&
         !source->eof_ && source->used_ <= options.max_record_bytes)
    if (!source->fill(error)) return nullptr;
  if (end == std::string_view::npos) end = source->used_;
  if (end > options.max_record_bytes) {
    // Not quoted: a header this long is not one (a binary file, a decompression bomb).
    error = name + ":1: the header row is longer than the limit of " +
            std::to_string(options.max_record_bytes) + " bytes (is this a CSV export?)";
    return nullptr;
  }
  std::string header(source->buffer_.data(), end);
  source->used_ -= end;
  std::memmove(source->buffer_.data(), source->buffer_.data() + end, source->used_);
  source->line_ = 2 + lines;
  if (header.starts_with(kBom)) header.erase(0, kBom.size());
  if (!header.empty() && header.back() == '\n') header.pop_back();
  if (header.empty() || header == "\r") {
    error = name + ": no header row (the first line of a CSV input names its columns)";
    return nullptr;
  }
  layout.delimiter = given == Mapping::kAutoDelimiter ? csv_detect_delimiter(header) : given;
  std::vector<std::string_view> names;
  std::string why;
  if (!csv_split(header.data(), header.data() + header.size(), names, why, layout.delimiter)) {
    error = name + ":1: bad header row: " + why;
    return nullptr;
  }
  if (!binder.resolve_header(names, name, layout.columns, error)) return nullptr;
  return source;
}

std::size_t RecordSource::complete_records(std::string& error) {
  while (used_ < options_.chunk_bytes && !eof_)
    if (!fill(error)) return 0;
  // The end of the last whole record in the buffer.
  const auto complete = [&] {
    if (eof_) return used_;
    if (layout_.format == Format::csv) return csv_complete_prefix(pending(), layout_.delimiter);
    const auto* nl = static_cast<const char*>(memrchr(buffer_.data(), '\n', used_));
    return nl ? std::size_t(nl - buffer_.data()) + 1 : std::size_t(0);
  };
  std::size_t cut = complete();
  while (cut == 0 && !eof_) {
    // One record longer than a chunk: read on, up to the limit.
    if (used_ > options_.max_record_bytes) return std::string_view::npos;
    if (!fill(error)) return 0;
    cut = complete();
  }
  return cut;
}

bool RecordSource::skip_record(Chunk& chunk, std::string& error) {
  // Reads on through the record, keeping only the state of the search for its end (CSV: inside
  // quotes or not), until the line feed that ends it, the end of the input, or max_skip_bytes.
  const std::uint64_t give_up = std::uint64_t(options_.max_record_bytes) + options_.max_skip_bytes;
  CsvRecordScan scan(layout_.delimiter);
  std::uint64_t bytes = 0;
  std::size_t end = std::string_view::npos;
  for (;;) {
    if (layout_.format == Format::csv) {
      end = scan.feed(pending());
    } else if (const auto* nl =
                   static_cast<const char*>(std::memchr(buffer_.data(), '\n', used_))) {
      end = std::size_t(nl - buffer_.data()) + 1;
    }
    if (end != std::string_view::npos) break;
    bytes += used_;
    used_ = 0;
    if (eof_) break;  // the record ends with the input
    if (bytes >= give_up) {
      stopped_ = true;
      break;
    }
    if (!fill(error)) return false;
  }
  if (end != std::string_view::npos) {
    bytes += end;
    used_ -= end;
    std::memmove(buffer_.data(), buffer_.data() + end, used_);
  }
  chunk.data.clear();
  chunk.skipped = bytes;
  chunk.skipped_in_quotes = scan.quoted;  // never closed
  chunk.rest_unread = stopped_;
  chunk.first_line = line_;
  // Its line feeds: those inside quotes, and the one that ends it.
  line_ += scan.lines + (end != std::string_view::npos);
  chunk.last_line = std::max(chunk.first_line, line_ - 1);
  return true;
}

bool RecordSource::next(Chunk& chunk, std::string& error) {
  // chunk.data is not cleared before it is swapped with the buffer: a string that keeps its
  // size is not zero-filled again when the next read grows it (see fill()).
  std::string& data = chunk.data;
  chunk.skipped = 0;
  chunk.rest_unread = false;
  if (layout_.document) {
    // The whole document is one chunk.
    if (handed_out_) {
      data.clear();
      return false;
    }
    handed_out_ = true;
    chunk.first_line = 1;
    if (used_ > options_.max_document_bytes) {
      // Too long to read whole: one error record, and the input is read no further.
      chunk.skipped = used_;
      chunk.last_line = 1;
      chunk.rest_unread = !eof_;
      data.clear();
      used_ = 0;
      return true;
    }
    hand_out(data, used_);
    return true;
  }
  if (stopped_) {
    data.clear();
    return false;
  }
  const std::size_t cut = complete_records(error);
  if (cut == std::string_view::npos) return skip_record(chunk, error);
  if (cut == 0) {
    data.clear();
    return false;
  }
  // Without quotes every line feed ends a record (or an empty line): the parser need not look
  // for quotes record by record.
  chunk.quotes = layout_.format != Format::csv || std::memchr(buffer_.data(), '"', cut);
  hand_out(data, cut);
  chunk.first_line = line_;
  for (const char *p = data.data(), *end = p + data.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', std::size_t(end - p)))); ++p)
    ++line_;
  return true;
}

// ---- RecordParser -------------------------------------------------------------------------

struct RecordParser::Document {
  json::value document;
  std::vector<const json::value*> resources;
  std::size_t next = 0;
  bool parsed = false;
  bool lines = false;  // the "document" turned out to be NDJSON
};

RecordParser::RecordParser(const Layout& layout)
    : layout_(layout),
      answers_(layout.binder->ruleset()),
      ids_(layout.binder->id_columns().size()) {
  if (layout.format == Format::csv)
    csv_ = std::make_unique<CsvRowBinder>(*layout.binder, layout.columns);
}

RecordParser::~RecordParser() = default;

void RecordParser::reset(Chunk& chunk) {
  chunk_ = &chunk;
  pos_ = 0;
  line_ = chunk.first_line;
  if (layout_.document) document_ = std::make_unique<Document>();
}

void RecordParser::start_record() {
  answers_.clear();
  clear_ids();
}

void RecordParser::clear_ids() {
  for (std::string& id : ids_)  // (sized once, by the constructor)
    id.clear();
}

void RecordParser::fail(std::string code, std::string message) {
  answers_.add_error({"", std::move(code), std::move(message)});
}

bool RecordParser::next(Record& record) {
  if (!chunk_) return false;
  if (chunk_->skipped) {
    if (pos_ != 0) return false;
    pos_ = 1;
    too_long(record, chunk_->skipped, chunk_->first_line, chunk_->last_line);
    return true;
  }
  if (layout_.document && !(document_ && document_->lines)) return next_document(record);
  if (layout_.format == Format::csv) return next_csv(record);
  return next_line(record);
}

bool RecordParser::next_csv(Record& record) {
  std::string& data = chunk_->data;
  // Empty lines are not records.
  while (pos_ < data.size() &&
         (data[pos_] == '\n' ||
          (data[pos_] == '\r' && pos_ + 1 < data.size() && data[pos_ + 1] == '\n'))) {
    pos_ += data[pos_] == '\n' ? 1 : 2;
    ++line_;
  }
  if (pos_ >= data.size()) return false;
  std::size_t lines = 0, end = data.size();
  bool quoted = false;
  if (chunk_->quotes) {
    const std::size_t length =
        csv_record_end(std::string_view(data).substr(pos_), lines, quoted, layout_.delimiter);
    if (length != std::string_view::npos) end = pos_ + length;
  } else if (const auto* nl = static_cast<const char*>(
                 std::memchr(data.data() + pos_, '\n', data.size() - pos_))) {
    end = std::size_t(nl - data.data()) + 1;
  }
  if (end - pos_ > layout_.max_record_bytes) {
    too_long(record, end - pos_, line_, line_ + lines);
    line_ += 1 + lines;
    pos_ = end;
    return true;
  }
  char* first = data.data() + pos_;
  char* last = data.data() + end;
  if (last > first && last[-1] == '\n') --last;
  // The fast path below writes every question a column binds: it need not clear them first.
  // The fast path is for comma-separated records without quotes.
  if (layout_.delimiter != ',') quoted = true;
  if (quoted) {
    start_record();
  } else {
    csv_->start(answers_);
    clear_ids();
  }
  record.line = line_;
  record.entry = 0;
  record.resource_id = {};
  std::string why;
  if (!quoted) {
    // The fast path: split and bind in one pass. It reads a word past the end of the record:
    // a record within a word of the end of the chunk is copied out first, with padding.
    if (last > first && last[-1] == '\r') --last;
    constexpr std::size_t kPadding = CsvRowBinder::kPadding;
    if (std::size_t(data.data() + data.size() - last) < kPadding) {
      scratch_.assign(first, last);
      scratch_.append(kPadding, '\n');
      first = scratch_.data();
      last = first + (scratch_.size() - kPadding);
    }
    const std::size_t fields = csv_->bind_unquoted(first, last, answers_, ids_);
    if (fields != layout_.columns.size()) {
      answers_.clear();  // only the ragged-row error; the ids are kept
      fail("ragged-row", std::to_string(fields) + (fields == 1 ? " field" : " fields") +
                             ", but the header has " + std::to_string(layout_.columns.size()));
    }
  } else if (!csv_split(first, last, fields_, why, layout_.delimiter) ||
             fields_.size() != layout_.columns.size()) {
    if (!why.empty()) {
      fail("invalid-csv", why);
    } else {
      fail("ragged-row", std::to_string(fields_.size()) +
                             (fields_.size() == 1 ? " field" : " fields") +
                             ", but the header has " + std::to_string(layout_.columns.size()));
    }
    // The ids still help find the record (those of the fields read before a CSV error).
    for (std::size_t i = 0; i < std::min(fields_.size(), layout_.columns.size()); ++i)
      if (layout_.columns[i].kind == Field::Kind::id)
        ids_[layout_.columns[i].index].assign(fields_[i]);
  } else {
    for (std::size_t i = 0; i < fields_.size(); ++i)
      csv_->bind(i, fields_[i], answers_, ids_);
  }
  // A record that ends without a line feed ends the input; any quoted line feeds count.
  line_ += 1 + lines;
  pos_ = end;
  record.ids = ids_;
  record.answers = &answers_;
  return true;
}

void RecordParser::read_json_line(std::string_view line) {
  if (!json_) json_ = std::make_unique<JsonRecordReader>(*layout_.binder);
  if (layout_.format == Format::ndjson &&
      json_->read(line, answers_, ids_) == JsonRecordReader::Kind::answers)
    return;
  // A FHIR resource on one line.
  start_record();
  json::error_code ec;
  const json::value resource = json::parse(json::string_view(line.data(), line.size()), ec);
  if (ec) return fail("invalid-json", "invalid JSON: " + ec.message());
  read_questionnaire_response(resource, *layout_.binder, answers_, ids_);
}

bool RecordParser::next_line(Record& record) {
  const std::string& data = chunk_->data;
  for (;;) {
    if (pos_ >= data.size()) return false;
    std::size_t end = data.find('\n', pos_);
    if (end == std::string::npos) end = data.size();
    const std::string_view line(data.data() + pos_, end - pos_);
    pos_ = end + 1;
    const std::size_t at = line_++;
    if (line.size() >= layout_.max_record_bytes) {  // with its line feed, over the limit
      too_long(record, line.size() + 1, at, at);
      return true;
    }
    if (blank_line(line)) continue;
    record.line = at;
    record.entry = 0;
    record.resource_id = {};
    read_json_line(line);
    record.ids = ids_;
    record.answers = &answers_;
    return true;
  }
}

bool RecordParser::next_document(Record& record) {
  Document& doc = *document_;
  const std::string& data = chunk_->data;
  if (!doc.parsed) {
    doc.parsed = true;
    if (blank_line(std::string_view(data)) ||
        data.find_first_not_of(" \t\r\n") == std::string::npos)
      return false;  // an empty input: no records
    json::parser parser;
    json::error_code ec;
    const std::size_t used = parser.write_some(data.data(), data.size(), ec);
    if (!ec && data.find_first_not_of(" \t\r\n", used) != std::string::npos) {
      // More than one JSON value: NDJSON of resources.
      doc.lines = true;
      return next_line(record);
    }
    if (ec) {
      start_record();
      const auto before = std::string_view(data).substr(0, std::min(used, data.size()));
      record.line = line_ + std::size_t(std::count(before.begin(), before.end(), '\n'));
      record.entry = 0;
      record.resource_id = {};
      fail("invalid-json", "invalid JSON: " + ec.message());
      record.ids = ids_;
      record.answers = &answers_;
      doc.next = std::size_t(-1);
      return true;
    }
    doc.document = parser.release();
    doc.resources = fhir_resources(doc.document);
  }
  if (doc.next >= doc.resources.size()) return false;
  const std::size_t index = doc.next++;
  read_questionnaire_response(*doc.resources[index], *layout_.binder, answers_, ids_);
  record.line = line_;
  record.entry = doc.resources[index] == &doc.document ? 0 : index + 1;
  record.resource_id = {};
  if (record.entry) record.resource_id = resource_id(*doc.resources[index]);
  record.ids = ids_;
  record.answers = &answers_;
  return true;
}

void RecordParser::too_long(Record& record, std::uint64_t bytes, std::size_t line,
                            std::size_t last_line) {
  start_record();
  const std::string limit = std::to_string(layout_.max_record_bytes);
  const bool csv = layout_.format == Format::csv;
  std::string message;
  if (layout_.document && !(document_ && document_->lines)) {
    message = "the FHIR document is longer than the limit of " +
              std::to_string(layout_.max_document_bytes) +
              " bytes: not read (a big export reads in bounded memory as NDJSON, one resource a "
              "line)";
  } else if (chunk_->rest_unread && chunk_->skipped) {
    message = std::string(csv ? "the record" : "the line") + " is longer than the limit of " +
              limit + " bytes and does not end within the " + std::to_string(bytes) +
              " bytes read: the input was not read past line " + std::to_string(line);
  } else {
    message = std::string(csv ? "the record" : "the line") + " is longer than the limit of " +
              limit + " bytes (" + std::to_string(bytes) + " bytes";
    if (last_line > line)
      message += ", lines " + std::to_string(line) + "-" + std::to_string(last_line);
    message += "): not read";
  }
  if (csv && chunk_->skipped && chunk_->skipped_in_quotes)
    message += " (a quoted field in it is never closed: a missing closing quote?)";
  fail("record-too-long", std::move(message));
  record.line = line;
  record.entry = 0;
  record.ids = ids_;
  record.answers = &answers_;
}

// ---- RecordReader -------------------------------------------------------------------------

bool RecordReader::open(std::string_view path, const Binder& binder, const SourceOptions& options,
                        std::string& error) {
  std::unique_ptr<Input> input = Input::open(path, error);
  return input && open(std::move(input), binder, options, error);
}

bool RecordReader::open(std::unique_ptr<Input> input, const Binder& binder,
                        const SourceOptions& options, std::string& error) {
  source_ = RecordSource::open(std::move(input), binder, options, error);
  if (!source_) return false;
  parser_ = std::make_unique<RecordParser>(source_->layout());
  chunk_.data.clear();
  parser_->reset(chunk_);
  return true;
}

bool RecordReader::next(Record& record) {
  if (!source_) return false;
  while (!parser_->next(record)) {
    if (!source_->next(chunk_, error_)) return false;
    parser_->reset(chunk_);
  }
  return true;
}

}  // namespace redflag::io
