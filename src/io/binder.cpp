// redflag io: binding fields to answers (see binder.hpp).
#include "io/binder.hpp"

#include <algorithm>
#include <charconv>

#include "check/suggest.hpp"
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

bool parse_decimal_comma(std::string_view text, double& value) noexcept {
  char buffer[64];
  if (text.size() > sizeof buffer || text.find('.') != std::string_view::npos) return false;
  std::copy(text.begin(), text.end(), buffer);
  const std::string_view number(buffer, text.size());
  if (const auto comma = number.find(','); comma != std::string_view::npos) buffer[comma] = '.';
  return parse_number(number, value);
}

AnswerError decimal_point_error(const Question& question, std::string_view text) {
  std::string quoted;
  append_string(quoted, text);
  return {question.id, "wrong-type",
          "'" + question.id + "' expects a number written with a decimal comma (the mapping " +
              "says \"decimal\": \",\"); got " + quoted};
}

std::string normal_name(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool upper = c >= 'A' && c <= 'Z';
    if (upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += upper ? char(c - 'A' + 'a') : c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  if (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

namespace {

std::vector<std::string_view> words(std::string_view normal) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0; start < normal.size();) {
    const std::size_t end = std::min(normal.find('_', start), normal.size());
    out.push_back(normal.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

/// Whether every word of `column` matches a different word of `question` (close_questions()).
bool words_match(const std::vector<std::string_view>& column,
                 const std::vector<std::string_view>& question) {
  if (column.empty()) return false;
  std::vector<bool> used(question.size());
  for (const std::string_view w : column) {
    std::size_t i = 0;
    while (i < question.size() &&
           (used[i] || !(question[i] == w || (w.size() >= 3 && question[i].starts_with(w)))))
      ++i;
    if (i == question.size()) return false;
    used[i] = true;
  }
  return true;
}

}  // namespace

std::vector<std::size_t> close_questions(const Ruleset& ruleset, std::string_view name) {
  std::vector<std::size_t> out;
  if (name.size() > 100) return out;  // (edit distances are quadratic)
  const std::string normal = normal_name(name);
  const auto column = words(normal);
  // Ranked by (what matched: 0 the id, 1 the prompt; how many words it has).
  std::vector<std::pair<std::size_t, std::size_t>> rank(ruleset.questions().size());
  std::vector<std::string> ids;
  for (const Question& q : ruleset.questions()) {
    ids.push_back(normal_name(q.id));
    const auto id_words = words(ids.back());
    const std::string prompt = normal_name(q.prompt);
    const auto prompt_words = words(prompt);
    if (words_match(column, id_words)) {
      rank[ids.size() - 1] = {0, id_words.size()};
    } else if (words_match(column, prompt_words)) {
      rank[ids.size() - 1] = {1, prompt_words.size()};
    } else {
      continue;
    }
    out.push_back(ids.size() - 1);
  }
  std::stable_sort(out.begin(), out.end(),
                   [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; });
  const std::string near = detail::closest(normal, ids);
  const auto q = std::size_t(std::find(ids.begin(), ids.end(), near) - ids.begin());
  if (!near.empty() && std::find(out.begin(), out.end(), q) == out.end()) out.push_back(q);
  return out;
}

std::string Binder::not_a_question(std::string_view name) const {
  std::string text =
      "'" + excerpt(name) + "' is not a question of rule set '" + std::string(ruleset_.id()) + "'";
  if (mapping_) text += ", and the mapping neither maps nor ignores it";
  // Did you mean: a name the mapping or the command line gives (a typo on either side), close
  // by edit distance; else a question named so but for case and punctuation, or by its prompt,
  // or close (close_questions()).
  if (name.size() > 100) return text;  // (edit distances are quadratic)
  const auto mean = [&](std::string_view best) {
    return text + " (did you mean '" + std::string(best) + "'?)";
  };
  std::vector<std::string> names;
  if (mapping_) {
    for (const ColumnMapping& c : mapping_->columns)
      names.push_back(c.column);
    names.insert(names.end(), mapping_->ignore.begin(), mapping_->ignore.end());
  }
  names.insert(names.end(), id_columns_.begin(), id_columns_.end());
  if (const std::string best = detail::closest(name, names); !best.empty()) return mean(best);
  const std::string normal = normal_name(name);
  for (const Question& q : ruleset_.questions())
    if (!normal.empty() && (normal_name(q.id) == normal || normal_name(q.prompt) == normal))
      return mean(q.id);
  if (const auto close = close_questions(ruleset_, name); !close.empty())
    return mean(ruleset_.questions()[close.front()].id);
  return text;
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
  why =
      not_a_question(name) + (mapping_ ? "" : "; map or ignore it with a mapping file (--mapping)");
  return std::nullopt;
}

bool Binder::resolve_header(std::span<const std::string_view> names, std::string_view input,
                            std::vector<Field>& columns, std::string& error) const {
  std::vector<std::string> problems;
  std::size_t count = 0, unknown = 0;
  const auto problem = [&](std::string text) {
    if (++count <= kHeaderProblems) problems.push_back(std::move(text));
  };
  std::vector<std::size_t> question_column(ruleset_.questions().size()),
      id_column(id_columns_.size());
  columns.clear();
  std::string why;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string at = "column " + std::to_string(i + 1) + " ";
    const std::optional<Field> field = resolve(names[i], why);
    if (!field) {
      problem(at + not_a_question(names[i]));
      ++unknown;
      columns.emplace_back();
      continue;
    }
    std::size_t* first = field->kind == Field::Kind::question ? &question_column[field->index]
                         : field->kind == Field::Kind::id     ? &id_column[field->index]
                                                              : nullptr;
    if (first && *first) {
      problem(at + "('" + excerpt(names[i]) + "') gives the same " +
              (field->kind == Field::Kind::id ? "id column" : "question") + " as column " +
              std::to_string(*first));
    } else if (first) {
      *first = i + 1;
    }
    columns.push_back(*field);
  }
  for (std::size_t i = 0; i < id_column.size(); ++i) {
    if (id_column[i]) continue;
    std::vector<std::string> header;
    if (id_columns_[i].size() <= 100)
      for (const std::string_view n : names)
        if (n.size() <= 100) header.emplace_back(n);
    problem("no column '" + id_columns_[i] + "' (asked for as an id column)" +
            detail::suggest(id_columns_[i], header));
  }
  if (problems.empty()) return true;

  // (With a mapping, each unknown column's line says that the mapping neither maps nor ignores
  // it.)
  const std::string hint =
      !unknown || mapping_ ? ""
                           : "map or ignore " + std::string(unknown == 1 ? "it" : "them") +
                                 " with a mapping file (--mapping; --init-mapping writes a first "
                                 "one)";
  error = std::string(input) + ":1: ";
  if (count == 1) {
    error += problems.front() + (hint.empty() ? "" : "; " + hint);
    return false;
  }
  error += std::to_string(count) + " problems in the header row:";
  for (const std::string& p : problems)
    error += "\n  " + p;
  if (count > problems.size())
    error += "\n  ... and " + std::to_string(count - problems.size()) + " more";
  if (!hint.empty()) error += "\n" + hint;
  return false;
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
      if (decimal_comma() ? parse_decimal_comma(text, d) : parse_number(text, d)) {
        answers.set(field.index, Value::of(d));
        return;
      }
      if (decimal_comma() && text.find('.') != std::string_view::npos) {
        answers.set(field.index, Value{});
        answers.add_error(decimal_point_error(question, text));
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
