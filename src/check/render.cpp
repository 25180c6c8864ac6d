// redflag: renders a loaded rule set back to rule-language text (see render.hpp).
#include "check/render.hpp"

#include <charconv>
#include <cmath>
#include <unordered_map>

#include "eval/program.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

/// Precedence of what an expression's text binds as (docs/rule-language.md, lowest first).
enum Prec { or_p = 1, and_p, not_p, cmp_p, add_p, mul_p, unary_p, primary_p };

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + '"';
}

/// The shortest text that reads back as exactly `v` (1e999 for infinity: the parser's overflow).
std::string number(double v) {
  if (std::isinf(v)) return v < 0 ? "-1e999" : "1e999";
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

class Renderer {
 public:
  explicit Renderer(const Program& p) : p_(p) {
    for (std::size_t i = 0; i < p.derived.size(); ++i)
      if (p.kind_of(p.derived_value[i]) == ValueKind::node)
        derived_name_.emplace(p.derived_value[i], p.derived[i].id);
    for (std::size_t i = 0; i < p.parameters.size(); ++i)
      derived_name_.emplace(p.parameter_value[i], p.parameters[i].id);
  }

  std::string render() const {
    std::string out = "ruleset " + p_.id;
    if (!p_.title.empty()) out += " " + quoted(p_.title);
    out += "\n";
    if (!p_.version.empty()) out += "version " + quoted(p_.version) + "\n";
    out += "levels {\n";
    for (const auto& l : p_.levels)
      out += "  " + l.id + " " + quoted(l.advice) + " indicator " +
             std::string(to_string(l.indicator)) + "\n";
    out += "}\ndefault " + p_.levels[p_.default_level].id + "\n";
    if (!p_.scope.population.empty()) {
      out += "scope " + quoted(p_.scope.population);
      for (const auto& e : p_.scope.excludes)
        out += "\n  excludes " + quoted(e);
      if (!p_.scope.source.empty()) out += "\n  source " + quoted(p_.scope.source);
      out += "\n";
    }
    for (const auto& a : p_.advice_items) {
      out += "advice " + a.id + " " + quoted(a.text);
      for (std::size_t i = 0; i < a.levels.size(); ++i)
        out += (i ? ", " : " for ") + p_.levels[a.levels[i]].id;
      if (!a.source.empty()) out += " source " + quoted(a.source);
      out += "\n";
    }
    for (const auto& param : p_.parameters) {
      out += "param " + param.id + " = " + number(param.value);
      if (!param.description.empty()) out += " " + quoted(param.description);
      out += "\n";
    }
    for (const auto& q : p_.questions)
      out += question(q);
    for (std::size_t i = 0; i < p_.derived.size(); ++i)
      out += "let " + p_.derived[i].id + " = " + expr(p_.derived_value[i], 0, true) + "\n";
    for (std::size_t i = 0; i < p_.rules.size(); ++i)
      out += rule(p_.rules[i], p_.rule_condition[i]);
    for (const auto& t : p_.tests)
      out += test(t);
    return out;
  }

 private:
  std::string question(const Question& q) const {
    std::string out = "question " + q.id + ": " + std::string(to_string(q.type));
    if (q.type == QuestionType::choice) {
      out += " {";
      for (std::size_t i = 0; i < q.options.size(); ++i) {
        out += (i ? ", " : " ") + q.options[i].id;
        if (!q.options[i].label.empty()) out += " " + quoted(q.options[i].label);
      }
      out += " }";
    }
    if (q.min && q.max) out += " " + number(*q.min) + ".." + number(*q.max);
    if (!q.unit.empty()) out += " unit " + quoted(q.unit);
    if (q.required) out += " required";
    return out + " " + quoted(q.prompt) + "\n";
  }

  std::string rule(const Rule& r, std::uint32_t condition) const {
    const std::string level = p_.levels[r.level].id;
    std::string out;
    if (r.missing_policy) {
      out = "on missing required -> " + level + " " + quoted(r.because);
    } else {
      out = "rule " + r.id + " " + quoted(r.title) + " -> " + level + "\n  when " +
            expr(condition, 0, false) + "\n  because " + quoted(r.because);
    }
    if (!r.source.empty()) out += " source " + quoted(r.source);
    for (std::size_t i = 0; i < r.tags.size(); ++i)
      out += (i ? ", " : " tags ") + r.tags[i];
    return out + "\n";
  }

  std::string literal(const Value& v) const {
    switch (v.kind) {
      case Value::Kind::boolean:
        return v.boolean ? "true" : "false";
      case Value::Kind::number:
        return number(v.number);
      case Value::Kind::choice:
        return std::string(v.text);
      case Value::Kind::text:
        return quoted(v.text);
      case Value::Kind::unknown:
        break;
    }
    return "unknown";
  }

  std::string test(const RuleTest& t) const {
    std::string out = "test " + quoted(t.name) + " {\n  given {";
    for (std::size_t i = 0; i < t.given.size(); ++i)
      out += (i ? ", " : " ") + t.given[i].question + ": " + literal(t.given[i].value);
    out += " }\n";
    const auto names = [](const std::vector<std::string>& ids) {
      std::string s;
      for (std::size_t i = 0; i < ids.size(); ++i)
        s += (i ? ", " : "") + ids[i];
      return s;
    };
    if (t.level) out += "  expect level " + *t.level + "\n";
    if (!t.fired.empty()) out += "  expect fired " + names(t.fired) + "\n";
    if (!t.not_fired.empty()) out += "  expect not fired " + names(t.not_fired) + "\n";
    if (!t.unresolved.empty()) out += "  expect unresolved " + names(t.unresolved) + "\n";
    if (t.complete) out += *t.complete ? "  expect complete\n" : "  expect incomplete\n";
    for (const auto& v : t.values)
      out += "  expect value " + v.name + " = " + (v.value ? literal(*v.value) : "unknown") + "\n";
    return out + "}\n";
  }

  /// Value `v` as an expression that binds at least as tightly as `need` (bracketed if not).
  /// `root`: write a derived value's own definition rather than its name.
  std::string expr(std::uint32_t v, int need, bool root) const {
    int prec = primary_p;
    std::string s = text(v, root, prec);
    return prec < need ? "(" + s + ")" : s;
  }

  std::string text(std::uint32_t v, bool root, int& prec) const {
    switch (p_.kind_of(v)) {
      case ValueKind::constant: {
        if (auto it = derived_name_.find(v); it != derived_name_.end()) return it->second;
        const double c = p_.initial[v].lo;
        if (p_.value_type[v] == QuestionType::boolean) return c != 0 ? "true" : "false";
        if (p_.value_type[v] == QuestionType::choice)
          return p_.choice_domain[v]->options[std::size_t(c)].id;
        if (std::signbit(c)) prec = unary_p;  // -3 reads back as a negation
        return number(c);
      }
      case ValueKind::answer:
        return p_.questions[v - p_.answer_base].id;
      case ValueKind::node:
        break;
    }
    if (!root)
      if (auto it = derived_name_.find(v); it != derived_name_.end()) return it->second;
    const Node& n = p_.node_of(v);
    const auto operand = [&](std::uint32_t i) { return p_.args[n.first + i]; };
    const auto list = [&](const char* sep, int need) {
      std::string s;
      for (std::uint32_t i = 0; i < n.count; ++i)
        s += (i ? sep : "") + expr(operand(i), need, false);
      return s;
    };
    const auto binary = [&](const char* op, int p, int left, int right) {
      prec = p;
      return expr(n.a, left, false) + op + expr(n.b, right, false);
    };
    switch (n.op) {
      case Op::and_:
      case Op::and2:
        return prec = and_p, list(" and ", not_p);
      case Op::or_:
      case Op::or2:
        return prec = or_p, list(" or ", and_p);
      case Op::not_:
        return prec = not_p, "not " + expr(n.a, not_p, false);
      case Op::neg:
        return prec = unary_p, "-" + expr(n.a, unary_p, false);
      case Op::add: {
        if (p_.is_count(n)) return "count(" + list(", ", 0) + ")";
        return binary(" + ", add_p, add_p, mul_p);
      }
      case Op::sub:
        return binary(" - ", add_p, add_p, mul_p);
      case Op::mul:
        return binary(" * ", mul_p, mul_p, unary_p);
      case Op::div:
        return binary(" / ", mul_p, mul_p, unary_p);
      case Op::min:
        return "min(" + list(", ", 0) + ")";
      case Op::max:
        return "max(" + list(", ", 0) + ")";
      case Op::eq:
        return binary(" == ", cmp_p, add_p, add_p);
      case Op::ne:
        return binary(" != ", cmp_p, add_p, add_p);
      case Op::lt:
        return binary(" < ", cmp_p, add_p, add_p);
      case Op::le:
        return binary(" <= ", cmp_p, add_p, add_p);
      case Op::gt:
        return binary(" > ", cmp_p, add_p, add_p);
      case Op::ge:
        return binary(" >= ", cmp_p, add_p, add_p);
      case Op::in: {
        const Question* domain = p_.choice_domain[n.a];
        std::string set;
        for (std::size_t i = 0; domain && i < domain->options.size(); ++i)
          if (n.mask >> i & 1) set += (set.empty() ? "" : ", ") + domain->options[i].id;
        prec = cmp_p;
        return expr(n.a, add_p, false) + " in {" + set + "}";
      }
      case Op::answered:
        return "answered(" + list(", ", 0) + ")";
    }
    return "?";
  }

  const Program& p_;
  std::unordered_map<std::uint32_t, std::string> derived_name_;  // and parameters' names
};

}  // namespace

std::string render(const Ruleset& ruleset) {
  return Renderer(ruleset.impl()).render();
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
