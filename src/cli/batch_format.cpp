// redflag CLI: `redflag batch` output records (see batch.hpp and docs/batch.md).
#include <algorithm>
#include <charconv>
#include <cstring>

#include "batch.hpp"
#include "eval/program.hpp"
#include "io/csv.hpp"
#include "io/json_writer.hpp"
#include "result_impl.hpp"

namespace redflag::cli::batch {
namespace {

void append_size(std::string& out, std::size_t n) {
  char buffer[24];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, n).ptr);
}

/// A value as a CSV cell: true/false, a number, an option id or text; empty when unknown.
void append_cell_value(std::string& out, const Value& value) {
  switch (value.kind) {
    case Value::Kind::unknown:
      return;
    case Value::Kind::boolean:
      out += value.boolean ? "true" : "false";
      return;
    case Value::Kind::number:
      io::append_number(out, value.number);
      return;
    case Value::Kind::choice:
    case Value::Kind::text:
      io::csv_append_field(out, value.text);
      return;
  }
}

/// The rationale in one line: "rule: because [q = v, ...] | ... | unresolved rule: needs q, ...".
void append_rationale(std::string& out, const Result& result) {
  std::string text;
  for (const FiredRule& fired : result.fired()) {
    if (!text.empty()) text += " | ";
    text += fired.rule->id + ": " + fired.rule->because + " [";
    bool first = true;
    for (const Evidence& e : fired.answers) {
      text += first ? "" : ", ";
      first = false;
      text.append(e.question);
      if (e.value.known()) {
        text += " = ";
        io::append_value(text, e.value);
      } else {
        text += " unanswered";
      }
    }
    text += "]";
  }
  for (const UnresolvedRule& unresolved : result.unresolved()) {
    if (!text.empty()) text += " | ";
    text += "unresolved " + unresolved.rule->id + ": needs ";
    bool first = true;
    for (std::string_view q : unresolved.missing) {
      text += first ? "" : ", ";
      first = false;
      text.append(q);
    }
  }
  io::csv_append_field(out, text);
}

}  // namespace

RecordFormatter::RecordFormatter(const Ruleset& ruleset, OutputFormat format,
                                 std::vector<std::string> id_columns, bool rationale, bool entries)
    : ruleset_(&ruleset),
      format_(format),
      id_columns_(std::move(id_columns)),
      rationale_(rationale),
      entries_(entries) {
  hash_cell_ = ',';
  hash_cell_ += ruleset.content_hash();
  // Result::values() builds a NamedValue per derived value on every call; the output needs only
  // their text, read straight from the evaluation's trace as Result::values() would convert it.
  const detail::Program& p = ruleset.impl();
  trace_size_ = p.value_count();
  for (std::size_t d = 0; d < p.derived.size(); ++d) {
    DerivedColumn& column = derived_.emplace_back();
    column.value = p.derived_value[d];
    column.type = p.value_type[column.value];
    io::append_string(column.json_key, p.derived[d].id);
    column.json_key += ':';
    if (column.type == QuestionType::text) direct_ = false;
    std::size_t widest = io::kNumberChars;  // a number, false, null
    if (column.type == QuestionType::choice) {
      if (const Question* q = p.choice_domain[column.value]) {
        for (const Option& option : q->options) {
          io::csv_append_field(column.csv_options.emplace_back(), option.id);
          io::append_string(column.json_options.emplace_back(), option.id);
          widest = std::max(widest, column.json_options.back().size());
          widest = std::max(widest, column.csv_options.back().size());
        }
      }
    }
    values_bound_ += 1 + column.json_key.size() + widest;
  }
  // ",level,false," and then every rule id twice (fired, unresolved), each with a separator.
  std::size_t level = 0, rules = 0;
  for (const Level& l : ruleset.levels())
    level = std::max(level, l.id.size());
  for (const Rule& rule : ruleset.rules())
    rules += rule.id.size() + 1;
  rules_bound_ = 1 + level + 7 + 2 * rules + 1;
}

namespace {

/// Writes `text` at `o`; returns the end.
char* put(char* o, std::string_view text) {
  if (!text.empty()) std::memcpy(o, text.data(), text.size());
  return o + text.size();
}

constexpr std::size_t kSizeChars = 24;  // the most put_size() writes
char* put_size(char* o, std::size_t n) {
  return std::to_chars(o, o + kSizeChars, n).ptr;
}

}  // namespace

char* RecordFormatter::write_values(const Result& result, char* o) const {
  return format_ == OutputFormat::csv ? write_values<true>(result, o)
                                      : write_values<false>(result, o);
}

template <bool csv>
char* RecordFormatter::write_values(const Result& result, char* o) const {
  const std::span<const redflag::detail::Interval> trace = redflag::detail::trace_of(result);
  bool first = true;
  for (const DerivedColumn& column : derived_) {
    if (csv) {
      *o++ = ',';
    } else {
      if (!first) *o++ = ',';
      o = put(o, column.json_key);
    }
    first = false;
    const redflag::detail::Interval& x = trace[column.value];
    if (column.type == QuestionType::boolean) {
      // unknown, false or true from a table of 8-byte entries, without a branch on the value
      // (every column has room for 8 bytes).
      static constexpr char kText[2][3][8] = {{"null", "false", "true"}, {"", "false", "true"}};
      static constexpr unsigned char kSize[2][3] = {{4, 5, 4}, {0, 5, 4}};
      const int k = x.known() ? 1 + int(x.lo == 1) : 0;
      std::memcpy(o, kText[csv][k], 8);
      o += kSize[csv][k];
    } else if (!x.known()) {
      if (!csv) o = put(o, "null");
    } else if (column.type == QuestionType::choice) {
      const auto i = std::size_t(x.lo);
      if (i < column.csv_options.size()) {
        o = put(o, csv ? column.csv_options[i] : column.json_options[i]);
      } else if (!csv) {
        o = put(o, "null");
      }
    } else if (x.lo >= 0 && x.lo < 10 && x.lo == double(int(x.lo))) {
      // One digit (most counts and scores), as write_number() writes it, without the call.
      *o++ = char('0' + int(x.lo));
    } else {  // a number (text is not direct_)
      o = io::write_number(o, x.lo);
    }
  }
  return o;
}

void RecordFormatter::append_named_values(const Result& result, std::string& out) const {
  const bool csv = format_ == OutputFormat::csv;
  bool first = true;
  for (const NamedValue& value : result.values()) {
    if (csv) {
      out += ',';
      append_cell_value(out, value.value);
    } else {
      if (!first) out += ',';
      io::append_string(out, value.name);
      out += ':';
      io::append_value(out, value.value);
    }
    first = false;
  }
}

void RecordFormatter::header(std::string& out) const {
  if (format_ != OutputFormat::csv) return;
  out += entries_ ? "input,line,entry,resource_id" : "input,line";
  for (const std::string& id : id_columns_) {
    out += ',';
    io::csv_append_field(out, id);
  }
  out += ",level,complete,fired,unresolved";
  for (const Derived& d : ruleset_->derived()) {
    out += ',';
    io::csv_append_field(out, d.id);
  }
  if (rationale_) out += ",rationale";
  out += ",error,content_hash\n";
}

void RecordFormatter::reason(const io::Record& record, const Result& result, std::string& out) {
  out += "line ";
  append_size(out, record.line);
  if (record.entry) {
    out += ", Bundle entry ";
    append_size(out, record.entry);
  }
  out += ": ";
  const bool answers = !record.answers->ok();
  bool first = true;
  if (!answers) {
    out += "evaluation failed";
    first = false;
  }
  const std::span<const AnswerError> errors =
      answers ? std::span<const AnswerError>(record.answers->errors()) : result.errors();
  for (const AnswerError& e : errors) {
    if (!first) out += "; ";
    first = false;
    out += e.message;
  }
}

void RecordFormatter::write(std::string_view input, const io::Record& record, const Result& result,
                            std::string& out) {
  // An error record names the line and the reason, and claims no level.
  const bool ok = record.answers->ok() && result.ok();
  if (!ok) {
    error_.clear();
    reason(record, result, error_);
  }
  const std::string_view error = ok ? std::string_view() : std::string_view(error_);
  if (format_ == OutputFormat::csv) {
    write_csv(input, record, ok ? &result : nullptr, error, out);
  } else {
    write_ndjson(input, record, ok ? &result : nullptr, error, out);
  }
}

std::size_t RecordFormatter::csv_prefix_bound(const io::Record& record) const noexcept {
  std::size_t bound = input_cell_.size() + 1 + kSizeChars;
  if (entries_) bound += 2 + kSizeChars + io::csv_field_bound(record.resource_id);
  for (const std::string& id : record.ids)
    bound += 1 + io::csv_field_bound(id);
  return bound;
}

char* RecordFormatter::write_csv_prefix(char* o, const io::Record& record) const {
  o = put(o, input_cell_);
  *o++ = ',';
  o = put_size(o, record.line);
  if (entries_) {
    *o++ = ',';
    if (record.entry) o = put_size(o, record.entry);
    *o++ = ',';
    o = io::csv_write_field(o, record.resource_id);
  }
  for (const std::string& id : record.ids) {
    *o++ = ',';
    o = io::csv_write_field(o, id);
  }
  return o;
}

void RecordFormatter::write_csv(std::string_view input, const io::Record& record,
                                const Result* result, std::string_view error, std::string& out) {
  if (input != input_) {  // the input's name as a CSV cell, escaped once per input
    input_.assign(input);
    input_cell_.clear();
    io::csv_append_field(input_cell_, input);
  }
  // The record is written through a pointer into scratch space with room for the most it can
  // take, then appended in one piece; the rationale and the error are appended after it.
  const std::size_t bound =
      csv_prefix_bound(record) + rules_bound_ + values_bound_ + 2 + hash_cell_.size();
  if (record_.size() < bound) record_.resize(bound);
  char* const begin = record_.data();
  char* o = write_csv_prefix(begin, record);
  if (!result) {
    // No level, complete, fired, unresolved, derived values nor rationale.
    o = put(o, ",,,,");
    out.append(begin, o);
    out.append(derived_.size() + (rationale_ ? 1 : 0) + 1, ',');
    io::csv_append_field(out, error);
    out += hash_cell_;
    out += '\n';
    return;
  }
  *o++ = ',';
  o = put(o, result->level().id);
  o = put(o, result->complete() ? ",true," : ",false,");
  bool first = true;
  for (const FiredRule& fired : result->fired()) {
    if (!first) *o++ = ' ';
    first = false;
    o = put(o, fired.rule->id);
  }
  *o++ = ',';
  first = true;
  for (const UnresolvedRule& unresolved : result->unresolved()) {
    if (!first) *o++ = ' ';
    first = false;
    o = put(o, unresolved.rule->id);
  }
  const bool direct = this->direct(*result);
  if (direct) o = write_values(*result, o);
  if (direct && !rationale_) {
    *o++ = ',';  // the error cell is empty
    o = put(o, hash_cell_);
    *o++ = '\n';
    out.append(begin, o);
    return;
  }
  out.append(begin, o);
  if (!direct) append_named_values(*result, out);
  if (rationale_) {
    out += ',';
    append_rationale(out, *result);
  }
  out += ',';
  out += hash_cell_;
  out += '\n';
}

void RecordFormatter::write_ndjson(std::string_view input, const io::Record& record,
                                   const Result* result, std::string_view error, std::string& out) {
  out += "{\"input\":";
  io::append_string(out, input);
  out += ",\"line\":";
  append_size(out, record.line);
  if (record.entry) {
    out += ",\"entry\":";
    append_size(out, record.entry);
    out += ",\"resource_id\":";
    if (record.resource_id.empty()) {
      out += "null";
    } else {
      io::append_string(out, record.resource_id);
    }
  }
  out += ",\"id\":{";
  for (std::size_t i = 0; i < id_columns_.size(); ++i) {
    if (i) out += ',';
    io::append_string(out, id_columns_[i]);
    out += ':';
    io::append_string(out, record.ids[i]);
  }
  out += "},\"ruleset\":";
  io::append_string(out, ruleset_->id());
  out += ",\"version\":";
  io::append_string(out, ruleset_->version());
  out += ",\"content_hash\":";
  io::append_string(out, ruleset_->content_hash());
  if (!result) {
    out += ",\"level\":null,\"complete\":null,\"fired\":[],\"unresolved\":[],\"values\":{}";
    if (rationale_) out += ",\"rationale\":[]";
    out += ",\"error\":";
    io::append_string(out, error);
    out += "}\n";
    return;
  }
  out += ",\"level\":";
  io::append_string(out, result->level().id);
  out += result->complete() ? ",\"complete\":true,\"fired\":[" : ",\"complete\":false,\"fired\":[";
  bool first = true;
  for (const FiredRule& fired : result->fired()) {
    if (!first) out += ',';
    first = false;
    io::append_string(out, fired.rule->id);
  }
  out += "],\"unresolved\":[";
  first = true;
  for (const UnresolvedRule& unresolved : result->unresolved()) {
    if (!first) out += ',';
    first = false;
    io::append_string(out, unresolved.rule->id);
  }
  out += "],\"values\":{";
  if (direct(*result)) {
    record_.resize(std::max(record_.size(), values_bound_));
    out.append(record_.data(), write_values(*result, record_.data()));
  } else {
    append_named_values(*result, out);
  }
  out += '}';
  if (rationale_) {
    out += ",\"rationale\":[";
    first = true;
    for (const FiredRule& fired : result->fired()) {
      if (!first) out += ',';
      first = false;
      out += "{\"rule\":";
      io::append_string(out, fired.rule->id);
      out += ",\"level\":";
      io::append_string(out, ruleset_->levels()[fired.rule->level].id);
      out += ",\"because\":";
      io::append_string(out, fired.rule->because);
      out += ",\"answers\":{";
      bool first_answer = true;
      for (const Evidence& e : fired.answers) {
        if (!first_answer) out += ',';
        first_answer = false;
        io::append_string(out, e.question);
        out += ':';
        io::append_value(out, e.value);
      }
      out += "}}";
    }
    out += "],\"missing\":{";
    first = true;
    for (const UnresolvedRule& unresolved : result->unresolved()) {
      if (!first) out += ',';
      first = false;
      io::append_string(out, unresolved.rule->id);
      out += ":[";
      bool first_q = true;
      for (std::string_view q : unresolved.missing) {
        if (!first_q) out += ',';
        first_q = false;
        io::append_string(out, q);
      }
      out += ']';
    }
    out += '}';
  }
  out += ",\"error\":null}\n";
}

}  // namespace redflag::cli::batch
