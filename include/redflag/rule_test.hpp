// redflag: tests written beside rules (`test "name" { given {...} expect ... }`).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "redflag/diagnostics.hpp"
#include "redflag/value.hpp"

namespace redflag {
inline namespace v1 {

class Ruleset;
class Result;

/// One answer a test gives: a boolean, number, choice option id or text, already checked
/// against the question's type, range and options. Text views point into the Ruleset.
struct GivenAnswer {
  std::string question;
  Value value;
};

/// An expected derived value; nullopt `value` means "expect unknown".
struct ExpectedValue {
  std::string name;
  std::optional<Value> value;
};

/// A test case of a rule file, as declared. Every name in it was checked at load time.
struct RuleTest {
  std::string name;
  std::string file;
  SourcePosition where;
  std::string baseline;  ///< the `baseline` its answers start from (`given NAME {...}`), or empty
  /// Every answer the test gives: its baseline's (the baseline's own base first), with the
  /// test's own answers replacing or removing (`q: unknown`) them.
  std::vector<GivenAnswer> given;
  std::optional<std::string> level;     ///< `expect level X`
  std::vector<std::string> fired;       ///< `expect fired a, b`
  std::vector<std::string> not_fired;   ///< `expect not fired a, b`
  std::vector<std::string> unresolved;  ///< `expect unresolved a, b`
  std::optional<bool> complete;         ///< `expect complete` / `expect incomplete`
  std::vector<ExpectedValue> values;    ///< `expect value total = 4`
};

/// The outcome of running one RuleTest.
struct TestOutcome {
  bool passed = false;
  std::vector<std::string> failures;  ///< one line per unmet expectation, expected vs actual
};

/// Evaluates the test's answers against the rule set and checks every expectation.
TestOutcome run_test(const Ruleset& ruleset, const RuleTest& test);

/// The same, leaving the evaluation in `result` (for Coverage::record, or to show what the
/// result actually was when the test failed).
TestOutcome run_test(const Ruleset& ruleset, const RuleTest& test, Result& result);

}  // namespace v1
}  // namespace redflag
