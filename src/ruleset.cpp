// redflag: the Ruleset handle: introspection and its JSON description.
#include "redflag/ruleset.hpp"

#include "answers_impl.hpp"
#include "eval/evaluate.hpp"
#include "eval/program.hpp"
#include "io/json_writer.hpp"
#include "result_impl.hpp"

namespace redflag {
inline namespace v1 {

Ruleset::Ruleset(std::shared_ptr<const Impl> impl) noexcept : impl_(std::move(impl)) {}

std::string_view Ruleset::id() const noexcept {
  return impl_->id;
}
std::string_view Ruleset::title() const noexcept {
  return impl_->title;
}
std::string_view Ruleset::version() const noexcept {
  return impl_->version;
}
std::string_view Ruleset::source_name() const noexcept {
  return impl_->source_name;
}
std::span<const Level> Ruleset::levels() const noexcept {
  return impl_->levels;
}
std::string_view Ruleset::content_hash() const noexcept {
  return impl_->content_hash;
}
const Level& Ruleset::default_level() const noexcept {
  return impl_->levels[impl_->default_level];
}
std::span<const Question> Ruleset::questions() const noexcept {
  return impl_->questions;
}
std::span<const Parameter> Ruleset::parameters() const noexcept {
  return impl_->parameters;
}
std::span<const Derived> Ruleset::derived() const noexcept {
  return impl_->derived;
}
std::span<const Rule> Ruleset::rules() const noexcept {
  return impl_->rules;
}
const Scope& Ruleset::scope() const noexcept {
  return impl_->scope;
}
std::span<const AdviceItem> Ruleset::advice_items() const noexcept {
  return impl_->advice_items;
}
std::span<const AdviceItem* const> Ruleset::advice_items(std::size_t level) const noexcept {
  if (level >= impl_->level_advice.size()) return {};
  return impl_->level_advice[level];
}
std::span<const RuleTest> Ruleset::tests() const noexcept {
  return impl_->tests;
}

namespace {
std::optional<std::size_t> find(const detail::NameIndex& index, std::string_view id) {
  auto it = index.find(id);
  if (it == index.end()) return std::nullopt;
  return it->second;
}
}  // namespace

std::optional<std::size_t> Ruleset::find_question(std::string_view id) const noexcept {
  return find(impl_->question_index, id);
}
std::optional<std::size_t> Ruleset::find_level(std::string_view id) const noexcept {
  return find(impl_->level_index, id);
}
std::optional<std::size_t> Ruleset::find_rule(std::string_view id) const noexcept {
  return find(impl_->rule_index, id);
}

void Ruleset::evaluate(const Answers& answers, Result& result,
                       const EvaluateOptions& options) const {
  Result::Impl& r = result.impl();
  if (!r.bound_to(*this)) r.bind(*this);
  detail::evaluate(*impl_, answers.impl(), r, options);
}

Result Ruleset::evaluate(const Answers& answers, const EvaluateOptions& options) const {
  Result r;
  evaluate(answers, r, options);
  return r;
}

std::string_view to_string(Indicator indicator) noexcept {
  switch (indicator) {
    case Indicator::info:
      return "info";
    case Indicator::warning:
      return "warning";
    case Indicator::critical:
      return "critical";
  }
  return "info";
}

std::string_view to_string(QuestionType type) noexcept {
  switch (type) {
    case QuestionType::boolean:
      return "boolean";
    case QuestionType::choice:
      return "choice";
    case QuestionType::integer:
      return "integer";
    case QuestionType::number:
      return "number";
    case QuestionType::text:
      return "text";
  }
  return "boolean";
}

std::string Ruleset::to_json() const {
  using io::append_number;
  using io::append_string;
  const auto& p = *impl_;
  std::string o;
  auto key = [&](std::string_view k) {
    append_string(o, k);
    o += ':';
  };
  o += '{';
  key("id"), append_string(o, p.id), o += ',';
  key("title"), append_string(o, p.title), o += ',';
  key("version"), append_string(o, p.version), o += ',';
  key("content_hash"), append_string(o, p.content_hash), o += ',';
  key("scope");
  if (p.scope.population.empty()) {
    o += "null,";
  } else {
    o += '{';
    key("population"), append_string(o, p.scope.population), o += ',';
    key("excludes"), o += '[';
    for (std::size_t i = 0; i < p.scope.excludes.size(); ++i)
      o += i ? "," : "", append_string(o, p.scope.excludes[i]);
    o += "],";
    key("source"), append_string(o, p.scope.source), o += "},";
  }
  key("levels"), o += '[';
  for (const auto& l : p.levels) {
    o += (&l == p.levels.data() ? "{" : ",{");
    key("id"), append_string(o, l.id), o += ',';
    key("advice"), append_string(o, l.advice), o += ',';
    key("indicator"), append_string(o, to_string(l.indicator)), o += ',';
    key("rank"), append_number(o, double(l.rank)), o += '}';
  }
  o += "],";
  key("default"), append_string(o, p.levels[p.default_level].id), o += ',';
  key("advice_items"), o += '[';
  for (const auto& a : p.advice_items) {
    o += (&a == p.advice_items.data() ? "{" : ",{");
    key("id"), append_string(o, a.id), o += ',';
    key("text"), append_string(o, a.text), o += ',';
    key("source"), append_string(o, a.source), o += ',';
    key("levels"), o += '[';
    for (std::size_t i = 0; i < a.levels.size(); ++i)
      o += i ? "," : "", append_string(o, p.levels[a.levels[i]].id);
    o += "]}";
  }
  o += "],";
  key("questions"), o += '[';
  for (const auto& q : p.questions) {
    o += (&q == p.questions.data() ? "{" : ",{");
    key("id"), append_string(o, q.id), o += ',';
    key("type"), append_string(o, to_string(q.type)), o += ',';
    key("prompt"), append_string(o, q.prompt), o += ',';
    key("required"), o += q.required ? "true" : "false";
    if (q.type == QuestionType::choice) {
      o += ',', key("options"), o += '[';
      for (const auto& opt : q.options) {
        o += (&opt == q.options.data() ? "{" : ",{");
        key("id"), append_string(o, opt.id), o += ',';
        key("label"), append_string(o, opt.label.empty() ? opt.id : opt.label), o += '}';
      }
      o += ']';
    }
    if (q.min) o += ',', key("min"), append_number(o, *q.min);
    if (q.max) o += ',', key("max"), append_number(o, *q.max);
    if (!q.unit.empty()) o += ',', key("unit"), append_string(o, q.unit);
    o += '}';
  }
  o += "],";
  key("parameters"), o += '[';
  for (const auto& x : p.parameters) {
    o += (&x == p.parameters.data() ? "{" : ",{");
    key("id"), append_string(o, x.id), o += ',';
    key("value"), append_number(o, x.value), o += ',';
    key("description"), append_string(o, x.description), o += '}';
  }
  o += "],";
  key("derived"), o += '[';
  for (const auto& d : p.derived) {
    o += (&d == p.derived.data() ? "{" : ",{");
    key("id"), append_string(o, d.id), o += ',';
    key("type"), append_string(o, to_string(d.type)), o += ',';
    key("expression"), append_string(o, d.expression), o += '}';
  }
  o += "],";
  key("rules"), o += '[';
  for (const auto& r : p.rules) {
    o += (&r == p.rules.data() ? "{" : ",{");
    key("id"), append_string(o, r.id), o += ',';
    key("title"), append_string(o, r.title), o += ',';
    key("level"), append_string(o, p.levels[r.level].id), o += ',';
    key("when"), append_string(o, r.condition), o += ',';
    key("because"), append_string(o, r.because), o += ',';
    key("source"), append_string(o, r.source), o += ',';
    key("tags"), o += '[';
    for (std::size_t i = 0; i < r.tags.size(); ++i)
      o += i ? "," : "", append_string(o, r.tags[i]);
    o += "]}";
  }
  o += "]}";
  return o;
}

}  // namespace v1
}  // namespace redflag
