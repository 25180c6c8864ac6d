// redflag CLI: `redflag batch` output records (see batch.hpp and docs/batch.md).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "batch.hpp"
#include "eval/program.hpp"
#include "io/csv.hpp"
#include "io/json_writer.hpp"

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
                                 std::vector<std::string> id_columns, bool rationale)
    : ruleset_(ruleset),
      format_(format),
      id_columns_(std::move(id_columns)),
      rationale_(rationale) {
  // Result::values() builds a NamedValue per derived value on every call; the output needs only
  // their text, read straight from the evaluation's trace as Result::values() would convert it.
  const detail::Program& p = ruleset_.program();
  trace_size_ = p.value_count();
  for (std::size_t d = 0; d < p.derived.size(); ++d) {
    DerivedColumn& column = derived_.emplace_back();
    column.value = p.derived_value[d];
    column.type = p.value_type[column.value];
    column.json_key.clear();
    io::append_string(column.json_key, p.derived[d].id);
    column.json_key += ':';
    if (column.type == QuestionType::text) direct_ = false;
    std::size_t widest = 24;  // a number (std::to_chars: at most 24), "false", "null"

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
    derived_bound_ += 1 + widest + (format_ == OutputFormat::csv ? 0 : column.json_key.size());
  }
}

namespace {

/// The derived values through Result::values() (the reference for the direct path below).
void append_named_values(const Result& result, bool csv, std::string& out) {
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

}  // namespace

void RecordFormatter::append_values(const Result& result, std::string& out) const {
  const bool csv = format_ == OutputFormat::csv;
  const std::span<const Interval> trace = result.trace();
  if (!direct_ || trace.size() != trace_size_) return append_named_values(result, csv, out);
  // Written through a pointer into a scratch buffer with room for the longest possible text
  // (derived_bound_), then appended in one piece.
  thread_local std::string scratch;
  if (scratch.size() < derived_bound_) scratch.resize(derived_bound_);
  char* const begin = scratch.data();
  char* o = begin;
  const auto put = [&o](std::string_view text) {
    std::memcpy(o, text.data(), text.size());
    o += text.size();
  };
  bool first = true;
  for (const DerivedColumn& column : derived_) {
    if (csv) {
      *o++ = ',';
    } else {
      if (!first) *o++ = ',';
      put(column.json_key);
    }
    first = false;
    const Interval& x = trace[column.value];
    if (column.type == QuestionType::boolean) {
      // unknown, false or true from a table of 8-byte entries, without a branch on the value
      // (the scratch buffer has room: every column reserves at least 24 bytes).
      static constexpr char kText[2][3][8] = {{"null", "false", "true"}, {"", "false", "true"}};
      static constexpr unsigned char kSize[2][3] = {{4, 5, 4}, {0, 5, 4}};
      const int k = x.known() ? 1 + int(x.lo == 1) : 0;
      std::memcpy(o, kText[csv][k], 8);
      o += kSize[csv][k];
      continue;
    }
    if (!x.known()) {
      if (!csv) put("null");
      continue;
    }
    switch (column.type) {
      case QuestionType::boolean:  // above
        break;
      case QuestionType::integer:
      case QuestionType::number: {
        // As io::append_number: whole numbers below 1e15 as integers, null when not finite.
        const double d = x.lo;
        if (d >= 0 && d < 10 && d == double(int(d))) {
          *o++ = char('0' + int(d));
        } else if (!std::isfinite(d)) {
          put("null");
        } else if (d == std::trunc(d) && std::fabs(d) < 1e15) {
          o = std::to_chars(o, o + 32, static_cast<long long>(d)).ptr;
        } else {
          o = std::to_chars(o, o + 32, d).ptr;
        }
        break;
      }
      case QuestionType::choice: {
        const auto i = std::size_t(x.lo);
        if (i < column.csv_options.size()) {
          put(csv ? column.csv_options[i] : column.json_options[i]);
        } else if (!csv) {
          put("null");
        }
        break;
      }
      case QuestionType::text:
        break;  // not direct_
    }
  }
#ifndef NDEBUG
  const std::size_t at = out.size();
#endif
  out.append(begin, std::size_t(o - begin));
#ifndef NDEBUG
  // Debug builds (the test suite) check this path against Result::values().
  std::string slow;
  append_named_values(result, csv, slow);
  if (std::string_view(out).substr(at) != slow) {
    std::fprintf(stderr, "redflag batch: derived values differ from Result::values()\n");
    std::abort();
  }
#endif
}

void RecordFormatter::header(std::string& out) const {
  if (format_ != OutputFormat::csv) return;
  out += "input,line";
  for (const std::string& id : id_columns_) {
    out += ',';
    io::csv_append_field(out, id);
  }
  out += ",level,complete,fired,unresolved";
  for (const Derived& d : ruleset_.derived()) {
    out += ',';
    io::csv_append_field(out, d.id);
  }
  if (rationale_) out += ",rationale";
  out += ",error\n";
}

void RecordFormatter::reason(const io::Record& record, std::string& out) {
  out += "line ";
  append_size(out, record.line);
  if (record.entry) {
    out += ", Bundle entry ";
    append_size(out, record.entry);
  }
  out += ": ";
  bool first = true;
  for (const AnswerError& e : record.answers->errors()) {
    if (!first) out += "; ";
    first = false;
    out += e.message;
  }
}

void RecordFormatter::write(std::string_view input, const io::Record& record, const Result& result,
                            std::string& out) const {
  // An error record names the line and the reason, and claims no level.
  const bool ok = record.answers->ok() && result.ok();
  thread_local std::string error;
  error.clear();
  if (!record.answers->ok()) {
    reason(record, error);
  } else if (!result.ok()) {
    error = "line " + std::to_string(record.line) + ": evaluation failed";
    for (const AnswerError& e : result.errors())
      error += "; " + e.message;
  }
  if (format_ == OutputFormat::csv) {
    write_csv(input, record, ok ? &result : nullptr, error, out);
  } else {
    write_ndjson(input, record, ok ? &result : nullptr, error, out);
  }
}

void RecordFormatter::write_csv(std::string_view input, const io::Record& record,
                                const Result* result, std::string_view error,
                                std::string& out) const {
  // The input's name as a CSV cell, escaped once per input (per thread).
  thread_local std::string name, cell;
  if (input != name) {
    name.assign(input);
    cell.clear();
    io::csv_append_field(cell, input);
  }
  out += cell;
  out += ',';
  append_size(out, record.line);
  for (const std::string& id : record.ids) {
    out += ',';
    io::csv_append_field(out, id);
  }
  if (!result) {
    out += ",,,,";
    out.append(ruleset_.derived().size(), ',');
    if (rationale_) out += ',';
    out += ',';
    io::csv_append_field(out, error);
    out += '\n';
    return;
  }
  out += ',';
  out += result->level()->id;
  out += result->complete() ? ",true," : ",false,";
  bool first = true;
  for (const FiredRule& fired : result->fired()) {
    if (!first) out += ' ';
    first = false;
    out += fired.rule->id;
  }
  out += ',';
  first = true;
  for (const UnresolvedRule& unresolved : result->unresolved()) {
    if (!first) out += ' ';
    first = false;
    out += unresolved.rule->id;
  }
  append_values(*result, out);
  if (rationale_) {
    out += ',';
    append_rationale(out, *result);
  }
  out += ",\n";
}

void RecordFormatter::write_ndjson(std::string_view input, const io::Record& record,
                                   const Result* result, std::string_view error,
                                   std::string& out) const {
  out += "{\"input\":";
  io::append_string(out, input);
  out += ",\"line\":";
  append_size(out, record.line);
  if (record.entry) {
    out += ",\"entry\":";
    append_size(out, record.entry);
  }
  out += ",\"id\":{";
  for (std::size_t i = 0; i < id_columns_.size(); ++i) {
    if (i) out += ',';
    io::append_string(out, id_columns_[i]);
    out += ':';
    io::append_string(out, record.ids[i]);
  }
  out += "},\"ruleset\":";
  io::append_string(out, ruleset_.id());
  out += ",\"version\":";
  io::append_string(out, ruleset_.version());
  if (!result) {
    out += ",\"level\":null,\"complete\":null,\"fired\":[],\"unresolved\":[],\"values\":{}";
    if (rationale_) out += ",\"rationale\":[]";
    out += ",\"error\":";
    io::append_string(out, error);
    out += "}\n";
    return;
  }
  out += ",\"level\":";
  io::append_string(out, result->level()->id);
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
  append_values(*result, out);
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
      io::append_string(out, ruleset_.levels()[fired.rule->level].id);
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
