// redflag: answers bound to a rule set, checked as they are set.
#include "redflag/answers.hpp"

#include <cmath>
#include <cstdio>

#include "eval/program.hpp"

namespace redflag {
inline namespace v1 {

using detail::inf;

namespace {

std::string expects(const Question& q) {
  switch (q.type) {
    case QuestionType::boolean:
      return "true or false";
    case QuestionType::text:
      return "text";
    case QuestionType::choice: {
      std::string s = "one of ";
      for (std::size_t i = 0; i < q.options.size(); ++i)
        s += (i ? ", " : "") + q.options[i].id;
      return s;
    }
    case QuestionType::integer:
    case QuestionType::number: {
      std::string s = q.type == QuestionType::integer ? "a whole number" : "a number";
      if (q.min || q.max) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " in %g..%g", q.min.value_or(-inf), q.max.value_or(inf));
        s += buf;
      }
      return s;
    }
  }
  return "?";
}

std::string show(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

}  // namespace

Answers::Answers(const Ruleset& ruleset) : ruleset_(ruleset) {
  const auto& p = ruleset_.program();
  lo_.assign(p.initial_lo.begin() + p.answer_base, p.initial_lo.begin() + p.node_base);
  hi_.assign(p.initial_hi.begin() + p.answer_base, p.initial_hi.begin() + p.node_base);
  text_.resize(p.questions.size());
}

void Answers::clear() noexcept {
  const auto& p = ruleset_.program();
  std::copy(p.initial_lo.begin() + p.answer_base, p.initial_lo.begin() + p.node_base, lo_.begin());
  std::copy(p.initial_hi.begin() + p.answer_base, p.initial_hi.begin() + p.node_base, hi_.begin());
  for (auto& t : text_)
    t.clear();
  errors_.clear();
}

bool Answers::reject(std::string_view question, std::string_view code, std::string message) {
  errors_.push_back({std::string(question), std::string(code), std::move(message)});
  return false;
}

std::ptrdiff_t Answers::slot_of(std::string_view question, std::string_view got) {
  const auto& index = ruleset_.program().question_index;
  auto it = index.find(question);
  if (it == index.end()) {
    reject(question, "unknown-question",
           "'" + std::string(question) + "' is not a question of rule set '" +
               std::string(ruleset_.id()) + "' (got " + std::string(got) + ")");
    return -1;
  }
  // A new answer replaces the old one; until it is accepted the question is unanswered.
  const std::size_t q = it->second;
  const auto& p = ruleset_.program();
  lo_[q] = p.initial_lo[p.answer_base + q];
  hi_[q] = p.initial_hi[p.answer_base + q];
  text_[q].clear();
  return std::ptrdiff_t(q);
}

bool Answers::set(std::string_view question, bool value) {
  const auto q = slot_of(question, value ? "true" : "false");
  if (q < 0) return false;
  const Question& info = ruleset_.questions()[std::size_t(q)];
  if (info.type != QuestionType::boolean) {
    return reject(
        question, "wrong-type",
        "'" + info.id + "' expects " + expects(info) + "; got " + (value ? "true" : "false"));
  }
  lo_[q] = hi_[q] = value ? 1 : 0;
  return true;
}

bool Answers::set(std::string_view question, double value) {
  const auto q = slot_of(question, show(value));
  if (q < 0) return false;
  const Question& info = ruleset_.questions()[std::size_t(q)];
  if (info.type != QuestionType::integer && info.type != QuestionType::number) {
    return reject(question, "wrong-type",
                  "'" + info.id + "' expects " + expects(info) + "; got the number " + show(value));
  }
  if (!std::isfinite(value)) {
    return reject(question, "out-of-range", "'" + info.id + "' needs a finite number");
  }
  if (info.type == QuestionType::integer && value != std::floor(value)) {
    return reject(question, "not-an-integer",
                  "'" + info.id + "' expects " + expects(info) + "; got " + show(value));
  }
  if ((info.min && value < *info.min) || (info.max && value > *info.max)) {
    return reject(question, "out-of-range",
                  "'" + info.id + "' expects " + expects(info) + "; got " + show(value));
  }
  lo_[q] = hi_[q] = value;
  return true;
}

bool Answers::set(std::string_view question, std::string_view value) {
  const auto q = slot_of(question, "\"" + std::string(value) + "\"");
  if (q < 0) return false;
  const Question& info = ruleset_.questions()[std::size_t(q)];
  if (info.type == QuestionType::text) {
    text_[q] = value;
    lo_[q] = hi_[q] = 1;
    return true;
  }
  if (info.type != QuestionType::choice) {
    return reject(question, "wrong-type",
                  "'" + info.id + "' expects " + expects(info) + "; got the string \"" +
                      std::string(value) + "\"");
  }
  for (std::size_t i = 0; i < info.options.size(); ++i) {
    if (info.options[i].id == value) {
      lo_[q] = hi_[q] = double(i);
      return true;
    }
  }
  return reject(
      question, "unknown-option",
      "'" + info.id + "' expects " + expects(info) + "; got \"" + std::string(value) + "\"");
}

bool Answers::set(std::string_view question, const Value& value) {
  switch (value.kind) {
    case Value::Kind::unknown:
      return unset(question);
    case Value::Kind::boolean:
      return set(question, value.boolean);
    case Value::Kind::number:
      return set(question, value.number);
    case Value::Kind::choice:
    case Value::Kind::text:
      return set(question, value.text);
  }
  return false;
}

bool Answers::unset(std::string_view question) {
  return slot_of(question, "null") >= 0;
}

bool Answers::answered(std::size_t question) const noexcept {
  return question < lo_.size() && lo_[question] == hi_[question];
}

Value Answers::get(std::size_t q) const noexcept {
  if (!answered(q)) return {};
  const Question& info = ruleset_.questions()[q];
  switch (info.type) {
    case QuestionType::boolean:
      return Value::of(lo_[q] == 1);
    case QuestionType::integer:
    case QuestionType::number:
      return Value::of(lo_[q]);
    case QuestionType::choice:
      return Value::choice(info.options[std::size_t(lo_[q])].id);
    case QuestionType::text:
      return Value::text_value(text_[q]);
  }
  return {};
}

}  // namespace v1
}  // namespace redflag
