// redflag: the walks behind a result's rationale. After the node pass, a walk goes down from a
// rule's condition to the answers beneath it:
//
// - the evidence walk (of a fired rule, or of a false one for explain) reports the answers that
//   made the condition's current value: for a true `or`, its true operands; for a false `and`,
//   its false ones; for a false `answered(...)`, its unanswered questions; for a count, the
//   operands it counted (the true ones, or every answered one when none is true); beneath
//   anything else, every answer;
// - the missing walk (of an unresolved rule) reports the unanswered questions that could make
//   the condition true: through `and` and `or`, the operands not true yet; through `not`, those
//   that could make its operand false; through `answered(...)`, its unanswered questions;
//   beneath anything numeric, every unanswered question. So in
//   `fever or (answered(t) and t >= 38)` with both unanswered, `t` is listed as well as `fever`.
//
// Both go depth first, operands left to right, and report each question once per walk.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "eval/interval.hpp"
#include "eval/program.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// The Value of value index `x` as a caller sees it; `text` holds the text answers by question.
inline Value value_at(const Program& p, std::uint32_t x, const Interval* v,
                      const std::string* text) {
  const Interval& i = v[x];
  if (!i.known()) return Value::unknown_value();
  switch (p.value_type[x]) {
    case QuestionType::boolean:
      return Value::of(i.lo == 1);
    case QuestionType::integer:
    case QuestionType::number:
      return Value::of(i.lo);
    case QuestionType::choice: {
      const Question* q = p.choice_domain[x];
      const auto k = std::size_t(i.lo);
      return q && k < q->options.size() ? Value::choice(q->options[k].id) : Value{};
    }
    case QuestionType::text:
      return p.kind_of(x) == ValueKind::answer ? Value::text_value(text[x - p.answer_base])
                                               : Value{};
  }
  return {};
}

/// Where a walk reports the questions it reaches, each once per walk, in the order reached: the
/// evidence walk as Evidence (the question and its answer), the missing walk as question ids.
struct Walker {
  const Program& p;
  const Interval* v;          // the evaluated values
  const std::string* text;    // the text answers, by question
  std::uint32_t* stack;       // p.args.size() + 1 entries
  std::uint32_t* stamp;       // per question: the walk that last reported it
  std::uint32_t& walk;        // the current walk
  Evidence* evidence;         // where the evidence walk's next report goes
  std::string_view* missing;  // where the missing walk's next report goes

  /// Starts a walk: what earlier walks reported counts again.
  void next() {
    if (++walk == 0) std::fill_n(stamp, p.questions.size(), 0), walk = 1;
  }
  /// Reports question q as evidence (evidence walks): its answer, or unknown.
  void add(std::uint32_t q) {
    if (stamp[q] == walk) return;
    stamp[q] = walk;
    const Interval& x = v[p.answer_base + q];
    const Evidence* e = &p.answer_evidence[4 * q];  // false, (never), unknown, true
    switch (p.value_type[p.answer_base + q]) {
      case QuestionType::boolean:
        *evidence++ = e[interval::truth_bits(x)];
        break;
      case QuestionType::integer:
      case QuestionType::number:
        *evidence++ = x.known() ? Evidence{e->question, Value::of(x.lo)} : e[2];
        break;
      default:
        *evidence++ = {e->question, value_at(p, p.answer_base + q, v, text)};
    }
  }
  /// Reports question q as missing if it is unanswered (missing walks).
  void add_if_unanswered(std::uint32_t q) {
    if (!v[p.answer_base + q].known() && stamp[q] != walk) stamp[q] = walk, add_missing(q);
  }

 private:
  void add_missing(std::uint32_t q) { *missing++ = p.answer_evidence[4 * q].question; }
};

/// The most questions the walks of one evaluation report (each rule is walked at most once, and
/// reports each question beneath its condition at most once): the room Walker::evidence and
/// Walker::missing need.
std::size_t walk_capacity(const Program& p);

/// The evidence walk of rule `rule`'s condition.
void walk_evidence(std::uint32_t rule, Walker& w);
/// The missing walk of rule `rule`'s condition.
void walk_missing(std::uint32_t rule, Walker& w);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
