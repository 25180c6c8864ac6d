// Helpers shared by the unit tests: loading rule text, finding diagnostics, evaluating answers
// given as JSON, and reading a Result back as plain strings that are easy to compare.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <redflag/redflag.hpp>

#include <cstdio>
#include <map>
#include <optional>
#include <ostream>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

namespace redflag {
inline namespace v1 {
/// Lets GoogleTest print a Value in failure messages.
inline void PrintTo(const Value& value, std::ostream* os) {
  switch (value.kind) {
    case Value::Kind::unknown:
      *os << "unknown";
      return;
    case Value::Kind::boolean:
      *os << (value.boolean ? "true" : "false");
      return;
    case Value::Kind::number:
      *os << value.number;
      return;
    case Value::Kind::choice:
      *os << "choice " << value.text;
      return;
    case Value::Kind::text:
      *os << "text \"" << value.text << '"';
      return;
  }
}
}  // namespace v1
}  // namespace redflag

namespace rftest {

/// A rule-file header with three levels (low < mid < high, default low). Tests append their
/// questions and rules; the prefix is 8 lines long, so the first appended line is line 9.
inline constexpr std::string_view kPrefix =
    "ruleset t \"Test rules\"\n"
    "version \"1.2.3\"\n"
    "levels {\n"
    "  low \"Stay at home\" indicator info\n"
    "  mid \"See a GP\" indicator warning\n"
    "  high \"Go to A&E\" indicator critical\n"
    "}\n"
    "default low\n";
inline constexpr std::uint32_t kPrefixLines = 8;

/// One question of every type (choices, ranges, unbounded numbers, text): for answers tests.
inline constexpr std::string_view kEveryQuestionType = R"(question flag: boolean "Flag?"
question leg: choice { none, one, both } "Leg?"
question age: integer 16..120 "Age?"
question temp: number 34.0..43.0 "Temperature?"
question any_int: integer "Any whole number?"
question weight: number "Weight?"
question note: text "Note?"
)";

/// kPrefix followed by `body`.
inline std::string with_prefix(std::string_view body) {
  return std::string(kPrefix) + std::string(body);
}

/// Every diagnostic on one line each: "line:column code: message" (for failure messages).
inline std::string list(const std::vector<redflag::Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    out += std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " + d.code +
           ": " + d.message + "\n";
  }
  return out.empty() ? "(no diagnostics)\n" : out;
}

/// Loads `text` as "test.rf" and expects it to load with no diagnostic at all (not even a
/// warning). Throws redflag::LoadError (failing the test) when it does not load.
inline redflag::Ruleset load_ok(std::string_view text, const redflag::LoadOptions& options = {},
                                std::source_location loc = std::source_location::current()) {
  auto loaded = redflag::load(text, "test.rf", options);
  if (!loaded.diagnostics().empty()) {
    ADD_FAILURE_AT(loc.file_name(), int(loc.line())) << "expected a clean load, got:\n"
                                                     << loaded.formatted();
  }
  return loaded.value();
}

/// Loads kPrefix + `body` and expects a clean load.
inline redflag::Ruleset load_body(std::string_view body,
                                  std::source_location loc = std::source_location::current()) {
  return load_ok(with_prefix(body), {}, loc);
}

/// Expects a diagnostic with exactly `code` at exactly `line`:`column` among those of
/// `loaded`; returns it (nullopt, after recording a failure that lists every diagnostic, when
/// there is none).
inline std::optional<redflag::Diagnostic> expect_diagnostic(
    const redflag::LoadResult& loaded, std::string_view code, std::uint32_t line,
    std::uint32_t column, std::source_location loc = std::source_location::current()) {
  for (const auto& d : loaded.diagnostics()) {
    if (d.code == code && d.where.line == line && d.where.column == column) return d;
  }
  ADD_FAILURE_AT(loc.file_name(), int(loc.line()))
      << "expected a diagnostic [" << code << "] at " << line << ":" << column
      << "; the diagnostics are:\n"
      << list(loaded.diagnostics()) << loaded.formatted();
  return std::nullopt;
}

/// Loads `text` as "test.rf" and expects a diagnostic `code` at `line`:`column`.
inline std::optional<redflag::Diagnostic> expect_diagnostic(
    std::string_view text, std::string_view code, std::uint32_t line, std::uint32_t column,
    std::source_location loc = std::source_location::current()) {
  return expect_diagnostic(redflag::load(text, "test.rf"), code, line, column, loc);
}

/// The codes of all diagnostics, in order.
inline std::vector<std::string> codes(const redflag::LoadResult& loaded) {
  std::vector<std::string> out;
  for (const auto& d : loaded.diagnostics())
    out.push_back(d.code);
  return out;
}

/// Parses `json` into answers and expects no answer error.
inline redflag::Answers answers_ok(const redflag::Ruleset& ruleset, std::string_view json,
                                   std::source_location loc = std::source_location::current()) {
  auto answers = redflag::Answers::from_json(ruleset, json);
  for (const auto& e : answers.errors()) {
    ADD_FAILURE_AT(loc.file_name(), int(loc.line()))
        << "answer error for '" << e.question << "' [" << e.code << "]: " << e.message;
  }
  return answers;
}

/// Evaluates answers given as a JSON object (which must have no errors).
inline redflag::Result evaluate_json(const redflag::Ruleset& ruleset, std::string_view json,
                                     const redflag::EvaluateOptions& options = {},
                                     std::source_location loc = std::source_location::current()) {
  return ruleset.evaluate(answers_ok(ruleset, json, loc), options);
}

/// The result's level id, or "(none)" for an error result.
inline std::string level_of(const redflag::Result& result) {
  return result.ok() ? result.level().id : std::string("(none)");
}

inline std::vector<std::string> fired_ids(const redflag::Result& result) {
  std::vector<std::string> out;
  for (const auto& f : result.fired())
    out.push_back(f.rule->id);
  return out;
}

inline std::vector<std::string> unresolved_ids(const redflag::Result& result) {
  std::vector<std::string> out;
  for (const auto& u : result.unresolved())
    out.push_back(u.rule->id);
  return out;
}

inline std::vector<std::string> not_fired_ids(const redflag::Result& result) {
  std::vector<std::string> out;
  for (const auto& n : result.not_fired())
    out.push_back(n.rule->id);
  return out;
}

/// A value as text: "unknown", "true", "false", "12", "38.5", the option id, or "\"text\"".
inline std::string show(const redflag::Value& value) {
  switch (value.kind) {
    case redflag::Value::Kind::unknown:
      return "unknown";
    case redflag::Value::Kind::boolean:
      return value.boolean ? "true" : "false";
    case redflag::Value::Kind::number: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g", value.number);
      return buf;
    }
    case redflag::Value::Kind::choice:
      return std::string(value.text);
    case redflag::Value::Kind::text:
      return "\"" + std::string(value.text) + "\"";
  }
  return "?";
}

using Evidence = std::map<std::string, std::string>;

/// The evidence of one fired rule as {question: shown value}; nullopt when it did not fire.
inline std::optional<Evidence> fired_evidence(const redflag::Result& result,
                                              std::string_view rule) {
  for (const auto& f : result.fired()) {
    if (f.rule->id != rule) continue;
    Evidence out;
    for (const auto& e : f.answers)
      out[std::string(e.question)] = show(e.value);
    return out;
  }
  return std::nullopt;
}

/// The evidence of one rule that did not fire (explain), as {question: shown value}.
inline std::optional<Evidence> not_fired_evidence(const redflag::Result& result,
                                                  std::string_view rule) {
  for (const auto& n : result.not_fired()) {
    if (n.rule->id != rule) continue;
    Evidence out;
    for (const auto& e : n.answers)
      out[std::string(e.question)] = show(e.value);
    return out;
  }
  return std::nullopt;
}

/// The missing questions of one unresolved rule; nullopt when it is not unresolved.
inline std::optional<std::vector<std::string>> missing_of(const redflag::Result& result,
                                                          std::string_view rule) {
  for (const auto& u : result.unresolved()) {
    if (u.rule->id != rule) continue;
    return std::vector<std::string>(u.missing.begin(), u.missing.end());
  }
  return std::nullopt;
}

/// The derived value `name` of a result, shown as text; "(absent)" when there is none.
inline std::string value_of(const redflag::Result& result, std::string_view name) {
  for (const auto& v : result.values())
    if (v.name == name) return show(v.value);
  return "(absent)";
}

/// Everything observable about a result, as one string, to compare results for equality.
inline std::string describe(const redflag::Result& result) {
  std::string out = "level=" + level_of(result) + " complete=" + (result.complete() ? "1" : "0");
  for (const auto& f : result.fired()) {
    out += "\nfired " + f.rule->id + ":";
    for (const auto& e : f.answers)
      out += " " + std::string(e.question) + "=" + show(e.value);
  }
  for (const auto& u : result.unresolved()) {
    out += "\nunresolved " + u.rule->id + ":";
    for (const auto& m : u.missing)
      out += " " + std::string(m);
  }
  for (const auto& n : result.not_fired()) {
    out += "\nnot_fired " + n.rule->id + ":";
    for (const auto& e : n.answers)
      out += " " + std::string(e.question) + "=" + show(e.value);
  }
  for (const auto& v : result.values())
    out += "\nvalue " + std::string(v.name) + "=" + show(v.value);
  for (const auto& e : result.errors())
    out += "\nerror " + e.question + " " + e.code;
  out += "\njson " + result.to_json();
  return out;
}

}  // namespace rftest
