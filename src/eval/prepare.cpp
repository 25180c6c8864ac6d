// redflag: preparing a checked program for evaluation (see prepare.hpp).
#include "eval/prepare.hpp"

#include <string>
#include <string_view>

#include "eval/kernel.hpp"
#include "eval/walk.hpp"
#include "io/json_writer.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

/// Per question, its evidence as a boolean, indexed by the answer's truth bits: false, (never),
/// unknown, true (Program::answer_evidence).
void add_answer_evidence(Program& p) {
  for (std::size_t q = 0; q < p.questions.size(); ++q) {
    const std::string_view id = p.questions[q].id;
    const Evidence no{id, Value::of(false)}, unknown{id, Value::unknown_value()};
    p.answer_evidence.insert(p.answer_evidence.end(),
                             {no, no, unknown, Evidence{id, Value::of(true)}});
  }
}

/// The JSON text of the result that depends only on the rule set, escaped once here; the result
/// writer (src/result.cpp) copies it around what an evaluation found.
void add_result_json(Program& p) {
  using io::append_string;
  auto field = [](std::string& o, std::string_view key, std::string_view value) {
    append_string(o, key);
    o += ':';
    append_string(o, value);
  };
  for (const auto& l : p.levels) {
    std::string& o = p.level_json.emplace_back();
    field(o, "level", l.id), o += ',';
    field(o, "advice", l.advice), o += ',';
    field(o, "indicator", to_string(l.indicator));
    o += ",\"advice_items\":[";
    for (const AdviceItem* a : p.level_advice[l.rank]) {
      if (o.back() != '[') o += ',';
      o += '{';
      field(o, "id", a->id), o += ',';
      field(o, "text", a->text), o += ',';
      field(o, "source", a->source), o += '}';
    }
    o += ']';
  }
  for (const auto& r : p.rules) {
    std::string& o = p.rule_json.emplace_back("{");
    field(o, "id", r.id), o += ',';
    field(o, "title", r.title), o += ',';
    field(o, "level", p.levels[r.level].id), o += ',';
    field(o, "because", r.because), o += ',';
    field(o, "source", r.source), o += ',';
    std::string& s = p.rule_short_json.emplace_back("{");
    field(s, "id", r.id), s += ',';
    field(s, "level", p.levels[r.level].id), s += ',';
  }
  p.ruleset_json = "\"ruleset\":{";
  field(p.ruleset_json, "id", p.id), p.ruleset_json += ',';
  field(p.ruleset_json, "version", p.version), p.ruleset_json += ',';
  field(p.ruleset_json, "content_hash", p.content_hash), p.ruleset_json += '}';
}

}  // namespace

void prepare(Program& p) {
  add_answer_evidence(p);
  for (const auto& rule : p.rules)
    p.rule_level.push_back(rule.level);
  p.level_advice.resize(p.levels.size());
  for (const auto& a : p.advice_items)
    for (std::size_t level : a.levels)
      p.level_advice[level].push_back(&a);
  add_result_json(p);
  for (std::size_t q = 0; q < p.questions.size(); ++q) {
    if (p.questions[q].type == QuestionType::text) p.text_questions.push_back(std::uint32_t(q));
  }
  p.walk_capacity = walk_capacity(p);
  p.kernel = find_kernel(p);  // the bundled rule sets run the kernels the build made
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
