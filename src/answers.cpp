// redflag: answers bound to a rule set, checked as they are set.
#include "redflag/answers.hpp"

#include <charconv>
#include <cmath>

#include "answers_impl.hpp"
#include "io/answers_json.hpp"
#include "io/excerpt.hpp"
#include "io/json_writer.hpp"

namespace redflag {
inline namespace v1 {
namespace {

/// Concatenates string pieces with append (GCC 12 warns falsely about operator+ chains at -O3).
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string s;
  (s.append(std::string_view(parts)), ...);
  return s;
}

std::string number_text(double d) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, d).ptr);
}

/// What the question accepts, in words: "a whole number in 16..120", "one of none, one_leg".
std::string expects(const Question& q) {
  switch (q.type) {
    case QuestionType::boolean:
      return "true or false";
    case QuestionType::text:
      return "text";
    case QuestionType::choice: {
      std::string s = "one of ";
      for (std::size_t i = 0; i < q.options.size(); ++i)
        s.append(i ? ", " : "").append(q.options[i].id);
      return s;
    }
    case QuestionType::integer:
    case QuestionType::number: {
      std::string s = q.type == QuestionType::integer ? "a whole number" : "a number";
      if (q.min || q.max) {
        s.append(" in ").append(q.min ? number_text(*q.min) : "-inf");
        s.append("..").append(q.max ? number_text(*q.max) : "inf");
      }
      return s;
    }
  }
  return "?";
}

/// How a rejected value is shown in a message: true, 12.5, "text", null. A long text is cut to
/// its first bytes and its length (io/excerpt.hpp); JSON's escapes stand for control characters.
std::string shown(const Value& v) {
  std::string s;
  if ((v.kind == Value::Kind::text || v.kind == Value::Kind::choice) &&
      v.text.size() > io::kExcerptBytes) {
    io::append_value(s, Value::text_value(io::excerpt_prefix(v.text)));
    s += "... (" + std::to_string(v.text.size()) + " bytes)";
    return s;
  }
  io::append_value(s, v);
  return s;
}

detail::Interval point(double d) {
  return {d, d};
}

bool numeric(QuestionType t) {
  return t == QuestionType::integer || t == QuestionType::number;
}

}  // namespace

// ---- Answers::Impl ---------------------------------------------------------------------------

Answers::Impl::Impl(const Ruleset& ruleset) : ruleset_(ruleset) {
  const auto& p = program();
  values_.assign(p.initial.begin() + p.answer_base, p.initial.begin() + p.node_base);
  text_.resize(p.questions.size());
  questions_ = p.questions.data();
  types_ = p.value_type.data() + p.answer_base;  // an answer's value has its question's type
  question_count_ = p.questions.size();
}

void Answers::Impl::clear() noexcept {
  std::copy_n(unknown_values(), values_.size(), values_.begin());
  clear({});
}

void Answers::Impl::clear(std::span<const std::uint32_t> questions) noexcept {
  const detail::Interval* unknown = unknown_values();
  for (const auto q : questions)
    values_[q] = unknown[q];
  for (const auto q : program().text_questions)
    text_[q].clear();
  errors_.clear();
}

bool Answers::Impl::reject_unknown(std::string_view question, const Value& got) {
  // Not a question id: however long it is and whatever it holds, the message quotes an escaped
  // excerpt of it, and the error's question is its first bytes (io/excerpt.hpp).
  errors_.push_back({io::shortened(question), "unknown-question",
                     cat("'", io::excerpt(question), "' is not a question of rule set '",
                         ruleset_.id(), "' (got ", shown(got), ")")});
  return false;
}

bool Answers::Impl::reject(std::size_t question, std::string_view code, const Value& got) {
  const Question& q = ruleset_.questions()[question];
  std::string what = shown(got);
  if (got.kind == Value::Kind::number && !std::isfinite(got.number)) {
    what = "a non-finite number";
  } else if (code == "wrong-type" && got.kind == Value::Kind::number) {
    what = "the number " + what;
  } else if (code == "wrong-type" && got.kind != Value::Kind::boolean) {
    what = "the string " + what;
  }
  errors_.push_back(
      {q.id, std::string(code), cat("'", q.id, "' expects ", expects(q), "; got ", what)});
  return false;
}

bool Answers::Impl::set(std::size_t q, const Value& value) {
  const auto& p = program();
  if (q >= p.questions.size()) {
    errors_.push_back(
        {"", "unknown-question",
         cat("question index ", std::to_string(q), " is out of range (rule set '", ruleset_.id(),
             "' has ", std::to_string(p.questions.size()), " questions)")});
    return false;
  }
  // A new answer replaces the old one; until it is accepted the question is unanswered.
  values_[q] = p.initial[p.answer_base + q];
  const Question& info = p.questions[q];
  if (info.type == QuestionType::text) text_[q].clear();

  switch (value.kind) {
    case Value::Kind::unknown:
      return true;
    case Value::Kind::boolean:
      if (info.type != QuestionType::boolean) return reject(q, "wrong-type", value);
      values_[q] = point(value.boolean ? 1 : 0);
      return true;
    case Value::Kind::number: {
      const double d = value.number;
      if (!numeric(info.type)) return reject(q, "wrong-type", value);
      if (!std::isfinite(d)) return reject(q, "out-of-range", value);
      if (info.type == QuestionType::integer && d != std::floor(d)) {
        return reject(q, "not-an-integer", value);
      }
      if ((info.min && d < *info.min) || (info.max && d > *info.max)) {
        return reject(q, "out-of-range", value);
      }
      values_[q] = point(d);
      return true;
    }
    case Value::Kind::choice:
    case Value::Kind::text:
      if (info.type == QuestionType::text) {
        text_[q] = value.text;
        values_[q] = point(1);
        return true;
      }
      if (info.type != QuestionType::choice) return reject(q, "wrong-type", value);
      if (const std::size_t i = option_index(info, value.text); i != npos) {
        values_[q] = point(double(i));
        return true;
      }
      return reject(q, "unknown-option", value);
  }
  return false;
}

bool Answers::Impl::reject_option(std::size_t q, std::size_t option) {
  const auto& p = program();
  if (q >= p.questions.size()) return set(q, Value{});  // records the unknown-question error
  const Question& info = p.questions[q];
  values_[q] = p.initial[p.answer_base + q];
  if (info.type == QuestionType::text) text_[q].clear();
  errors_.push_back({info.id, info.type == QuestionType::choice ? "unknown-option" : "wrong-type",
                     cat("'", info.id, "' expects ", expects(info), "; got option number ",
                         std::to_string(option))});
  return false;
}

// ---- Answers ---------------------------------------------------------------------------------

Answers::Answers(const Ruleset& ruleset) : impl_(std::make_unique<Impl>(ruleset)) {}
Answers::Answers(const Answers& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Answers& Answers::operator=(const Answers& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);  // a moved-from one too
  return *this;
}
Answers::Answers(Answers&& other) noexcept = default;
Answers& Answers::operator=(Answers&& other) noexcept = default;
Answers::~Answers() = default;

Answers Answers::from_json(const Ruleset& ruleset, std::string_view json) {
  Answers answers(ruleset);
  io::read_answers_json(answers, json);
  return answers;
}

void Answers::read_json(std::string_view json) {
  io::read_answers_json(*this, json);
}

bool Answers::set(std::size_t question, const Value& value) {
  return impl_->set(question, value);
}

bool Answers::set(std::string_view question, const Value& value) {
  const auto q = impl_->ruleset().find_question(question);
  return q ? impl_->set(*q, value) : impl_->reject_unknown(question, value);
}

bool Answers::set(std::string_view question, bool value) {
  return set(question, Value::of(value));
}

bool Answers::set(std::string_view question, double value) {
  return set(question, Value::of(value));
}

bool Answers::set(std::string_view question, std::string_view value) {
  return set(question, Value::choice(value));
}

bool Answers::unset(std::string_view question) {
  return set(question, Value{});
}

void Answers::clear() noexcept {
  impl_->clear();
}

bool Answers::answered(std::size_t question) const noexcept {
  return question < impl_->program().questions.size() && impl_->values()[question].known();
}

Value Answers::get(std::size_t q) const noexcept {
  if (!answered(q)) return {};
  const Question& info = impl_->program().questions[q];
  const detail::Interval& v = impl_->values()[q];
  switch (info.type) {
    case QuestionType::boolean:
      return Value::of(v.lo == 1);
    case QuestionType::integer:
    case QuestionType::number:
      return Value::of(v.lo);
    case QuestionType::choice:
      return Value::choice(info.options[std::size_t(v.lo)].id);
    case QuestionType::text:
      return Value::text_value(impl_->text()[q]);
  }
  return {};
}

const std::vector<AnswerError>& Answers::errors() const noexcept {
  return impl_->errors();
}

const Ruleset& Answers::ruleset() const noexcept {
  return impl_->ruleset();
}

void Answers::add_error(AnswerError error) {
  impl_->errors().push_back(std::move(error));
}

}  // namespace v1
}  // namespace redflag
