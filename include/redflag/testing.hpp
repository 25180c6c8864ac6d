// redflag: GoogleTest helpers for testing rule files from C++.
//
// Needs GoogleTest and GoogleMock (link GTest::gmock, or GTest::gmock_main): this header is not
// part of the umbrella redflag.hpp, and the library itself does not depend on GoogleTest.
//
//   #include <redflag/testing.hpp>
//   using namespace redflag::testing;
//
//   TEST(LowBackPain, SaddleNumbnessIsAnEmergency) {
//     auto rules = redflag::load_file("rules/low_back_pain.rf").value();
//     redflag::Answers answers(rules);
//     answers.set("saddle_numbness", true);
//     EXPECT_THAT(rules.evaluate(answers),
//                 AllOf(HasLevel("emergency"), Fired("suspected_ces"), IsComplete()));
//   }
//
// A failed match prints the expected level or rules and the actual result, e.g.
//   Expected: has level urgent
//     Actual: level emergency; fired: suspected_ces; unresolved: none; complete
//
// RegisterRuleFileTests() runs the tests written in rule files (`test "..." { ... }`) as
// GoogleTest cases, each failure reported at the test's file and line.
//
// Inside `namespace redflag`, write ::testing:: for GoogleTest's namespace.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redflag/load.hpp"
#include "redflag/result.hpp"
#include "redflag/rule_test.hpp"
#include "redflag/ruleset.hpp"

namespace redflag {
inline namespace v1 {

/// Prints a Result in GoogleTest messages: "level X; fired: a, b; unresolved: c; complete".
inline void PrintTo(const Result& result, std::ostream* os) {
  if (!result.ok()) {
    *os << "an error result (no level)";
    for (const AnswerError& e : result.errors())
      *os << "; " << e.question << ": " << e.message;
    return;
  }
  auto list = [&](std::string_view what, const auto& rules) {
    *os << "; " << what << ": ";
    if (rules.empty()) *os << "none";
    bool first = true;
    for (const auto& r : rules) {
      *os << (first ? "" : ", ") << r.rule->id;
      first = false;
    }
  };
  *os << "level " << result.level().id;
  list("fired", result.fired());
  list("unresolved", result.unresolved());
  *os << (result.complete() ? "; complete" : "; incomplete");
}

namespace testing {
namespace detail {

/// A matcher on Result that checks one property, explaining a mismatch in words.
class ResultMatcher : public ::testing::MatcherInterface<const Result&> {
 public:
  /// `check` returns whether the result matches, and may say why not in its second argument.
  using Check = std::function<bool(const Result&, std::string&)>;
  ResultMatcher(std::string description, std::string negation, Check check)
      : description_(std::move(description)),
        negation_(std::move(negation)),
        check_(std::move(check)) {}

  bool MatchAndExplain(const Result& result,
                       ::testing::MatchResultListener* listener) const override {
    std::string why;
    const bool matched = check_(result, why);
    if (!why.empty()) *listener << why;
    return matched;
  }
  void DescribeTo(std::ostream* os) const override { *os << description_; }
  void DescribeNegationTo(std::ostream* os) const override { *os << negation_; }

 private:
  std::string description_, negation_;
  Check check_;
};

inline ::testing::Matcher<const Result&> make(std::string description, std::string negation,
                                              ResultMatcher::Check check) {
  return ::testing::MakeMatcher(
      new ResultMatcher(std::move(description), std::move(negation), std::move(check)));
}

inline std::string join(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids)
    out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "none" : out;
}

inline std::vector<std::string> fired_ids(const Result& result) {
  std::vector<std::string> out;
  for (const FiredRule& f : result.fired())
    out.push_back(f.rule->id);
  return out;
}

inline std::vector<std::string> unresolved_ids(const Result& result) {
  std::vector<std::string> out;
  for (const UnresolvedRule& u : result.unresolved())
    out.push_back(u.rule->id);
  return out;
}

inline bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

/// A matcher that every id in `ids` is (`want`) or is not (`!want`) in the list `ids_of`
/// gives; a mismatch names the ids that are not as wanted, followed by `mismatch`.
inline ::testing::Matcher<const Result&> each_in(
    std::vector<std::string> ids, bool want, std::string description, std::string negation,
    std::string mismatch, std::vector<std::string> (*ids_of)(const Result&)) {
  return make(std::move(description), std::move(negation),
              [ids, want, mismatch, ids_of](const Result& r, std::string& why) {
                const std::vector<std::string> actual = ids_of(r);
                std::vector<std::string> wrong;
                for (const std::string& id : ids)
                  if (contains(actual, id) != want) wrong.push_back(id);
                if (wrong.empty()) return true;
                why = join(wrong) + mismatch;
                return false;
              });
}

template <class... Ids>
std::vector<std::string> id_list(Ids&&... ids) {
  return {std::string(std::forward<Ids>(ids))...};
}

}  // namespace detail

/// The result is not an error result and has level `level` (a level id).
inline ::testing::Matcher<const Result&> HasLevel(std::string level) {
  return detail::make("has level " + level, "does not have level " + level,
                      [level](const Result& r, std::string& why) {
                        if (!r.ok()) {
                          why = "it is an error result, with no level";
                          return false;
                        }
                        return r.level().id == level;
                      });
}

/// Every rule named fired (others may have fired too).
template <class... Ids>
::testing::Matcher<const Result&> Fired(Ids&&... ids) {
  std::vector<std::string> list = detail::id_list(std::forward<Ids>(ids)...);
  const std::string text = detail::join(list);
  return detail::each_in(std::move(list), true, "fired " + text, "did not fire all of " + text,
                         " did not fire", &detail::fired_ids);
}

/// No rule named fired.
template <class... Ids>
::testing::Matcher<const Result&> NotFired(Ids&&... ids) {
  std::vector<std::string> list = detail::id_list(std::forward<Ids>(ids)...);
  const std::string text = detail::join(list);
  return detail::each_in(std::move(list), false, "did not fire " + text, "fired one of " + text,
                         " fired", &detail::fired_ids);
}

/// Exactly the rules named fired, in any order (none: no rule fired).
template <class... Ids>
::testing::Matcher<const Result&> FiredExactly(Ids&&... ids) {
  std::vector<std::string> want = detail::id_list(std::forward<Ids>(ids)...);
  std::sort(want.begin(), want.end());
  const std::string list = detail::join(want);
  return detail::make("fired exactly " + list, "did not fire exactly " + list,
                      [want](const Result& r, std::string& why) {
                        std::vector<std::string> actual = detail::fired_ids(r);
                        std::sort(actual.begin(), actual.end());
                        if (actual == want) return true;
                        std::vector<std::string> extra, missing;
                        std::set_difference(actual.begin(), actual.end(), want.begin(), want.end(),
                                            std::back_inserter(extra));
                        std::set_difference(want.begin(), want.end(), actual.begin(), actual.end(),
                                            std::back_inserter(missing));
                        if (!missing.empty()) why = detail::join(missing) + " not fired";
                        if (!extra.empty()) {
                          why += (why.empty() ? "" : "; ") + detail::join(extra) + " fired too";
                        }
                        return false;
                      });
}

/// Every rule named is unresolved (its condition unknown, and it could raise the level).
template <class... Ids>
::testing::Matcher<const Result&> Unresolved(Ids&&... ids) {
  std::vector<std::string> list = detail::id_list(std::forward<Ids>(ids)...);
  const std::string text = detail::join(list);
  return detail::each_in(std::move(list), true, "has " + text + " unresolved",
                         "does not have all of " + text + " unresolved", " not unresolved",
                         &detail::unresolved_ids);
}

/// The result is complete: no error, and no unresolved rule could raise the level.
inline ::testing::Matcher<const Result&> IsComplete() {
  return detail::make("is complete", "is incomplete", [](const Result& r, std::string& why) {
    if (!r.ok()) why = "it is an error result";
    return r.complete();
  });
}

/// Registers, as GoogleTest cases, every test written in each rule file of `files` and in its
/// companion NAME.test.rf (suite: the file's stem; name: the test's name, non-alphanumerics as
/// '_'). Each unmet expectation fails at the test's file and line. A file that does not load
/// cleanly (warnings included) or has no tests registers a failing case instead. Call it from
/// main() after ::testing::InitGoogleTest() and before RUN_ALL_TESTS(); returns how many cases
/// it registered.
inline std::size_t RegisterRuleFileTests(std::span<const std::filesystem::path> files) {
  auto identifier = [](std::string_view s) {
    std::string out;
    for (const char c : s)
      out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
  };
  auto register_failure = [](const std::string& suite, const char* name, std::string message) {
    ::testing::RegisterTest(suite.c_str(), name, nullptr, nullptr, __FILE__, __LINE__,
                            [message]() -> ::testing::Test* {
                              struct Failure : ::testing::Test {
                                std::string message;
                                void TestBody() override { FAIL() << message; }
                              };
                              auto* t = new Failure;
                              t->message = message;
                              return t;
                            });
  };
  struct RuleFileTest : ::testing::Test {
    RuleFileTest(Ruleset r, std::size_t i) : ruleset(std::move(r)), index(i) {}
    void TestBody() override {
      const RuleTest& test = ruleset.tests()[index];
      Result result;
      const TestOutcome outcome = run_test(ruleset, test, result);
      for (const std::string& failure : outcome.failures) {
        ADD_FAILURE_AT(test.file.c_str(), int(test.where.line))
            << "test \"" << test.name << "\": " << failure
            << "\n  actual: " << ::testing::PrintToString(result);
      }
    }
    Ruleset ruleset;
    std::size_t index;
  };

  std::size_t registered = 0;
  for (const std::filesystem::path& path : files) {
    LoadOptions options;
    options.load_tests = true;
    const LoadResult loaded = load_file(path, options);
    const std::string suite = identifier(path.stem().string());
    if (!loaded.diagnostics().empty()) {
      register_failure(suite, "loads_cleanly", loaded.formatted());
      ++registered;
    }
    if (!loaded.ok()) continue;
    const Ruleset& ruleset = loaded.value();
    if (ruleset.tests().empty()) {
      register_failure(suite, "has_tests", path.string() + " has no tests");
      ++registered;
    }
    for (std::size_t i = 0; i < ruleset.tests().size(); ++i) {
      const RuleTest& test = ruleset.tests()[i];
      ::testing::RegisterTest(
          suite.c_str(), identifier(test.name).c_str(), nullptr, test.name.c_str(),
          test.file.c_str(), int(test.where.line),
          [ruleset, i]() -> ::testing::Test* { return new RuleFileTest(ruleset, i); });
      ++registered;
    }
  }
  return registered;
}

}  // namespace testing
}  // namespace v1
}  // namespace redflag
