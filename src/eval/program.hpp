// redflag: the checked, lowered form of a rule set that the evaluator runs.
//
// Every value the evaluation touches lives in one array of intervals [lo, hi]:
//
//   [ constants | answers (one slot per question) | nodes (one per operator) ]
//
// An answered question is a point (lo == hi); an unanswered one is never a point. Booleans are
// {0, 1} (unknown = [0, 1]), so Kleene logic is interval arithmetic: `and` is min, `or` is max,
// `not x` is 1 - x, and `count(...)` is a sum. Numbers unknown = [-inf, +inf]. Choices hold the
// option index. Nodes are stored children-first, so evaluation is one forward pass with no
// recursion, no string lookups and no allocation.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "eval/interval.hpp"
#include "redflag/result.hpp"
#include "redflag/ruleset.hpp"
#include "redflag/value.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

enum class Op : std::uint8_t {
  and_,
  or_,  // variadic
  and2,
  or2,   // the same with exactly two operands (the common case, without a loop)
  not_,  // unary
  add,   // variadic (count is add over truth values)
  sub,
  mul,
  div,  // binary
  neg,  // unary
  min,
  max,  // variadic
  eq,
  ne,
  lt,
  le,
  gt,
  ge,        // binary
  in,        // unary, with an option mask
  answered,  // variadic over answer slots
};

/// One operator. Its operands are the value indices args[first, first + count); `a` and `b`
/// repeat the first two so that fixed-arity operators need no indirection.
struct Node {
  Op op;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  std::uint32_t a = 0, b = 0;
  std::uint64_t mask = 0;  // Op::in: bit i set when option i is in the set
};

/// What a value index denotes, for tracing and explanations.
enum class ValueKind : std::uint8_t { constant, answer, node };

/// Hash for heterogeneous lookup of std::string keys by string_view.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};
using NameIndex = std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>>;

inline constexpr double inf = std::numeric_limits<double>::infinity();

/// A truth value is true when it is the point 1, false when the point 0, unknown when [0, 1].
constexpr bool is_true(const Interval& v) noexcept {
  return v.lo == 1;
}
constexpr bool is_false(const Interval& v) noexcept {
  return v.hi == 0;
}

struct Kernel;

}  // namespace detail

/// The checked, lowered rule set: what a Ruleset handle shares (detail::Program).
class Ruleset::Impl {
 public:
  // ---- what the rule file declares (exposed through Ruleset) ----
  std::string id, title, version, source_name;
  std::string content_hash;  // "sha256:..." of the rule files and overrides (src/load.cpp)
  std::vector<Level> levels;
  std::size_t default_level = 0;
  std::vector<Question> questions;
  std::vector<Parameter> parameters;
  std::vector<Derived> derived;
  std::vector<Rule> rules;
  Scope scope;
  std::vector<AdviceItem> advice_items;
  /// The `use`d files that are rule sets of their own, with their rule counts: their rules are
  /// checked (by the loader) but evaluated only when they are loaded themselves.
  std::vector<std::pair<std::string, std::size_t>> used_rule_sets;
  std::vector<RuleTest> tests;
  std::vector<std::unique_ptr<std::string>> owned_text;  // text literals of tests
  detail::NameIndex question_index, level_index, rule_index;

  // ---- the evaluation program ----
  std::uint32_t constant_count = 0;  // values [0, constant_count)
  std::uint32_t answer_base = 0;     // == constant_count; answers [answer_base, node_base)
  std::uint32_t node_base = 0;
  std::vector<detail::Interval> initial;  // constants, then every answer unknown
  std::vector<detail::Node> nodes;
  std::vector<std::uint32_t> args;
  std::vector<QuestionType> value_type;        // per value index
  std::vector<const Question*> choice_domain;  // per value index: whose options (choices)
  std::vector<std::uint32_t> derived_value;    // per derived: its value index
  std::vector<std::uint32_t> parameter_value;  // per parameter: its constant's value index (own)
  std::vector<std::uint32_t> rule_condition;   // per rule: its condition's value index

  // ---- computed once from the above by prepare() (prepare.hpp) ----
  std::vector<std::size_t> rule_level;  // per rule: its level (a contiguous copy)
  std::vector<std::vector<const AdviceItem*>> level_advice;  // per level: its advice items
  std::vector<std::uint32_t> text_questions;                 // indices of the text questions
  /// Per question q, its evidence as a boolean at 4q + interval::truth_bits(answer): false,
  /// (never), unknown, true; so a walk reports a boolean answer with a copy (walk.hpp). For every
  /// question, 4q + 2 is its evidence when unanswered, and 4q holds its id.
  std::vector<Evidence> answer_evidence;
  std::size_t walk_capacity = 0;           // walk_capacity() (walk.hpp)
  const detail::Kernel* kernel = nullptr;  // the node pass compiled ahead of time (kernel.hpp)
  // JSON text that never changes, escaped once; src/result.cpp writes it into each result.
  // per level: "level":"x","advice":"...","indicator":"...","advice_items":[...]
  std::vector<std::string> level_json;
  std::vector<std::string>
      rule_json;  // per rule: {"id":..,"title":..,"level":..,"because":..,"source":..,
  std::vector<std::string> rule_short_json;  // per rule: {"id":..,"level":..,
  std::string ruleset_json;                  // "ruleset":{"id":..,"version":..,"content_hash":..}

  std::uint32_t value_count() const noexcept {
    return node_base + static_cast<std::uint32_t>(nodes.size());
  }
  detail::ValueKind kind_of(std::uint32_t v) const noexcept {
    return v < answer_base ? detail::ValueKind::constant
           : v < node_base ? detail::ValueKind::answer
                           : detail::ValueKind::node;
  }
  const detail::Node& node_of(std::uint32_t v) const noexcept { return nodes[v - node_base]; }
  /// Whether node n is a `count(...)`: an add over truth values (`+` adds only numbers).
  bool is_count(const detail::Node& n) const noexcept {
    return n.op == detail::Op::add && n.count > 0 &&
           value_type[args[n.first]] == QuestionType::boolean;
  }
};

namespace detail {
using Program = Ruleset::Impl;
}  // namespace detail
}  // namespace v1
}  // namespace redflag
