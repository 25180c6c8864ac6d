// redflag checker: the `test` blocks of a rule file (or of its companion .test.rf), checked
// against the declarations and kept in the program for rule_test.cpp to run.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "check/checker.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

const char* literal_pos(const ast::Literal& literal) {
  return boost::apply_visitor([](const auto& l) { return l.pos; }, literal);
}

}  // namespace

std::optional<Value> Checker::literal_value(const ast::Literal& literal, const Question& q,
                                            const char* pos, const char* noun) {
  const auto mismatch = [&](std::string_view got) {
    error(pos, "type-mismatch",
          "'" + q.id + "' is " + describe(q.type) + " " + noun + "; got " + std::string(got));
    return std::nullopt;
  };
  if (auto* b = boost::get<ast::Boolean>(&literal)) {
    if (q.type != QuestionType::boolean) return mismatch(b->value ? "true" : "false");
    return Value::of(b->value);
  }
  if (auto* n = boost::get<ast::Number>(&literal)) {
    if (!numeric(q.type)) return mismatch("a number");
    if (q.type == QuestionType::integer && n->value != std::floor(n->value)) {
      error(pos, "type-mismatch", "'" + q.id + "' is an integer question; got a fraction");
      return std::nullopt;
    }
    if ((q.min && n->value < *q.min) || (q.max && n->value > *q.max)) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g is outside %g..%g", n->value, q.min.value_or(-inf),
                    q.max.value_or(inf));
      error(pos, "bad-range", "'" + q.id + "': " + buf);
      return std::nullopt;
    }
    return Value::of(n->value);
  }
  if (auto* name = boost::get<ast::Name>(&literal)) {
    if (q.type != QuestionType::choice) return mismatch("'" + *name + "'");
    for (const auto& o : q.options)
      if (o.id == *name) return Value::choice(o.id);
    std::vector<std::string> ids;
    for (const auto& o : q.options)
      ids.push_back(o.id);
    error(name->pos, "unknown-option",
          "'" + q.id + "' has no option '" + *name + "'" + suggest(*name, ids) + "; options are " +
              join(q.options));
    return std::nullopt;
  }
  const auto& text = boost::get<ast::Text>(literal);
  if (q.type != QuestionType::text) return mismatch("a string");
  return Value::text_value(text);  // re-pointed at owned storage by add_test
}

bool Checker::apply_given(const std::vector<ast::GivenItem>& items, GivenList& into) {
  Program& p = *program_;
  bool ok = true;
  std::set<std::string, std::less<>> given;
  for (const auto& g : items) {
    auto qi = p.question_index.find(std::string_view(g.question));
    if (qi == p.question_index.end()) {
      std::vector<std::string> ids;
      for (const auto& q : p.questions)
        ids.push_back(q.id);
      if (!broken(g.question, {"question"}))
        error(g.question.pos, "unknown-name",
              "unknown question '" + g.question + "'" + suggest(g.question, ids));
      ok = false;
      continue;
    }
    if (!given.insert(g.question).second) {
      error(g.question.pos, "duplicate-id", "'" + g.question + "' is given twice");
      ok = false;
      continue;
    }
    const Question& q = p.questions[qi->second];
    std::optional<Value> value;  // `unknown`: leave the question unanswered
    const auto* name = boost::get<ast::Name>(&g.value);
    if (!name || *name != "unknown") {
      value = literal_value(g.value, q, g.question.pos);
      if (!value) {
        ok = false;
        continue;
      }
      if (value->kind == Value::Kind::text) {
        // Test texts live as long as the program; string_views into a std::string member would
        // not survive copies.
        p.owned_text.push_back(std::make_unique<std::string>(value->text));
        value->text = *p.owned_text.back();
      }
    }
    auto it =
        std::find_if(into.begin(), into.end(), [&](const auto& a) { return a.first == q.id; });
    if (it != into.end()) {
      it->second = value;
    } else {
      into.emplace_back(q.id, value);
    }
  }
  return ok;
}

const Checker::GivenList* Checker::baseline(const ast::Name& name) {
  auto it = baselines_.find(std::string_view(name));
  if (it == baselines_.end()) {
    std::vector<std::string> ids;
    for (const auto& [id, b] : baselines_)
      ids.push_back(id);
    if (!broken(name, {"baseline"}))
      error(name.pos, "unknown-name", "unknown baseline '" + name + "'" + suggest(name, ids));
    return nullptr;
  }
  BaselineInfo& b = it->second;
  if (b.state == BaselineInfo::State::visiting) {
    error(b.decl->id.pos, "circular-baseline",
          "baseline '" + b.decl->id + "' is built on itself (through '" + name + "')");
    b.valid = false;
    return nullptr;
  }
  if (b.state == BaselineInfo::State::pending) {
    b.state = BaselineInfo::State::visiting;
    if (b.decl->base) {
      const GivenList* base = baseline(*b.decl->base);
      if (base) b.given = *base;
      b.valid = base != nullptr;
    }
    b.valid = apply_given(b.decl->given, b.given) && b.valid;
    b.state = BaselineInfo::State::done;
  }
  return b.valid ? &b.given : nullptr;
}

void Checker::add_test(const ast::TestDecl& decl) {
  Program& p = *program_;
  RuleTest test;
  test.name = decl.name;
  test.file = file_of(decl.pos).name;
  test.where = file_of(decl.pos).position(decl.pos);
  GivenList given;
  if (decl.baseline) {
    test.baseline = *decl.baseline;
    if (const GivenList* base = baseline(*decl.baseline)) given = *base;
  }
  apply_given(decl.given, given);
  for (auto& [question, value] : given)
    if (value) test.given.push_back({question, *value});
  auto check_rules = [&](const ast::Expectation& e, std::vector<std::string>& into) {
    for (const auto& n : e.names) {
      if (!p.rule_index.count(std::string_view(n))) {
        std::vector<std::string> ids;
        for (const auto& r : p.rules)
          ids.push_back(r.id);
        if (!broken(n, {"rule"}))
          error(n.pos, "unknown-name", "unknown rule '" + n + "'" + suggest(n, ids));
        continue;
      }
      into.push_back(n);
    }
  };
  for (const auto& e : decl.expectations) {
    if (e.kind == "level") {
      if (level_of(e.names.front())) test.level = e.names.front();
    } else if (e.kind == "fired") {
      check_rules(e, test.fired);
    } else if (e.kind == "not fired") {
      check_rules(e, test.not_fired);
    } else if (e.kind == "unresolved") {
      check_rules(e, test.unresolved);
    } else if (e.kind == "complete" || e.kind == "incomplete") {
      test.complete = e.kind == "complete";
    } else if (e.kind == "value") {
      const ast::Name& n = e.names.front();
      auto d = std::find_if(p.derived.begin(), p.derived.end(),
                            [&](const Derived& x) { return x.id == n; });
      if (d == p.derived.end()) {
        std::vector<std::string> ids;
        for (const auto& x : p.derived)
          ids.push_back(x.id);
        if (!broken(n, {"let"}))
          error(n.pos, "unknown-name", "unknown derived value '" + n + "'" + suggest(n, ids));
        continue;
      }
      ExpectedValue expected;
      expected.name = n;
      const ast::Literal& lit = *e.value;
      const auto* lit_name = boost::get<ast::Name>(&lit);
      if (lit_name && *lit_name == "unknown") {
        test.values.push_back(std::move(expected));
        continue;
      }
      // Check the literal as if it answered a question of the derived value's type.
      Question as;
      as.id = d->id;
      as.type = d->type == QuestionType::integer ? QuestionType::number : d->type;
      const std::uint32_t v = p.derived_value[std::size_t(d - p.derived.begin())];
      if (as.type == QuestionType::choice) {
        const Question* domain =
            (v & ~ref_mask) == std::uint32_t(RefKind::constant) ? constant_domain_[v & ref_mask]
            : (v & ~ref_mask) == std::uint32_t(RefKind::answer) ? &p.questions[v & ref_mask]
                                                                : node_domain_[v & ref_mask];
        if (domain) as.options = domain->options;
        if (auto val = literal_value(lit, as, literal_pos(lit), "derived value")) {
          for (const auto& o : domain->options)
            if (o.id == val->text) val->text = o.id;
          expected.value = *val;
        }
      } else if (auto val = literal_value(lit, as, literal_pos(lit), "derived value")) {
        expected.value = *val;
      } else {
        continue;
      }
      test.values.push_back(std::move(expected));
    }
  }
  p.tests.push_back(std::move(test));
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
