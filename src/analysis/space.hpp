// redflag analysis: the answers worth trying, and a search over them.
//
// Every condition reads questions through comparisons, `in`, `and`/`or`/`not`, `count(...)` and
// `answered(...)`. Booleans and choices have finitely many answers. A number compared directly
// with a constant (`age_years > 50`, a parameter is a constant) changes truth only at that
// constant, so its answers at each threshold, just either side, and at the ends of its declared
// range stand for all of them. Each question may also be left unanswered: a missing answer is a
// case of its own, never "no". Over these answers a search is exact (Axis::exact says when a
// number also feeds arithmetic, where the thresholds no longer bound every change).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "eval/program.hpp"
#include "redflag/answers.hpp"
#include "redflag/result.hpp"
#include "redflag/ruleset.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// A number question compared directly with a constant, at one operator node.
struct Comparison {
  std::size_t question;
  Op op;                ///< normalized so that the question is on the left: `50 < x` is `x > 50`
  double threshold;     ///< the constant
  std::uint32_t value;  ///< the comparison node's value index
};

/// What the program does with its questions.
struct QuestionUse {
  std::vector<Comparison> comparisons;  ///< every direct comparison of a number with a constant
  std::vector<std::vector<double>> thresholds;  ///< per question, sorted, once each
  std::vector<char> in_arithmetic;              ///< per question: a number that feeds anything else
  std::vector<char> in_answered;                ///< per question: read by answered(...)
};

QuestionUse question_use(const Program& program);

/// The questions read beneath the values `roots`, sorted.
std::vector<std::size_t> questions_beneath(const Program& program,
                                           std::span<const std::uint32_t> roots);

/// The answers tried for one question: the last is unanswered (an unknown Value) when asked for.
struct Axis {
  std::size_t question;
  std::vector<Value> values;
};

/// The answers worth trying for question `q` (see the file comment).
Axis axis_of(const Program& program, const QuestionUse& use, std::size_t q, bool unanswered);

/// Renders one answer of an axis: `true`, `both_legs`, `50`, `unanswered`.
std::string show(const Value& value);

/// Evaluates one rule set on answers that change one question at a time, reusing storage.
class Prober {
 public:
  explicit Prober(const Ruleset& ruleset) : ruleset_(ruleset), answers_(ruleset) {}
  void set(std::size_t question, const Value& value) { answers_.set(question, value); }
  /// Every question unanswered again.
  void clear() noexcept { answers_.clear(); }
  /// Evaluates (without evidence walks) and returns every value's interval.
  std::span<const Interval> run();
  const Result& result() const noexcept { return result_; }
  const Answers& answers() const noexcept { return answers_; }
  std::size_t runs() const noexcept { return runs_; }

 private:
  Ruleset ruleset_;
  Answers answers_;
  Result result_;
  std::size_t runs_ = 0;
};

/// What a search goal says of one case.
enum class Verdict {
  found,  ///< this case is what we look for
  dead,   ///< no answer to the remaining questions can make it so (monotone Kleene logic)
  open,   ///< keep going
};

/// The outcome of search().
struct Search {
  enum class State { found, none, gave_up } state = State::none;
  std::vector<Value> witness;  ///< per axis, for `found`: the answers of the case
  std::size_t cases = 0;       ///< how many cases were evaluated
};

/// Depth first over the answers of `axes`, in order, starting with every question unanswered. Each
/// prefix with the rest unanswered is itself a case, so a goal can be met early. Cases below a
/// `dead` one are skipped once the first `exact_from` axes are answered: before that, an
/// answered(...) guard may still flip (put the questions answered(...) reads first). Gives up
/// after `budget` evaluations.
Search search(Prober& prober, std::span<const Axis> axes, std::size_t exact_from,
              std::size_t budget, const std::function<Verdict(std::span<const Interval>)>& goal);

constexpr bool surely_true(const Interval& v) {
  return v.lo == 1;
}
constexpr bool surely_false(const Interval& v) {
  return v.hi == 0;
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
