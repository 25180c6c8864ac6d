// redflag: the JSON form of a Result (the shape documented in docs/result-json.md). The parts
// that depend only on the rule set (ids, titles, rationale, sources) were escaped once at load.
#include "redflag/result.hpp"

#include "eval/program.hpp"
#include "io/json_writer.hpp"

namespace redflag {
inline namespace v1 {

std::string Result::to_json() const {
  std::string out;
  write_json(out);
  return out;
}

void Result::write_json(std::string& out) const {
  using namespace std::string_view_literals;  // literals without strlen
  io::JsonOut o(out);
  // Writes the i-th of a list of identifiers (question ids, names: nothing to escape), quoted.
  const auto write_id = [](char* w, std::size_t i, std::string_view id) {
    if (i) *w++ = ',';
    *w++ = '"';
    w = io::write_raw(w, id);
    *w++ = '"';
    return w;
  };
  const auto quoted = [&](std::size_t i, std::string_view id) {
    o.advance(write_id(o.room(id.size() + 3), i, id));
  };
  // The i-th member "k":v of an object (keys are identifiers).
  const auto member = [&](std::size_t i, std::string_view k, const Value& v) {
    char* w = write_id(o.room(k.size() + 4 + io::value_room(v)), i, k);
    *w++ = ':';
    o.advance(io::write_value(w, v));
  };
  const auto answers = [&](std::span<const Evidence> evidence) {
    o.raw("\"answers\":{"sv);
    for (std::size_t i = 0; i < evidence.size(); ++i)
      member(i, evidence[i].question, evidence[i].value);
    o.raw("}}"sv);
  };
  if (!ruleset_) {
    o.raw(R"({"ruleset":{"id":"","version":""},"level":null,"advice":null,"indicator":null,)"
          R"("complete":false,"fired":[],"unresolved":[],"values":{},"errors":[]})"sv);
    return;
  }
  const detail::Program& p = ruleset_->program();
  const auto index = [&](const Rule* r) { return std::size_t(r - p.rules.data()); };
  const auto comma = [&](std::size_t i) {
    if (i) o.raw(',');
  };

  o.raw('{');
  o.raw(p.ruleset_json);
  o.raw(',');
  o.raw(ok() ? std::string_view(p.level_json[level_])
             : R"("level":null,"advice":null,"indicator":null)"sv);
  o.raw(complete() ? ",\"complete\":true,\"fired\":["sv : ",\"complete\":false,\"fired\":["sv);
  for (std::size_t i = 0; i < fired_.size(); ++i) {
    comma(i);
    o.raw(p.rule_json[index(fired_[i].rule)]);
    answers(fired_[i].answers);
  }
  o.raw("],\"unresolved\":["sv);
  for (std::size_t i = 0; i < unresolved_.size(); ++i) {
    comma(i);
    o.raw(p.rule_short_json[index(unresolved_[i].rule)]);
    o.raw("\"missing\":["sv);
    for (std::size_t k = 0; k < unresolved_[i].missing.size(); ++k)
      quoted(k, unresolved_[i].missing[k]);
    o.raw("]}"sv);
  }
  o.raw(']');
  if (explained_) {
    o.raw(",\"not_fired\":["sv);
    for (std::size_t i = 0; i < not_fired_.size(); ++i) {
      comma(i);
      o.raw(p.rule_short_json[index(not_fired_[i].rule)]);
      answers(not_fired_[i].answers);
    }
    o.raw(']');
  }
  o.raw(",\"values\":{"sv);
  const auto values = this->values();
  for (std::size_t i = 0; i < values.size(); ++i)
    member(i, values[i].name, values[i].value);
  o.raw("},\"errors\":["sv);
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    o.raw(i ? ",{\"question\":"sv : "{\"question\":"sv);
    o.string(errors_[i].question);
    o.raw(",\"code\":"sv);
    o.string(errors_[i].code);
    o.raw(",\"message\":"sv);
    o.string(errors_[i].message);
    o.raw('}');
  }
  o.raw("]}"sv);
}

}  // namespace v1
}  // namespace redflag
