// redflag io: batch inputs as records (see records.hpp).
#include "io/records.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "io/csv.hpp"
#include "io/fhir.hpp"
#include "io/ndjson.hpp"

namespace redflag::io {

// How one CSV column's cells bind: what Binder::bind_text() does, worked out once per column.
// A cell is looked up in a small table (compared by length and first byte before the bytes),
// then bound with the typed setters of Answers; what the table does not hold takes the same
// path as Binder::bind_text(). tests/unit/records_test.cpp checks that both agree.
struct RecordParser::CellPlan {
  enum class Action : std::uint8_t { blank, boolean, number, option, value };
  struct Entry {
    std::string_view text;  // into the mapping, the binder or the rule set (they outlive this)
    Action action = Action::blank;
    bool boolean = false;
    double number = 0;
    std::size_t option = 0;
    Value value;  // Action::value: set as it is (and checked) by Answers::set
  };
  // The common cases, bound inline before the general path (bind_cell): a boolean question whose
  // only codes are true and false, a numeric question without codes (whole numbers).
  enum class Fast : std::uint8_t { none, booleans, number };
  Field field;
  QuestionType type = QuestionType::text;
  Fast fast = Fast::none;
  // First match wins, in Binder::bind_text()'s order: the mapping's blank codes, the column's
  // codes, then the boolean codes (boolean questions) or the option ids (choice questions).
  std::vector<Entry> entries;
};

namespace {

namespace json = boost::json;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool blank_line(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
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
  const std::size_t block = std::max<std::size_t>(options_.chunk_bytes, 1 << 16);
  const std::size_t old = buffer_.size();
  buffer_.resize(old + block);
  const std::size_t got = input_->read(buffer_.data() + old, block, error);
  buffer_.resize(old + got);
  if (got == 0) eof_ = true;
  return error.empty();
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
  if (*format == Format::fhir) {
    // One JSON document: read it whole.
    layout.document = true;
    while (!source->eof_)
      if (!source->fill(error)) return nullptr;
    return source;
  }
  if (*format != Format::csv) return source;

  // The header row names the fields.
  std::size_t lines = 0, end = std::string_view::npos;
  while ((end = csv_record_end(source->buffer_, lines)) == std::string_view::npos && !source->eof_)
    if (!source->fill(error)) return nullptr;
  if (end == std::string_view::npos) end = source->buffer_.size();
  std::string header = source->buffer_.substr(0, end);
  source->buffer_.erase(0, end);
  source->line_ = 2 + lines;
  if (header.starts_with(kBom)) header.erase(0, kBom.size());
  if (!header.empty() && header.back() == '\n') header.pop_back();
  if (header.empty() || header == "\r") {
    error = name + ": no header row (the first line of a CSV input names its columns)";
    return nullptr;
  }
  std::vector<std::string_view> names;
  std::string why;
  if (!csv_split(header.data(), header.data() + header.size(), names, why)) {
    error = name + ":1: bad header row: " + why;
    return nullptr;
  }
  std::vector<int> question_column(binder.ruleset().questions().size(), 0);
  std::vector<int> id_column(binder.id_columns().size(), 0);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::optional<Field> field = binder.resolve(names[i], why);
    const std::string at = name + ":1: column " + std::to_string(i + 1) + " ";
    if (!field) {
      error = at + why;
      return nullptr;
    }
    int* first = field->kind == Field::Kind::question ? &question_column[field->index]
                 : field->kind == Field::Kind::id     ? &id_column[field->index]
                                                      : nullptr;
    if (first && *first) {
      error = at + "('" + std::string(names[i]) + "') gives the same " +
              (field->kind == Field::Kind::id ? "id column" : "question") + " as column " +
              std::to_string(*first);
      return nullptr;
    }
    if (first) *first = int(i + 1);
    layout.columns.push_back(*field);
  }
  for (std::size_t i = 0; i < id_column.size(); ++i) {
    if (!id_column[i]) {
      error = name + ":1: no column '" + binder.id_columns()[i] + "' (asked for as an id column)";
      return nullptr;
    }
  }
  return source;
}

bool RecordSource::next(Chunk& chunk, std::string& error) {
  std::string& data = chunk.data;
  data.clear();
  if (layout_.document) {
    // The whole document is one chunk.
    if (handed_out_) return false;
    handed_out_ = true;
    data.swap(buffer_);
    chunk.first_line = 1;
    return true;
  }
  while (buffer_.size() < options_.chunk_bytes && !eof_)
    if (!fill(error)) return false;
  std::size_t cut = buffer_.size();
  if (!eof_) {
    cut = layout_.format == Format::csv ? csv_complete_prefix(buffer_) : [&] {
      const auto* nl = static_cast<const char*>(memrchr(buffer_.data(), '\n', buffer_.size()));
      return nl ? std::size_t(nl - buffer_.data()) + 1 : std::size_t(0);
    }();
    while (cut == 0 && !eof_) {
      // One record longer than a chunk: read on, up to the limit.
      if (buffer_.size() >= options_.max_record_bytes) {
        const auto* nl =
            static_cast<const char*>(std::memchr(buffer_.data(), '\n', buffer_.size()));
        if (!nl) {
          error = input_->name() + ":" + std::to_string(line_) + ": a line longer than " +
                  std::to_string(options_.max_record_bytes) + " bytes";
          return false;
        }
        // A quoted field running on past the limit (an unterminated quote): cut the record at
        // its first line; the parser reports it.
        cut = std::size_t(nl - buffer_.data()) + 1;
        break;
      }
      if (!fill(error)) return false;
      cut = eof_ ? buffer_.size()
                 : (layout_.format == Format::csv ? csv_complete_prefix(buffer_) : [&] {
                     const auto* nl =
                         static_cast<const char*>(memrchr(buffer_.data(), '\n', buffer_.size()));
                     return nl ? std::size_t(nl - buffer_.data()) + 1 : std::size_t(0);
                   }());
    }
  }
  if (cut == 0) return false;
  // Hand the buffer itself out and keep only what follows the cut (part of a record): no copy
  // of the chunk.
  data.swap(buffer_);
  buffer_.assign(data, cut);
  data.resize(cut);
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

namespace {

bool numeric(QuestionType type) {
  return type == QuestionType::integer || type == QuestionType::number;
}

/// std::from_chars of the whole cell, with a fast path for short whole numbers (exact: at most
/// 15 digits), which give the same double.
bool parse_number(std::string_view text, double& d) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  if (p != end && end - p <= 15) {
    std::uint64_t n = 0;
    const char* q = p;
    for (; q != end && static_cast<unsigned>(*q - '0') < 10; ++q)
      n = n * 10 + static_cast<unsigned>(*q - '0');
    if (q == end) {
      d = negative ? -double(n) : double(n);
      return true;
    }
  }
  const auto [stop, ec] = std::from_chars(text.data(), end, d);
  return ec == std::errc() && stop == end;
}

}  // namespace

RecordParser::RecordParser(const Layout& layout)
    : layout_(layout), answers_(layout.binder->ruleset()) {
  if (layout.format != Format::csv) return;
  const Binder& binder = *layout.binder;
  const auto questions = binder.ruleset().questions();
  using Action = CellPlan::Action;
  using Entry = CellPlan::Entry;
  plan_.reserve(layout.columns.size());
  for (const Field& field : layout.columns) {
    CellPlan& plan = plan_.emplace_back();
    plan.field = field;
    if (field.kind != Field::Kind::question) continue;
    const Question& question = questions[field.index];
    plan.type = question.type;
    const auto add = [&](std::string_view text, Entry entry) {
      if (text.empty()) return;  // an empty cell is always blank
      for (const Entry& e : plan.entries)
        if (e.text == text) return;  // an earlier entry wins, as in bind_text
      entry.text = text;
      plan.entries.push_back(entry);
    };
    const auto add_value = [&](std::string_view text, const Value& value) {
      Entry e;
      e.action = Action::value;
      e.value = value;
      if (value.kind == Value::Kind::boolean && question.type == QuestionType::boolean) {
        e.action = Action::boolean;
        e.boolean = value.boolean;
      } else if (value.kind == Value::Kind::number && numeric(question.type)) {
        e.action = Action::number;
        e.number = value.number;
      } else if (value.kind == Value::Kind::choice && question.type == QuestionType::choice) {
        for (std::size_t i = 0; i < question.options.size(); ++i) {
          if (question.options[i].id == value.text) {
            e.action = Action::option;
            e.option = i;
            break;
          }
        }
      }
      add(text, e);
    };
    if (const Mapping* mapping = binder.mapping())
      for (const std::string& blank : mapping->blank)
        add(blank, Entry{});
    if (field.codes) {
      for (const Code& code : *field.codes) {
        Value v = code.value();
        if (v.kind == Value::Kind::choice && question.type == QuestionType::text)
          v.kind = Value::Kind::text;
        add_value(code.code, v);
      }
    }
    if (question.type == QuestionType::boolean)
      for (const Code& code : binder.boolean_codes())
        add_value(code.code, code.value());
    if (question.type == QuestionType::choice) {
      for (std::size_t i = 0; i < question.options.size(); ++i) {
        Entry e;
        e.action = Action::option;
        e.option = i;
        add(question.options[i].id, e);
      }
    }
    const auto& e = plan.entries;
    if (question.type == QuestionType::boolean && e.size() == 2 && e[0].text == "true" &&
        e[0].action == Action::boolean && e[0].boolean && e[1].text == "false" &&
        e[1].action == Action::boolean && !e[1].boolean)
      plan.fast = CellPlan::Fast::booleans;
    if (numeric(question.type) && e.empty()) plan.fast = CellPlan::Fast::number;
  }
  for (const CellPlan& plan : plan_) {
    HotCell& cell = hot_.emplace_back();
    cell.index = std::uint32_t(plan.field.index);
    cell.what = plan.field.kind == Field::Kind::id         ? HotCell::id
                : plan.field.kind != Field::Kind::question ? HotCell::skip
                : plan.fast == CellPlan::Fast::booleans    ? HotCell::booleans
                : plan.fast == CellPlan::Fast::number      ? HotCell::number
                                                           : HotCell::other;
  }
}

RecordParser::~RecordParser() = default;

[[gnu::noinline]] void RecordParser::bind_cell(const CellPlan& plan, std::string_view text) {
  if (text.empty()) return;
  const std::size_t q = plan.field.index;
  const std::size_t n = text.size();
  const char* const t = text.data();
  for (const CellPlan::Entry& e : plan.entries) {
    // Codes are a few bytes long: an inline loop beats a call to memcmp.
    if (e.text.size() != n || e.text[0] != t[0]) continue;
    std::size_t i = 1;
    while (i < n && e.text[i] == t[i])
      ++i;
    if (i != n) continue;
    switch (e.action) {
      case CellPlan::Action::blank:
        return;
      case CellPlan::Action::boolean:
        answers_.set_boolean(q, e.boolean);
        return;
      case CellPlan::Action::number:
        answers_.set_number(q, e.number);
        return;
      case CellPlan::Action::option:
        answers_.set_option(q, e.option);
        return;
      case CellPlan::Action::value:
        answers_.set(q, e.value);
        return;
    }
  }
  switch (plan.type) {
    case QuestionType::integer:
    case QuestionType::number: {
      double d = 0;
      if (parse_number(text, d)) {
        answers_.set_number(q, d);
        return;
      }
      break;
    }
    case QuestionType::choice:
      // Not an option id (those are in the table): rejected with the options listed.
      answers_.set(q, Value::choice(text));
      return;
    case QuestionType::boolean:
    case QuestionType::text:
      break;
  }
  // Text for a text question; anything else is rejected by Answers with a message that says
  // what the question expects.
  answers_.set(q, Value::text_value(text));
}

void RecordParser::reset(Chunk& chunk) {
  chunk_ = &chunk;
  pos_ = 0;
  line_ = chunk.first_line;
  if (layout_.document) document_ = std::make_unique<Document>();
}

void RecordParser::start_record() {
  answers_.clear();
  ids_.resize(layout_.binder->id_columns().size());
  for (std::string& id : ids_)
    id.clear();
}

void RecordParser::fail(std::string code, std::string message) {
  answers_.add_error({"", std::move(code), std::move(message)});
}

bool RecordParser::next(Record& record) {
  if (!chunk_) return false;
  if (layout_.document && !(document_ && document_->lines)) return next_document(record);
  if (layout_.format == Format::csv) return next_csv(record);
  return next_line(record);
}

std::size_t RecordParser::bind_unquoted(const char* first, const char* last) {
  // One pass, field by field. The common cells (blank, true, false, a whole number) are
  // recognised where they start, together with the comma that ends them; anything else finds
  // its comma with memchr and takes the general path (bind_cell), as a quoted record does.
  if (last > first && last[-1] == '\r') --last;
  std::uint32_t true_word, fals_word;  // the first four bytes of "true" and "false"
  std::memcpy(&true_word, "true", 4);
  std::memcpy(&fals_word, "fals", 4);
  const std::size_t columns = hot_.size();
  std::size_t column = 0;
  const char* p = first;
  for (;; ++column) {
    const char* end = nullptr;  // where the field ends, once it is bound
    if (column < columns) {
      const HotCell cell = hot_[column];
      if (cell.what >= HotCell::booleans && (p == last || *p == ',')) {
        end = p;  // blank: unanswered
      } else if (cell.what == HotCell::booleans && last - p >= 6) {
        // "true," or "false," told apart without a branch each (random answers would
        // mispredict one); p[4] and p[5] lie inside the record.
        std::uint32_t word;
        std::memcpy(&word, p, 4);
        const unsigned is_true = unsigned(word == true_word) & unsigned(p[4] == ',');
        const unsigned is_false =
            unsigned(word == fals_word) & unsigned(p[4] == 'e') & unsigned(p[5] == ',');
        if (const unsigned code = is_true | is_false << 1) {  // one branch, well predicted
          answers_.set_boolean(cell.index, (code & 1) != 0);
          end = p + 4 + (code >> 1);
        }
      } else if (cell.what == HotCell::number) {
        // A whole number of at most 15 digits is exact; from_chars reads it the same.
        const char* q = p + (*p == '-');
        const char* const digits = q;
        std::uint64_t v = 0;
        for (; q != last && q - digits < 16; ++q) {
          const auto digit = static_cast<unsigned>(*q - '0');
          if (digit > 9) break;
          v = v * 10 + digit;
        }
        if (q != digits && q - digits <= 15 && (q == last || *q == ',')) {
          answers_.set_number(cell.index, *p == '-' ? -double(v) : double(v));
          end = q;
        }
      }
      if (!end) {
        // Cells are short: look at 16 bytes before calling memchr.
        const char* q = p;
        const char* const near = last - p > 16 ? p + 16 : last;
        while (q != near && *q != ',')
          ++q;
        if (q == near && near != last) {
          const auto* comma = static_cast<const char*>(std::memchr(q, ',', std::size_t(last - q)));
          q = comma ? comma : last;
        }
        end = q;
        const std::string_view text(p, std::size_t(end - p));
        if (cell.what == HotCell::id) {
          ids_[cell.index].assign(text);
        } else if (cell.what != HotCell::skip && !text.empty()) {
          bind_cell(plan_[column], text);
        }
      }
    } else {
      // More fields than columns (a ragged row): count them.
      const auto* comma = static_cast<const char*>(std::memchr(p, ',', std::size_t(last - p)));
      end = comma ? comma : last;
    }
    if (end == last) return column + 1;
    p = end + 1;
  }
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
  std::size_t lines = 0;
  bool quoted = false;
  const std::size_t length = csv_record_end(std::string_view(data).substr(pos_), lines, quoted);
  const std::size_t end = length == std::string_view::npos ? data.size() : pos_ + length;
  char* first = data.data() + pos_;
  char* last = data.data() + end;
  if (last > first && last[-1] == '\n') --last;
  start_record();
  record.line = line_;
  record.entry = 0;
  std::string why;
  if (!quoted) {
    // The fast path: split and bind in one pass.
    const std::size_t fields = bind_unquoted(first, last);
    if (fields != layout_.columns.size()) {
      answers_.clear();  // only the ragged-row error; the ids are kept
      fail("ragged-row", std::to_string(fields) + (fields == 1 ? " field" : " fields") +
                             ", but the header has " + std::to_string(layout_.columns.size()));
    }
  } else if (!csv_split(first, last, fields_, why)) {
    fail("invalid-csv", why);
  } else if (fields_.size() != layout_.columns.size()) {
    fail("ragged-row", std::to_string(fields_.size()) +
                           (fields_.size() == 1 ? " field" : " fields") + ", but the header has " +
                           std::to_string(layout_.columns.size()));
    // The ids still help find the record.
    for (std::size_t i = 0; i < std::min(fields_.size(), layout_.columns.size()); ++i)
      if (layout_.columns[i].kind == Field::Kind::id)
        ids_[layout_.columns[i].index].assign(fields_[i]);
  } else {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const CellPlan& plan = plan_[i];
      if (plan.field.kind == Field::Kind::question) {
        bind_cell(plan, fields_[i]);
      } else if (plan.field.kind == Field::Kind::id) {
        ids_[plan.field.index].assign(fields_[i]);
      }
    }
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
    if (blank_line(line)) continue;
    record.line = at;
    record.entry = 0;
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
  record.ids = ids_;
  record.answers = &answers_;
  return true;
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
