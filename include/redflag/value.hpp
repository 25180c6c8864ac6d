// redflag: a single typed value (an answer, a derived value or a piece of evidence).
#pragma once

#include <string>
#include <string_view>

namespace redflag {
inline namespace v1 {

/// A value as the engine sees it. `unknown` means unanswered, or derived from something
/// unanswered: never read it as false or zero. Text and choice values are views into storage
/// owned by the Ruleset or the Result they came from.
struct Value {
  enum class Kind { unknown, boolean, number, choice, text };

  Kind kind = Kind::unknown;
  bool boolean = false;   ///< valid when kind == boolean
  double number = 0;      ///< valid when kind == number
  std::string_view text;  ///< option id when kind == choice; the text when kind == text

  bool known() const noexcept { return kind != Kind::unknown; }

  static Value unknown_value() noexcept { return {}; }
  static Value of(bool b) noexcept { return {Kind::boolean, b, 0, {}}; }
  static Value of(double n) noexcept { return {Kind::number, false, n, {}}; }
  static Value choice(std::string_view option) noexcept { return {Kind::choice, false, 0, option}; }
  static Value text_value(std::string_view t) noexcept { return {Kind::text, false, 0, t}; }

  friend bool operator==(const Value&, const Value&) = default;
};

/// The value as JSON text, as results write it (docs/result-json.md): `true`, `12.5`,
/// `"one_leg"`, or `null` when unknown.
std::string to_json(const Value& value);

}  // namespace v1
}  // namespace redflag
