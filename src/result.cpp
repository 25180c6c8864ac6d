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

void Result::write_json(std::string& o) const {
  using namespace std::string_view_literals;  // appending a literal without strlen
  using io::append_string;
  using io::append_value;
  auto key = [&](std::string_view k) {
    o += '"';
    o += k;  // keys are identifiers: nothing to escape
    o += "\":"sv;
  };
  auto answers = [&](std::span<const Evidence> evidence) {
    o += "\"answers\":{"sv;
    for (std::size_t i = 0; i < evidence.size(); ++i) {
      if (i) o += ',';
      key(evidence[i].question);
      append_value(o, evidence[i].value);
    }
    o += '}';
  };
  if (!ruleset_) {
    o += R"({"ruleset":{"id":"","version":""},"level":null,"advice":null,"indicator":null,)"
         R"("complete":false,"fired":[],"unresolved":[],"values":{},"errors":[]})"sv;
    return;
  }
  const detail::Program& p = ruleset_->program();
  const auto index = [&](const Rule* r) { return std::size_t(r - p.rules.data()); };

  o += '{';
  o += p.ruleset_json;
  o += ',';
  if (ok()) {
    o += p.level_json[level_];
  } else {
    o += R"("level":null,"advice":null,"indicator":null)"sv;
  }
  o += complete() ? ",\"complete\":true"sv : ",\"complete\":false"sv;
  o += ",\"fired\":["sv;
  for (std::size_t i = 0; i < fired_.size(); ++i) {
    if (i) o += ',';
    o += p.rule_json[index(fired_[i].rule)];
    answers(fired_[i].answers);
    o += '}';
  }
  o += "],\"unresolved\":["sv;
  for (std::size_t i = 0; i < unresolved_.size(); ++i) {
    if (i) o += ',';
    o += p.rule_short_json[index(unresolved_[i].rule)];
    o += "\"missing\":["sv;
    for (std::size_t k = 0; k < unresolved_[i].missing.size(); ++k) {
      if (k) o += ',';
      append_string(o, unresolved_[i].missing[k]);
    }
    o += "]}"sv;
  }
  o += ']';
  if (explained_) {
    o += ",\"not_fired\":["sv;
    for (std::size_t i = 0; i < not_fired_.size(); ++i) {
      if (i) o += ',';
      o += p.rule_short_json[index(not_fired_[i].rule)];
      answers(not_fired_[i].answers);
      o += '}';
    }
    o += ']';
  }
  o += ",\"values\":{"sv;
  const auto values = this->values();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) o += ',';
    key(values[i].name);
    append_value(o, values[i].value);
  }
  o += "},\"errors\":["sv;
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    o += i ? ",{" : "{";
    o += "\"question\":"sv;
    append_string(o, errors_[i].question);
    o += ",\"code\":"sv;
    append_string(o, errors_[i].code);
    o += ",\"message\":"sv;
    append_string(o, errors_[i].message);
    o += '}';
  }
  o += "]}"sv;
}

}  // namespace v1
}  // namespace redflag
