// redflag C ABI: evaluation (rf_evaluate, rf_evaluate_json) and its result (rf_result).
#include <span>
#include <string>
#include <string_view>

#include "handles.hpp"

namespace redflag_c {
namespace {

redflag::EvaluateOptions evaluate_options(unsigned flags) {
  redflag::EvaluateOptions options;
  options.explain = (flags & RF_EXPLAIN) != 0;
  return options;
}

/// The status of an evaluation into `result`: RF_OK with a level, else RF_EANSWER naming the
/// first error (and how many more there are).
int after_evaluate(rf_result* result) {
  result->invalidate();
  if (result->r.ok()) return RF_OK;
  const auto errors = result->r.errors();
  if (errors.empty()) return fail(RF_EANSWER, "the evaluation has no level");
  std::string message = errors.front().message;
  if (errors.size() > 1) {
    message += " (and " + std::to_string(errors.size() - 1) + " more error" +
               (errors.size() > 2 ? "s" : "") + ")";
  }
  return fail(RF_EANSWER, message);
}

/// Leaves `result` empty (no level, no errors) after rejected arguments.
void reset_result(rf_result* result) noexcept {
  if (!result) return;
  result->r = redflag::Result{};
  result->invalidate();
}

/// The level of an ok() result; null for an error result, or for a NULL one (recorded).
const redflag::Level* level_of(const rf_result* result, const char* function) {
  if (!result) return null_argument("result", function), nullptr;
  return result->r.ok() ? &result->r.level() : nullptr;
}

const redflag::FiredRule* fired_at(const rf_result* result, std::size_t i, const char* function) {
  if (!result) return null_argument("result", function), nullptr;
  return element(result->r.fired(), i, "fired rule", function);
}

const redflag::Evidence* evidence_at(const rf_result* result, std::size_t i, std::size_t j,
                                     const char* function) {
  const auto* f = fired_at(result, i, function);
  return f ? element(f->answers, j, "evidence", function) : nullptr;
}

const redflag::AdviceItem* advice_at(const rf_result* result, std::size_t i, const char* function) {
  if (!result) return null_argument("result", function), nullptr;
  const auto* item = element(result->r.advice_items(), i, "advice item", function);
  return item ? *item : nullptr;
}

const redflag::UnresolvedRule* unresolved_at(const rf_result* result, std::size_t i,
                                             const char* function) {
  if (!result) return null_argument("result", function), nullptr;
  return element(result->r.unresolved(), i, "unresolved rule", function);
}

const redflag::AnswerError* error_at(const rf_result* result, std::size_t i, const char* function) {
  if (!result) return null_argument("result", function), nullptr;
  return element(result->r.errors(), i, "error", function);
}

/// The id of a rule's level (NUL-terminated, owned by the rule set).
const char* level_id_of(const rf_result* result, const redflag::Rule& rule) {
  const auto* rs = result->r.ruleset();
  if (!rs || rule.level >= rs->levels().size()) return nullptr;
  return rs->levels()[rule.level].id.c_str();
}

/// A NUL-terminated question id for a view the result hands out.
const char* question_id(const rf_result* result, std::string_view id) {
  const auto* rs = result->r.ruleset();
  const auto q = rs ? rs->find_question(id) : std::nullopt;
  return q ? rs->questions()[*q].id.c_str() : nullptr;
}

/// Makes the JSON texts of evidence and derived values, once per evaluation.
void fill_texts(const rf_result& res) {
  if (res.texts_ready) return;
  const auto fired = res.r.fired();
  std::size_t total = 0;
  res.evidence_begin.resize(fired.size() + 1);
  for (std::size_t i = 0; i < fired.size(); ++i) {
    res.evidence_begin[i] = total;
    total += fired[i].answers.size();
  }
  res.evidence_begin[fired.size()] = total;
  if (res.evidence_text.size() < total) res.evidence_text.resize(total);
  for (std::size_t i = 0; i < fired.size(); ++i) {
    for (std::size_t j = 0; j < fired[i].answers.size(); ++j)
      res.evidence_text[res.evidence_begin[i] + j] = redflag::to_json(fired[i].answers[j].value);
  }
  const auto values = res.r.values();
  if (res.value_text.size() < values.size()) res.value_text.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    res.value_text[i] = redflag::to_json(values[i].value);
  res.texts_ready = true;
}

}  // namespace
}  // namespace redflag_c

using namespace redflag_c;

extern "C" {

// ---- evaluation -------------------------------------------------------------------------------

int rf_result_new(rf_result** out) {
  if (!out) return null_argument("out", __func__);
  *out = nullptr;
  return guarded([&] {
    *out = new rf_result{};
    return RF_OK;
  });
}

void rf_result_free(rf_result* result) {
  delete result;
}

int rf_evaluate(rf_result* result, const rf_ruleset* ruleset, const rf_answers* answers,
                unsigned flags) {
  if (!result) return null_argument("result", __func__);
  if (!ruleset || !answers) {
    reset_result(result);
    return null_argument(!ruleset ? "ruleset" : "answers", __func__);
  }
  return guarded([&, fn = __func__] {
    ruleset->rs.evaluate(answers->a, result->r, evaluate_options(flags));
    const int status = after_evaluate(result);
    // The result is then an error result with the one error "wrong-ruleset".
    const auto errors = result->r.errors();
    if (!errors.empty() && errors.front().code == "wrong-ruleset") {
      return fail(RF_EINVALID, std::string(fn) + ": the answers are bound to another rule set ('" +
                                   std::string(answers->a.ruleset().id()) + "', not '" +
                                   ruleset->id + "')");
    }
    return status;
  });
}

int rf_evaluate_json(rf_result* result, const rf_ruleset* ruleset, const char* json, size_t length,
                     unsigned flags) {
  if (!result) return null_argument("result", __func__);
  if (!ruleset || !json) {
    reset_result(result);
    return null_argument(!ruleset ? "ruleset" : "json", __func__);
  }
  const std::string_view text(json, length);
  return guarded([&, fn = __func__] {
    auto& a = result->json_answers;
    if (!a || result->json_serial != ruleset->serial) {
      a.emplace(ruleset->rs);
      result->json_serial = ruleset->serial;
    }
    a->read_json(text);
    // Text that is not UTF-8 is refused (RF_EINVALID, not an error result). It is never read as
    // JSON either (string bytes are checked; any other byte above 0x7f is a syntax error), so
    // only text read as invalid JSON needs scanning.
    if (a->errors().size() == 1 && a->errors().front().code == "invalid-json") {
      if (const auto bad = invalid_utf8(text); bad != std::string_view::npos) {
        reset_result(result);
        return fail(RF_EINVALID, std::string(fn) + ": the JSON is not valid UTF-8 (byte " +
                                     std::to_string(bad) + ")");
      }
    }
    ruleset->rs.evaluate(*a, result->r, evaluate_options(flags));
    return after_evaluate(result);
  });
}

// ---- the level --------------------------------------------------------------------------------

int rf_result_ok(const rf_result* result) {
  if (!result) return null_argument("result", __func__), 0;
  return result->r.ok() ? 1 : 0;
}

const char* rf_result_level(const rf_result* result) {
  const auto* level = level_of(result, __func__);
  return level ? level->id.c_str() : nullptr;
}

int rf_result_level_rank(const rf_result* result) {
  const auto* level = level_of(result, __func__);
  return level ? static_cast<int>(level->rank) : -1;
}

const char* rf_result_advice(const rf_result* result) {
  const auto* level = level_of(result, __func__);
  return level ? level->advice.c_str() : nullptr;
}

const char* rf_result_indicator(const rf_result* result) {
  const auto* level = level_of(result, __func__);
  return level ? redflag::to_string(level->indicator).data() : nullptr;
}

size_t rf_result_advice_item_count(const rf_result* result) {
  if (!result) return null_argument("result", __func__), 0;
  return result->r.advice_items().size();
}

const char* rf_result_advice_item_id(const rf_result* result, size_t i) {
  const auto* a = advice_at(result, i, __func__);
  return a ? a->id.c_str() : nullptr;
}

const char* rf_result_advice_item_text(const rf_result* result, size_t i) {
  const auto* a = advice_at(result, i, __func__);
  return a ? a->text.c_str() : nullptr;
}

const char* rf_result_advice_item_source(const rf_result* result, size_t i) {
  const auto* a = advice_at(result, i, __func__);
  return a ? a->source.c_str() : nullptr;
}

int rf_result_complete(const rf_result* result) {
  if (!result) return null_argument("result", __func__), 0;
  return result->r.complete() ? 1 : 0;
}

// ---- fired rules ------------------------------------------------------------------------------

size_t rf_result_fired_count(const rf_result* result) {
  if (!result) return null_argument("result", __func__), 0;
  return result->r.fired().size();
}

const char* rf_result_fired_id(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, __func__);
  return f ? f->rule->id.c_str() : nullptr;
}

const char* rf_result_fired_title(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, __func__);
  return f ? f->rule->title.c_str() : nullptr;
}

const char* rf_result_fired_level(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, __func__);
  return f ? level_id_of(result, *f->rule) : nullptr;
}

const char* rf_result_fired_because(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, __func__);
  return f ? f->rule->because.c_str() : nullptr;
}

const char* rf_result_fired_source(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, __func__);
  return f ? f->rule->source.c_str() : nullptr;
}

size_t rf_result_fired_evidence_count(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, __func__);
  return f ? f->answers.size() : 0;
}

const char* rf_result_fired_evidence_question(const rf_result* result, size_t i, size_t j) {
  return guarded_get<const char*>(nullptr, [&, fn = __func__]() -> const char* {
    const auto* e = evidence_at(result, i, j, fn);
    return e ? question_id(result, e->question) : nullptr;
  });
}

const char* rf_result_fired_evidence_value(const rf_result* result, size_t i, size_t j) {
  return guarded_get<const char*>(nullptr, [&, fn = __func__]() -> const char* {
    if (!evidence_at(result, i, j, fn)) return nullptr;
    fill_texts(*result);
    return result->evidence_text[result->evidence_begin[i] + j].c_str();
  });
}

// ---- unresolved rules -------------------------------------------------------------------------

size_t rf_result_unresolved_count(const rf_result* result) {
  if (!result) return null_argument("result", __func__), 0;
  return result->r.unresolved().size();
}

const char* rf_result_unresolved_id(const rf_result* result, size_t i) {
  const auto* u = unresolved_at(result, i, __func__);
  return u ? u->rule->id.c_str() : nullptr;
}

const char* rf_result_unresolved_level(const rf_result* result, size_t i) {
  const auto* u = unresolved_at(result, i, __func__);
  return u ? level_id_of(result, *u->rule) : nullptr;
}

size_t rf_result_unresolved_missing_count(const rf_result* result, size_t i) {
  const auto* u = unresolved_at(result, i, __func__);
  return u ? u->missing.size() : 0;
}

const char* rf_result_unresolved_missing(const rf_result* result, size_t i, size_t j) {
  return guarded_get<const char*>(nullptr, [&, fn = __func__]() -> const char* {
    const auto* u = unresolved_at(result, i, fn);
    const auto* missing = u ? element(u->missing, j, "missing question", fn) : nullptr;
    return missing ? question_id(result, *missing) : nullptr;
  });
}

// ---- derived values ---------------------------------------------------------------------------

size_t rf_result_value_count(const rf_result* result) {
  return guarded_get<size_t>(0, [&, fn = __func__]() -> size_t {
    if (!result) return null_argument("result", fn), 0;
    return result->r.values().size();
  });
}

const char* rf_result_value_name(const rf_result* result, size_t i) {
  return guarded_get<const char*>(nullptr, [&, fn = __func__]() -> const char* {
    if (!result) return null_argument("result", fn), nullptr;
    const auto* value = element(result->r.values(), i, "value", fn);
    if (!value) return nullptr;
    // Values follow Ruleset::derived(), whose ids are NUL-terminated.
    const auto* rs = result->r.ruleset();
    if (rs && i < rs->derived().size() && rs->derived()[i].id == value->name) {
      return rs->derived()[i].id.c_str();
    }
    return fail(RF_ERROR, "internal error: derived values out of order"), nullptr;
  });
}

const char* rf_result_value(const rf_result* result, size_t i) {
  return guarded_get<const char*>(nullptr, [&, fn = __func__]() -> const char* {
    if (!result) return null_argument("result", fn), nullptr;
    if (!element(result->r.values(), i, "value", fn)) return nullptr;
    fill_texts(*result);
    return result->value_text[i].c_str();
  });
}

// ---- errors -----------------------------------------------------------------------------------

size_t rf_result_error_count(const rf_result* result) {
  if (!result) return null_argument("result", __func__), 0;
  return result->r.errors().size();
}

const char* rf_result_error_question(const rf_result* result, size_t i) {
  const auto* e = error_at(result, i, __func__);
  return e ? e->question.c_str() : nullptr;
}

const char* rf_result_error_code(const rf_result* result, size_t i) {
  const auto* e = error_at(result, i, __func__);
  return e ? e->code.c_str() : nullptr;
}

const char* rf_result_error_message(const rf_result* result, size_t i) {
  const auto* e = error_at(result, i, __func__);
  return e ? e->message.c_str() : nullptr;
}

// ---- JSON -------------------------------------------------------------------------------------

const char* rf_result_json(const rf_result* result) {
  return guarded_get<const char*>(nullptr, [&, fn = __func__]() -> const char* {
    if (!result) return null_argument("result", fn), nullptr;
    if (!result->json_ready) {
      result->json.clear();
      result->r.write_json(result->json);
      result->json_ready = true;
    }
    return result->json.c_str();
  });
}

}  // extern "C"
