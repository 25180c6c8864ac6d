// redflag io: binding fields to answers (see binder.hpp).
#include "io/binder.hpp"

#include <algorithm>
#include <charconv>

#include "io/csv.hpp"
#include "io/excerpt.hpp"
#include "io/json_writer.hpp"

namespace redflag::io {
namespace {

/// The codes every boolean question accepts when the mapping gives none.
std::vector<Code> default_boolean_codes() {
  std::vector<Code> codes(2);
  codes[0].code = "true";
  codes[0].kind = Value::Kind::boolean;
  codes[0].boolean = true;
  codes[1].code = "false";
  codes[1].kind = Value::Kind::boolean;
  return codes;
}

/// A code's value as it applies to `question`: a string stands for an option of a choice
/// question and for the text of a text question.
Value typed(const Code& code, const Question& question) {
  Value v = code.value();
  if (v.kind == Value::Kind::choice && question.type == QuestionType::text)
    v.kind = Value::Kind::text;
  return v;
}

}  // namespace

Binder::Binder(const Ruleset& ruleset, const Mapping* mapping, std::vector<std::string> id_columns,
               std::string_view mapping_name)
    : ruleset_(ruleset), mapping_(mapping), id_columns_(std::move(id_columns)) {
  boolean_ = mapping && !mapping->boolean.empty() ? mapping->boolean : default_boolean_codes();
  if (!mapping) return;
  for (const std::string& id : mapping->id_columns)
    if (std::find(id_columns_.begin(), id_columns_.end(), id) == id_columns_.end())
      id_columns_.push_back(id);

  // Every mapped question exists, and every code is a valid answer to it.
  Answers probe(ruleset_);
  const std::string name(mapping_name);
  for (const ColumnMapping& column : mapping->columns) {
    const auto q = ruleset_.find_question(column.question);
    if (!q) {
      error_ = name + ": \"columns\": column '" + column.column + "' maps to '" + column.question +
               "', which is not a question of rule set '" + std::string(ruleset_.id()) + "'";
      return;
    }
    for (const Code& code : column.values) {
      probe.clear();
      if (!probe.set(*q, typed(code, ruleset_.questions()[*q]))) {
        error_ = name + ": \"columns\": column '" + column.column + "', code '" + code.code +
                 "': " + probe.errors().front().message;
        return;
      }
    }
  }
}

std::optional<Field> Binder::resolve(std::string_view name, std::string& why) const {
  for (std::size_t i = 0; i < id_columns_.size(); ++i)
    if (id_columns_[i] == name) return Field{Field::Kind::id, i, nullptr};
  if (mapping_) {
    if (const ColumnMapping* column = mapping_->find_column(name)) {
      const auto q = ruleset_.find_question(column->question);
      return Field{Field::Kind::question, *q, column->values.empty() ? nullptr : &column->values};
    }
    if (mapping_->ignored(name)) return Field{Field::Kind::ignored, 0, nullptr};
  }
  if (const auto q = ruleset_.find_question(name)) return Field{Field::Kind::question, *q, nullptr};
  why = "'" + excerpt(name) + "' is not a question of rule set '" + std::string(ruleset_.id()) +
        "'" +
        (mapping_ ? ", and the mapping neither maps nor ignores it"
                  : "; map or ignore it with a mapping file (--mapping)");
  return std::nullopt;
}

const Code* Binder::find_code(const std::vector<Code>& codes,
                              std::string_view text) const noexcept {
  for (const Code& code : codes)
    if (code.code == text) return &code;
  return nullptr;
}

bool Binder::blank(std::string_view text) const noexcept {
  if (text.empty()) return true;
  if (!mapping_) return false;
  for (const std::string& b : mapping_->blank)
    if (b == text) return true;
  return false;
}

void Binder::bind_text(const Field& field, std::string_view text, Answers& answers) const {
  if (field.kind != Field::Kind::question || blank(text)) return;
  const Question& question = ruleset_.questions()[field.index];
  if (field.codes) {
    if (const Code* code = find_code(*field.codes, text)) {
      answers.set(field.index, typed(*code, question));
      return;
    }
  }
  switch (question.type) {
    case QuestionType::boolean:
      if (const Code* code = find_code(boolean_, text)) {
        answers.set(field.index, code->value());
        return;
      }
      break;
    case QuestionType::integer:
    case QuestionType::number: {
      double d = 0;
      if (parse_number(text, d)) {
        answers.set(field.index, Value::of(d));
        return;
      }
      break;
    }
    case QuestionType::choice:
      answers.set(field.index, Value::choice(text));
      return;
    case QuestionType::text:
      break;
  }
  // Text for a text question; anything else is rejected by Answers with a message that says
  // what the question expects.
  answers.set(field.index, Value::text_value(text));
}

void Binder::bind_value(const Field& field, const Value& value, Answers& answers) const {
  if (field.kind != Field::Kind::question) return;
  const Question& question = ruleset_.questions()[field.index];
  if (field.codes ||
      (question.type == QuestionType::boolean && value.kind != Value::Kind::boolean)) {
    // Codes are written as text: look the value's text form up.
    char buffer[32];
    std::string_view text = value.text;
    if (value.kind == Value::Kind::boolean) text = value.boolean ? "true" : "false";
    if (value.kind == Value::Kind::number) {
      text =
          std::string_view(buffer, std::to_chars(buffer, buffer + sizeof buffer, value.number).ptr);
    }
    if (value.kind != Value::Kind::unknown) {
      if (field.codes) {
        if (const Code* code = find_code(*field.codes, text)) {
          answers.set(field.index, typed(*code, question));
          return;
        }
      }
      if (mapping_ && value.kind != Value::Kind::boolean) {
        if (blank(text)) return;
        if (question.type == QuestionType::boolean) {
          if (const Code* code = find_code(boolean_, text)) {
            answers.set(field.index, code->value());
            return;
          }
        }
      }
    }
  }
  Value v = value;
  if (v.kind == Value::Kind::choice && question.type == QuestionType::text)
    v.kind = Value::Kind::text;
  answers.set(field.index, v);
}

}  // namespace redflag::io
