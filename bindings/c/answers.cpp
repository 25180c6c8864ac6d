// redflag C ABI: a patient's answers (rf_answers).
#include <string>
#include <string_view>

#include "handles.hpp"

namespace redflag_c {
namespace {

/// Which setter is called: a choice setter on a text question (or the reverse) is a wrong type.
enum class Setter { boolean, number, choice, text, unset };

/// The wrong-type message of a choice setter on a text question or the reverse, or "" when the
/// setter suits `question` (or there is no such question: Answers::set() reports that).
std::string setter_mismatch(const redflag::Ruleset& rs, const char* question, Setter setter) {
  if (setter != Setter::choice && setter != Setter::text) return {};
  const auto q = rs.find_question(question);
  if (!q) return {};
  const auto type = rs.questions()[*q].type;
  const bool wants_text = type == redflag::QuestionType::text;
  const bool mismatch =
      setter == Setter::choice ? wants_text : type == redflag::QuestionType::choice;
  if (!mismatch) return {};
  return std::string("'") + question + "' expects " + (wants_text ? "text" : "one of its options") +
         "; got " + (setter == Setter::choice ? "an option" : "text") + " (use rf_answers_set_" +
         (wants_text ? "text" : "choice") + ")";
}

/// Sets one answer: RF_OK, RF_EANSWER (recorded in the answers) or RF_EINVALID.
int set_answer(rf_answers* answers, const char* question, const redflag::Value& value,
               Setter setter, const char* function) {
  if (!answers) return null_argument("answers", function);
  if (int s = check_string(question, "question", function); s != RF_OK) return s;
  auto& a = answers->a;
  if (std::string message = setter_mismatch(a.ruleset(), question, setter); !message.empty()) {
    a.unset(question);
    a.add_error({question, "wrong-type", message});
    return fail(RF_EANSWER, message);
  }
  if (a.set(std::string_view(question), value)) return RF_OK;
  return fail(RF_EANSWER,
              a.errors().empty() ? std::string("answer rejected") : a.errors().back().message);
}

/// set_answer() for the setters of a string value: `text` is checked first.
int set_string(rf_answers* answers, const char* question, const char* text, const char* what,
               Setter setter, const char* function) {
  if (int s = check_string(text, what, function); s != RF_OK) return s;
  const std::string_view view(text);
  const auto value =
      setter == Setter::choice ? redflag::Value::choice(view) : redflag::Value::text_value(view);
  return set_answer(answers, question, value, setter, function);
}

}  // namespace
}  // namespace redflag_c

using namespace redflag_c;

extern "C" {

int rf_answers_new(rf_answers** out, const rf_ruleset* ruleset) {
  if (!out) return null_argument("out", __func__);
  *out = nullptr;
  if (!ruleset) return null_argument("ruleset", __func__);
  return guarded([&] {
    *out = new rf_answers{redflag::Answers(ruleset->rs)};
    return RF_OK;
  });
}

void rf_answers_free(rf_answers* answers) {
  delete answers;
}

int rf_answers_clear(rf_answers* answers) {
  if (!answers) return null_argument("answers", __func__);
  answers->a.clear();
  return RF_OK;
}

int rf_answers_set_boolean(rf_answers* answers, const char* question, int value) {
  return guarded([&, fn = __func__] {
    return set_answer(answers, question, redflag::Value::of(value != 0), Setter::boolean, fn);
  });
}

int rf_answers_set_integer(rf_answers* answers, const char* question, long long value) {
  return guarded([&, fn = __func__] {
    return set_answer(answers, question, redflag::Value::of(static_cast<double>(value)),
                      Setter::number, fn);
  });
}

int rf_answers_set_number(rf_answers* answers, const char* question, double value) {
  return guarded([&, fn = __func__] {
    return set_answer(answers, question, redflag::Value::of(value), Setter::number, fn);
  });
}

int rf_answers_set_choice(rf_answers* answers, const char* question, const char* option) {
  return guarded([&, fn = __func__] {
    return set_string(answers, question, option, "option", Setter::choice, fn);
  });
}

int rf_answers_set_text(rf_answers* answers, const char* question, const char* text) {
  return guarded(
      [&, fn = __func__] { return set_string(answers, question, text, "text", Setter::text, fn); });
}

int rf_answers_unset(rf_answers* answers, const char* question) {
  return guarded([&, fn = __func__] {
    return set_answer(answers, question, redflag::Value{}, Setter::unset, fn);
  });
}

}  // extern "C"
