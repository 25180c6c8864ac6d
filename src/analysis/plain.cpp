// redflag analysis: plain words (see plain.hpp). Rendered from the lowered program, so what is
// shown is what is evaluated; parameters appear as their values.
#include "analysis/plain.hpp"

#include <cstdio>
#include <map>
#include <optional>

#include "analysis/names.hpp"
#include "eval/program.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", x);
  return buffer;
}

class Words {
 public:
  /// Renders a text that names the derived values `named` (those are shown by name; an
  /// expression it writes out is shown written out, even where a `let` computes the same).
  Words(const Ruleset& ruleset, std::uint32_t self, const std::vector<NameRef>& named)
      : p_(ruleset.impl()), self_(self) {
    for (const NameRef& n : named) {
      if (n.kind != NameRef::Kind::derived) continue;
      const std::uint32_t v = p_.derived_value[n.index];
      if (p_.kind_of(v) == ValueKind::node) derived_.emplace(v, n.index);
    }
  }

  /// Value `v` read as true or false.
  std::string truth(std::uint32_t v) {
    if (auto d = derived_name(v)) return *d;
    switch (p_.kind_of(v)) {
      case ValueKind::constant:
        return p_.initial[v].lo == 1 ? "yes" : "no";
      case ValueKind::answer:
        return humanize(question(v).id) + " is yes";
      case ValueKind::node:
        break;
    }
    const Node& n = p_.node_of(v);
    const std::uint32_t* a = p_.args.data() + n.first;
    switch (n.op) {
      case Op::and_:
      case Op::and2:
      case Op::or_:
      case Op::or2: {
        const bool is_and = n.op == Op::and_ || n.op == Op::and2;
        std::string out;
        for (std::uint32_t k = 0; k < n.count; ++k) {
          std::string part = truth(a[k]);
          if (compound(a[k])) part = "(" + part + ")";
          out += (k ? (is_and ? " AND " : " OR ") : "") + part;
        }
        return out;
      }
      case Op::not_: {
        if (p_.kind_of(n.a) == ValueKind::answer && !derived_name(n.a))
          return humanize(question(n.a).id) + " is no";
        if (p_.kind_of(n.a) == ValueKind::node && p_.node_of(n.a).op == Op::answered &&
            !derived_name(n.a))
          return answered(p_.node_of(n.a), false);
        return "NOT (" + truth(n.a) + ")";
      }
      case Op::answered:
        return answered(n, true);
      case Op::in: {
        std::string out = amount(n.a) + " is one of ";
        const Question* q = p_.choice_domain[n.a];
        bool first = true;
        for (std::size_t i = 0; q && i < q->options.size(); ++i) {
          if (!((n.mask >> i) & 1u)) continue;
          out += (first ? "" : ", ") + option(*q, i);
          first = false;
        }
        return out;
      }
      case Op::eq:
      case Op::ne:
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge:
        return amount(n.a) + " " + relation(n.op, n.a) + " " + amount(n.b);
      default:
        return amount(v) + " is not 0";
    }
  }

  /// Value `v` read as a number or a choice.
  std::string amount(std::uint32_t v) {
    if (auto d = derived_name(v)) return *d;
    switch (p_.kind_of(v)) {
      case ValueKind::constant: {
        const Question* q = p_.choice_domain[v];
        if (q) return option(*q, std::size_t(p_.initial[v].lo));
        if (p_.value_type[v] == QuestionType::boolean) return p_.initial[v].lo == 1 ? "yes" : "no";
        return number(p_.initial[v].lo);
      }
      case ValueKind::answer: {
        const Question& q = question(v);
        return humanize(q.id) + (q.unit.empty() ? "" : " (" + q.unit + ")");
      }
      case ValueKind::node:
        break;
    }
    const Node& n = p_.node_of(v);
    const std::uint32_t* a = p_.args.data() + n.first;
    auto list = [&](auto&& each) {
      std::string out;
      for (std::uint32_t k = 0; k < n.count; ++k)
        out += (k ? ", " : "") + each(a[k]);
      return out;
    };
    switch (n.op) {
      case Op::add: {
        if (p_.is_count(n))
          return "the number of [" + list([&](std::uint32_t x) { return truth(x); }) + "]";
        std::string out;
        for (std::uint32_t k = 0; k < n.count; ++k)
          out += (k ? " + " : "") + amount(a[k]);
        return "(" + out + ")";
      }
      case Op::sub:
        return "(" + amount(n.a) + " - " + amount(n.b) + ")";
      case Op::mul:
        return "(" + amount(n.a) + " × " + amount(n.b) + ")";
      case Op::div:
        return "(" + amount(n.a) + " / " + amount(n.b) + ")";
      case Op::neg:
        return "-" + amount(n.a);
      case Op::min:
        return "the least of [" + list([&](std::uint32_t x) { return amount(x); }) + "]";
      case Op::max:
        return "the greatest of [" + list([&](std::uint32_t x) { return amount(x); }) + "]";
      default:
        return "(" + truth(v) + ")";
    }
  }

 private:
  const Question& question(std::uint32_t v) const { return p_.questions[v - p_.answer_base]; }

  std::optional<std::string> derived_name(std::uint32_t v) const {
    if (v == self_) return std::nullopt;
    auto it = derived_.find(v);
    if (it == derived_.end()) return std::nullopt;
    return humanize(p_.derived[it->second].id);
  }

  /// An `and` or `or` shown written out: bracketed inside another.
  bool compound(std::uint32_t v) const {
    if (p_.kind_of(v) != ValueKind::node || derived_name(v)) return false;
    const Op op = p_.node_of(v).op;
    return op == Op::or_ || op == Op::or2 || op == Op::and_ || op == Op::and2;
  }

  static std::string option(const Question& q, std::size_t i) {
    if (i >= q.options.size()) return "?";
    const Option& o = q.options[i];
    return "“" + (o.label.empty() ? o.id : o.label) + "”";
  }

  std::string relation(Op op, std::uint32_t left) const {
    const bool choice =
        p_.value_type[left] == QuestionType::choice || p_.value_type[left] == QuestionType::boolean;
    switch (op) {
      case Op::eq:
        return choice ? "is" : "equals";
      case Op::ne:
        return "is not";
      case Op::lt:
        return "is less than";
      case Op::le:
        return "is at most";
      case Op::gt:
        return "is more than";
      case Op::ge:
        return "is at least";
      default:
        return "?";
    }
  }

  std::string answered(const Node& n, bool yes) const {
    const std::uint32_t* a = p_.args.data() + n.first;
    std::string names;
    for (std::uint32_t k = 0; k < n.count; ++k)
      names += (k ? ", " : "") + humanize(question(a[k]).id);
    if (n.count == 1) return names + (yes ? " is answered" : " is unanswered");
    return yes ? "all of [" + names + "] are answered" : "any of [" + names + "] is unanswered";
  }

  const Program& p_;
  std::uint32_t self_;
  std::map<std::uint32_t, std::size_t> derived_;
};

}  // namespace

std::string humanize(std::string_view id) {
  std::string out(id);
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

std::string rule_in_words(const Ruleset& ruleset, std::size_t rule) {
  const std::uint32_t v = ruleset.impl().rule_condition[rule];
  return Words(ruleset, std::uint32_t(-1), names_in(ruleset, ruleset.rules()[rule].condition))
      .truth(v);
}

std::string derived_in_words(const Ruleset& ruleset, std::size_t derived) {
  const Program& p = ruleset.impl();
  const std::uint32_t v = p.derived_value[derived];
  Words words(ruleset, v, names_in(ruleset, p.derived[derived].expression));
  return p.derived[derived].type == QuestionType::boolean ? words.truth(v) : words.amount(v);
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
