// redflag C ABI: what a loaded rule set declares (levels, questions, options, parameters, JSON).
#include <limits>
#include <span>

#include "handles.hpp"

namespace redflag_c {
namespace {

const redflag::Level* level_at(const rf_ruleset* ruleset, std::size_t level, const char* function) {
  if (!ruleset) return null_argument("ruleset", function), nullptr;
  return element(ruleset->rs.levels(), level, "level", function);
}

const redflag::Question* question_at(const rf_ruleset* ruleset, std::size_t question,
                                     const char* function) {
  if (!ruleset) return null_argument("ruleset", function), nullptr;
  return element(ruleset->rs.questions(), question, "question", function);
}

const redflag::Option* option_at(const rf_ruleset* ruleset, std::size_t question,
                                 std::size_t option, const char* function) {
  const auto* q = question_at(ruleset, question, function);
  return q ? element(std::span(q->options), option, "option", function) : nullptr;
}

const redflag::Parameter* parameter_at(const rf_ruleset* ruleset, std::size_t parameter,
                                       const char* function) {
  if (!ruleset) return null_argument("ruleset", function), nullptr;
  return element(ruleset->rs.parameters(), parameter, "parameter", function);
}

}  // namespace
}  // namespace redflag_c

using namespace redflag_c;

extern "C" {

void rf_ruleset_free(rf_ruleset* ruleset) {
  delete ruleset;
}

const char* rf_ruleset_id(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), nullptr;
  return ruleset->id.c_str();
}

const char* rf_ruleset_version(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), nullptr;
  return ruleset->version.c_str();
}

const char* rf_ruleset_title(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), nullptr;
  return ruleset->title.c_str();
}

const char* rf_ruleset_content_hash(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), nullptr;
  return ruleset->rs.content_hash().data();
}

// ---- scope ----------------------------------------------------------------------------------

const char* rf_ruleset_scope(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), nullptr;
  return ruleset->rs.scope().population.c_str();
}

size_t rf_ruleset_scope_exclusion_count(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), 0;
  return ruleset->rs.scope().excludes.size();
}

const char* rf_ruleset_scope_exclusion(const rf_ruleset* ruleset, size_t i) {
  if (!ruleset) return null_argument("ruleset", __func__), nullptr;
  const auto* e = element(std::span(ruleset->rs.scope().excludes), i, "exclusion", __func__);
  return e ? e->c_str() : nullptr;
}

const char* rf_ruleset_scope_source(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), nullptr;
  return ruleset->rs.scope().source.c_str();
}

// ---- levels ---------------------------------------------------------------------------------

size_t rf_ruleset_level_count(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), 0;
  return ruleset->rs.levels().size();
}

const char* rf_ruleset_level_id(const rf_ruleset* ruleset, size_t level) {
  const auto* l = level_at(ruleset, level, __func__);
  return l ? l->id.c_str() : nullptr;
}

const char* rf_ruleset_level_advice(const rf_ruleset* ruleset, size_t level) {
  const auto* l = level_at(ruleset, level, __func__);
  return l ? l->advice.c_str() : nullptr;
}

const char* rf_ruleset_level_indicator(const rf_ruleset* ruleset, size_t level) {
  const auto* l = level_at(ruleset, level, __func__);
  return l ? redflag::to_string(l->indicator).data() : nullptr;
}

// ---- questions and options --------------------------------------------------------------------

size_t rf_ruleset_question_count(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), 0;
  return ruleset->rs.questions().size();
}

const char* rf_ruleset_question_id(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, __func__);
  return q ? q->id.c_str() : nullptr;
}

int rf_ruleset_question_type(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, __func__);
  if (!q) return -1;
  switch (q->type) {
    case redflag::QuestionType::boolean:
      return RF_BOOLEAN;
    case redflag::QuestionType::choice:
      return RF_CHOICE;
    case redflag::QuestionType::integer:
      return RF_INTEGER;
    case redflag::QuestionType::number:
      return RF_NUMBER;
    case redflag::QuestionType::text:
      return RF_TEXT;
  }
  return -1;
}

const char* rf_ruleset_question_prompt(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, __func__);
  return q ? q->prompt.c_str() : nullptr;
}

int rf_ruleset_question_required(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, __func__);
  return q && q->required ? 1 : 0;
}

const char* rf_ruleset_question_unit(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, __func__);
  return q ? q->unit.c_str() : nullptr;
}

int rf_ruleset_question_range(const rf_ruleset* ruleset, size_t question, double* min,
                              double* max) {
  const auto* q = question_at(ruleset, question, __func__);
  if (!q || (!q->min && !q->max)) return 0;
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (min) *min = q->min.value_or(-inf);
  if (max) *max = q->max.value_or(inf);
  return 1;
}

size_t rf_ruleset_option_count(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, __func__);
  return q ? q->options.size() : 0;
}

const char* rf_ruleset_option_id(const rf_ruleset* ruleset, size_t question, size_t option) {
  const auto* o = option_at(ruleset, question, option, __func__);
  return o ? o->id.c_str() : nullptr;
}

const char* rf_ruleset_option_label(const rf_ruleset* ruleset, size_t question, size_t option) {
  const auto* o = option_at(ruleset, question, option, __func__);
  return o ? o->label.c_str() : nullptr;
}

// ---- parameters -------------------------------------------------------------------------------

size_t rf_ruleset_parameter_count(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), 0;
  return ruleset->rs.parameters().size();
}

const char* rf_ruleset_parameter_id(const rf_ruleset* ruleset, size_t parameter) {
  const auto* p = parameter_at(ruleset, parameter, __func__);
  return p ? p->id.c_str() : nullptr;
}

double rf_ruleset_parameter_value(const rf_ruleset* ruleset, size_t parameter) {
  const auto* p = parameter_at(ruleset, parameter, __func__);
  return p ? p->value : std::numeric_limits<double>::quiet_NaN();
}

const char* rf_ruleset_parameter_description(const rf_ruleset* ruleset, size_t parameter) {
  const auto* p = parameter_at(ruleset, parameter, __func__);
  return p ? p->description.c_str() : nullptr;
}

const char* rf_ruleset_json(const rf_ruleset* ruleset) {
  if (!ruleset) return null_argument("ruleset", __func__), nullptr;
  return ruleset->json.c_str();
}

}  // extern "C"
