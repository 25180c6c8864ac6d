// redflag: running a rule file's own tests.
#include "redflag/rule_test.hpp"

#include <algorithm>
#include <cmath>

#include "io/json_writer.hpp"
#include "redflag/answers.hpp"
#include "redflag/result.hpp"

namespace redflag {
inline namespace v1 {
namespace {

std::string show(const Value& v) {
  std::string s;
  io::append_value(s, v);
  return s == "null" ? "unknown" : s;
}

std::string fired_list(const Result& r) {
  std::string s;
  for (const auto& f : r.fired())
    s += (s.empty() ? "" : ", ") + f.rule->id;
  return s.empty() ? "none" : s;
}

bool same(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == Value::Kind::number) return std::fabs(a.number - b.number) <= 1e-9;
  return a == b;
}

}  // namespace

TestOutcome run_test(const Ruleset& ruleset, const RuleTest& test) {
  Result result;
  return run_test(ruleset, test, result);
}

TestOutcome run_test(const Ruleset& ruleset, const RuleTest& test, Result& r) {
  TestOutcome out;
  Answers answers(ruleset);
  for (const auto& g : test.given)
    answers.set(g.question, g.value);
  for (const auto& e : answers.errors())
    out.failures.push_back("given answer rejected: " + e.message);
  ruleset.evaluate(answers, r);
  for (const auto& e : r.errors())
    if (answers.ok()) out.failures.push_back("evaluation error: " + e.message);

  auto fired = [&](std::string_view id) {
    return std::any_of(r.fired().begin(), r.fired().end(),
                       [&](const FiredRule& f) { return f.rule->id == id; });
  };
  if (test.level) {
    const std::string actual = r.ok() ? r.level().id : "none (error result)";
    if (actual != *test.level) {
      out.failures.push_back("expected level " + *test.level + ", got " + actual +
                             " (fired: " + fired_list(r) + ")");
    }
  }
  for (const auto& id : test.fired)
    if (!fired(id))
      out.failures.push_back("expected rule " + id + " to fire; fired: " + fired_list(r));
  for (const auto& id : test.not_fired)
    if (fired(id)) out.failures.push_back("expected rule " + id + " not to fire, but it fired");
  for (const auto& id : test.unresolved) {
    const bool found = std::any_of(r.unresolved().begin(), r.unresolved().end(),
                                   [&](const UnresolvedRule& u) { return u.rule->id == id; });
    if (!found) {
      std::string actual;
      for (const auto& u : r.unresolved())
        actual += (actual.empty() ? "" : ", ") + u.rule->id;
      out.failures.push_back("expected rule " + id + " to be unresolved; unresolved: " +
                             (actual.empty() ? "none" : actual));
    }
  }
  if (test.complete && *test.complete != r.complete()) {
    out.failures.push_back(std::string("expected the result to be ") +
                           (*test.complete ? "complete" : "incomplete") + ", it is " +
                           (r.complete() ? "complete" : "incomplete"));
  }
  for (const auto& ev : test.values) {
    auto it = std::find_if(r.values().begin(), r.values().end(),
                           [&](const NamedValue& v) { return v.name == ev.name; });
    const Value actual = it == r.values().end() ? Value{} : it->value;
    const Value expected = ev.value.value_or(Value{});
    if (!same(actual, expected)) {
      out.failures.push_back("expected value " + ev.name + " = " + show(expected) + ", got " +
                             show(actual));
    }
  }
  out.passed = out.failures.empty();
  return out;
}

}  // namespace v1
}  // namespace redflag
