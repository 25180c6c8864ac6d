// redflag: the JSON form of a Result (the shape documented in docs/result-json.md).
#include "redflag/result.hpp"

#include "io/json_writer.hpp"

namespace redflag {
inline namespace v1 {

std::string Result::to_json() const {
  std::string out;
  write_json(out);
  return out;
}

void Result::write_json(std::string& o) const {
  using io::append_string;
  using io::append_value;
  auto key = [&](std::string_view k) {
    append_string(o, k);
    o += ':';
  };
  auto evidence = [&](std::span<const Evidence> answers) {
    key("answers"), o += '{';
    for (std::size_t i = 0; i < answers.size(); ++i) {
      if (i) o += ',';
      key(answers[i].question);
      append_value(o, answers[i].value);
    }
    o += '}';
  };
  const Ruleset* rs = ruleset();
  const auto levels = rs ? rs->levels() : std::span<const Level>{};
  o += '{';
  key("ruleset"), o += '{';
  key("id"), append_string(o, rs ? rs->id() : ""), o += ',';
  key("version"), append_string(o, rs ? rs->version() : ""), o += "},";
  const Level* l = level();
  key("level"), l ? append_string(o, l->id) : void(o += "null"), o += ',';
  key("advice"), l ? append_string(o, l->advice) : void(o += "null"), o += ',';
  key("indicator"), l ? append_string(o, to_string(l->indicator)) : void(o += "null"), o += ',';
  key("complete"), o += complete() ? "true" : "false", o += ',';
  key("fired"), o += '[';
  for (std::size_t i = 0; i < fired_.size(); ++i) {
    const Rule& r = *fired_[i].rule;
    o += i ? ",{" : "{";
    key("id"), append_string(o, r.id), o += ',';
    key("title"), append_string(o, r.title), o += ',';
    key("level"), append_string(o, levels[r.level].id), o += ',';
    key("because"), append_string(o, r.because), o += ',';
    key("source"), append_string(o, r.source), o += ',';
    evidence(fired_[i].answers);
    o += '}';
  }
  o += "],";
  key("unresolved"), o += '[';
  for (std::size_t i = 0; i < unresolved_.size(); ++i) {
    const Rule& r = *unresolved_[i].rule;
    o += i ? ",{" : "{";
    key("id"), append_string(o, r.id), o += ',';
    key("level"), append_string(o, levels[r.level].id), o += ',';
    key("missing"), o += '[';
    for (std::size_t k = 0; k < unresolved_[i].missing.size(); ++k)
      o += k ? "," : "", append_string(o, unresolved_[i].missing[k]);
    o += "]}";
  }
  o += "],";
  if (explained_) {
    key("not_fired"), o += '[';
    for (std::size_t i = 0; i < not_fired_.size(); ++i) {
      const Rule& r = *not_fired_[i].rule;
      o += i ? ",{" : "{";
      key("id"), append_string(o, r.id), o += ',';
      key("level"), append_string(o, levels[r.level].id), o += ',';
      evidence(not_fired_[i].answers);
      o += '}';
    }
    o += "],";
  }
  key("values"), o += '{';
  const auto values = this->values();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) o += ',';
    key(values[i].name);
    append_value(o, values[i].value);
  }
  o += "},";
  key("errors"), o += '[';
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    o += i ? ",{" : "{";
    key("question"), append_string(o, errors_[i].question), o += ',';
    key("code"), append_string(o, errors_[i].code), o += ',';
    key("message"), append_string(o, errors_[i].message), o += '}';
  }
  o += "]}";
}

}  // namespace v1
}  // namespace redflag
