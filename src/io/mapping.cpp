// redflag io: mapping files (see mapping.hpp and docs/batch.md).
#include "io/mapping.hpp"

#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>

namespace redflag::io {
namespace {

namespace json = boost::json;

/// "line L, column C" of byte offset `offset` in `text`.
std::string position(std::string_view text, std::size_t offset) {
  const auto before = text.substr(0, std::min(offset, text.size()));
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const auto nl = before.rfind('\n');
  const auto column = 1 + (nl == std::string_view::npos ? before.size() : before.size() - nl - 1);
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// Reads a mapping document, stopping at the first problem (each message names the key).
class Reader {
 public:
  Reader(std::string_view source, std::string& error) : source_(source), error_(error) {}

  bool read(const json::value& document, Mapping& mapping) {
    const json::object* root = document.if_object();
    if (!root) return fail("", "a mapping must be a JSON object");
    for (const auto& [key, value] : *root) {
      if (key == "columns") {
        if (!columns(value, mapping)) return false;
      } else if (key == "ignore") {
        if (!strings(value, "ignore", mapping.ignore)) return false;
      } else if (key == "id_columns") {
        if (!strings(value, "id_columns", mapping.id_columns)) return false;
      } else if (key == "blank") {
        if (!strings(value, "blank", mapping.blank)) return false;
      } else if (key == "boolean") {
        if (!codes(value, "boolean", mapping.boolean)) return false;
        for (const Code& c : mapping.boolean) {
          if (c.kind != Value::Kind::boolean && c.kind != Value::Kind::unknown) {
            return fail("boolean." + c.code, "a boolean code must stand for true, false or null");
          }
        }
      } else if (key == "delimiter") {
        const json::string* d = value.if_string();
        if (d && *d == "auto") {
          mapping.delimiter = Mapping::kAutoDelimiter;
        } else if (d && (*d == "," || *d == ";" || *d == "\t")) {
          mapping.delimiter = d->front();
        } else {
          return fail("delimiter", "expected \",\", \";\", \"\\t\" (tab) or \"auto\"");
        }
      } else if (key == "decimal") {
        const json::string* d = value.if_string();
        if (!d || (*d != "." && *d != ",")) return fail("decimal", "expected \".\" or \",\"");
        mapping.decimal_comma = *d == ",";
      } else if (key == "review") {
        if (!strings(value, "review", mapping.review)) return false;
      } else if (key == "$comment" || key == "description") {
        // documentation for people
      } else {
        return fail(std::string(key),
                    "unknown key; a mapping has columns, ignore, id_columns, blank, boolean, "
                    "delimiter, decimal (and description, review)");
      }
    }
    return true;
  }

 private:
  bool fail(std::string_view key, std::string_view message) {
    error_ = std::string(source_) + ": ";
    if (!key.empty()) error_ += "\"" + std::string(key) + "\": ";
    error_ += message;
    return false;
  }

  bool strings(const json::value& value, std::string_view key, std::vector<std::string>& out) {
    const json::array* array = value.if_array();
    if (!array) return fail(key, "expected an array of strings");
    for (const json::value& item : *array) {
      if (!item.is_string()) return fail(key, "expected an array of strings");
      out.emplace_back(item.get_string());
    }
    return true;
  }

  bool code(std::string_view key, std::string_view code_text, const json::value& v, Code& out) {
    out.code = code_text;
    switch (v.kind()) {
      case json::kind::null:
        out.kind = Value::Kind::unknown;
        return true;
      case json::kind::bool_:
        out.kind = Value::Kind::boolean;
        out.boolean = v.get_bool();
        return true;
      case json::kind::int64:
      case json::kind::uint64:
      case json::kind::double_:
        out.kind = Value::Kind::number;
        out.number = v.to_number<double>();
        return true;
      case json::kind::string:
        out.kind = Value::Kind::choice;  // an option id, or text for a text question
        out.text = v.get_string();
        return true;
      default:
        return fail(std::string(key) + "." + std::string(code_text),
                    "a code stands for true, false, a number, a string or null");
    }
  }

  bool codes(const json::value& value, std::string_view key, std::vector<Code>& out) {
    const json::object* object = value.if_object();
    if (!object) return fail(key, "expected an object {\"code\": value}");
    for (const auto& [code_text, v] : *object) {
      if (!code(key, code_text, v, out.emplace_back())) return false;
    }
    return true;
  }

  bool columns(const json::value& value, Mapping& mapping) {
    const json::object* object = value.if_object();
    if (!object) return fail("columns", "expected an object {\"column\": \"question\" or {...}}");
    for (const auto& [column, spec] : *object) {
      ColumnMapping& c = mapping.columns.emplace_back();
      c.column = column;
      const std::string key = "columns." + std::string(column);
      if (spec.is_string()) {
        c.question = spec.get_string();
        continue;
      }
      const json::object* fields = spec.if_object();
      if (!fields) return fail(key, "expected a question id or {\"question\", \"values\"}");
      for (const auto& [field, v] : *fields) {
        if (field == "question" && v.is_string()) {
          c.question = v.get_string();
        } else if (field == "values") {
          if (!codes(v, key + ".values", c.values)) return false;
        } else if (field != "question") {
          return fail(key + "." + std::string(field), "unknown key; expected question, values");
        } else {
          return fail(key + ".question", "expected a question id (a string)");
        }
      }
      if (c.question.empty()) return fail(key, "names no question");
    }
    return true;
  }

  std::string_view source_;
  std::string& error_;
};

}  // namespace

const ColumnMapping* Mapping::find_column(std::string_view column) const noexcept {
  for (const ColumnMapping& c : columns)
    if (c.column == column) return &c;
  return nullptr;
}

bool Mapping::ignored(std::string_view column) const noexcept {
  return std::find(ignore.begin(), ignore.end(), column) != ignore.end();
}

std::optional<Mapping> parse_mapping(std::string_view text, std::string_view source_name,
                                     std::string& error) {
  json::parser parser;
  json::error_code ec;
  std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) {
    while (used < text.size() &&
           (text[used] == ' ' || text[used] == '\n' || text[used] == '\r' || text[used] == '\t'))
      ++used;
    if (used < text.size()) ec = json::error::extra_data;
  }
  if (ec) {
    error = std::string(source_name) + ": invalid JSON at " + position(text, used) + ": " +
            ec.message();
    return std::nullopt;
  }
  const json::value document = parser.release();
  Mapping mapping;
  if (!Reader(source_name, error).read(document, mapping)) return std::nullopt;
  return mapping;
}

}  // namespace redflag::io
