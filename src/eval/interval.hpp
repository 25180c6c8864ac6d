// redflag: what the evaluator knows of a value, an interval [lo, hi], and the operations of the
// evaluation program on intervals (see program.hpp for the value model).
//
// With SSE2 an interval is one register: Kleene `and` is one minpd, `or` one maxpd, a comparison
// one cmppd. Elsewhere the same operations are written on the two doubles.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define REDFLAG_SSE2 1
#endif

#include "redflag/value.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// What the evaluator knows of a value: it lies in [lo, hi]. Exactly known when lo == hi.
/// Truth values are 0 (false) and 1 (true), so an unknown truth value is [0, 1]; an unanswered
/// number is [-inf, +inf]; a choice holds its option index.
struct alignas(16) Interval {  // one SSE2 register
  double lo = 0;
  double hi = 0;

  bool known() const noexcept { return lo == hi; }
  friend bool operator==(const Interval&, const Interval&) = default;
};

namespace interval {

inline constexpr double inf = std::numeric_limits<double>::infinity();

#if defined(REDFLAG_SSE2)
using Pair = __m128d;  // {lo, hi}
inline Pair load(const Interval& x) {
  return _mm_load_pd(&x.lo);
}
inline void store(Interval& x, Pair r) {
  _mm_store_pd(&x.lo, r);
}
inline Pair make(double lo, double hi) {
  return _mm_set_pd(hi, lo);
}
inline Pair swap(Pair a) {  // {hi, lo}
  return _mm_shuffle_pd(a, a, 1);
}
inline Pair min(Pair a, Pair b) {
  return _mm_min_pd(a, b);
}
inline Pair max(Pair a, Pair b) {
  return _mm_max_pd(a, b);
}
inline Pair add(Pair a, Pair b) {
  return _mm_add_pd(a, b);
}
inline Pair minus(Pair a, Pair b) {  // lane by lane
  return _mm_sub_pd(a, b);
}
/// Lane by lane, {a.lo < b.lo, a.hi < b.hi} as truth values 0 and 1 (and the same for <=).
inline Pair less_each(Pair a, Pair b) {
  return _mm_and_pd(_mm_cmplt_pd(a, b), _mm_set1_pd(1));
}
inline Pair less_equal_each(Pair a, Pair b) {
  return _mm_and_pd(_mm_cmple_pd(a, b), _mm_set1_pd(1));
}
inline Pair both(Pair a, Pair b) {  // of truth values 0 and 1
  return _mm_and_pd(a, b);
}
inline double lo(Pair a) {
  return _mm_cvtsd_f64(a);
}
/// A truth value's state in two bits: bit 0 set when it is surely true (lo == 1), bit 1 when it
/// is possibly true (hi == 1): 0 false, 2 unknown, 3 true.
inline unsigned truth_bits(const Interval& x) {
  return unsigned(_mm_movemask_pd(_mm_cmpeq_pd(load(x), _mm_set1_pd(1))));
}
inline double hi(Pair a) {
  return _mm_cvtsd_f64(swap(a));
}
#else
struct Pair {
  double lo, hi;
};
inline Pair load(const Interval& x) {
  return {x.lo, x.hi};
}
inline void store(Interval& x, Pair r) {
  x = {r.lo, r.hi};
}
inline Pair make(double lo, double hi) {
  return {lo, hi};
}
inline Pair swap(Pair a) {
  return {a.hi, a.lo};
}
// As minpd and maxpd: the second operand when the comparison is false.
inline Pair min(Pair a, Pair b) {
  return {a.lo < b.lo ? a.lo : b.lo, a.hi < b.hi ? a.hi : b.hi};
}
inline Pair max(Pair a, Pair b) {
  return {a.lo > b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi};
}
inline Pair add(Pair a, Pair b) {
  return {a.lo + b.lo, a.hi + b.hi};
}
inline Pair minus(Pair a, Pair b) {
  return {a.lo - b.lo, a.hi - b.hi};
}
inline Pair less_each(Pair a, Pair b) {
  return {double(a.lo < b.lo), double(a.hi < b.hi)};
}
inline Pair less_equal_each(Pair a, Pair b) {
  return {double(a.lo <= b.lo), double(a.hi <= b.hi)};
}
inline Pair both(Pair a, Pair b) {
  return {a.lo * b.lo, a.hi * b.hi};
}
inline double lo(Pair a) {
  return a.lo;
}
inline unsigned truth_bits(const Interval& x) {
  return unsigned(x.lo == 1) | unsigned(x.hi == 1) << 1;
}
inline double hi(Pair a) {
  return a.hi;
}
#endif

/// The variadic operators fold their operands left to right: f(f(f(a, b), c), ...).
template <typename... Rest>
inline Pair min(Pair a, Pair b, Pair c, Rest... rest) {
  return min(min(a, b), c, rest...);
}
template <typename... Rest>
inline Pair max(Pair a, Pair b, Pair c, Rest... rest) {
  return max(max(a, b), c, rest...);
}
template <typename... Rest>
inline Pair add(Pair a, Pair b, Pair c, Rest... rest) {
  return add(add(a, b), c, rest...);
}

// ---- the operators (Op in program.hpp) ---------------------------------------------------------
// Truth values are {0, 1} intervals: `and` is min, `or` is max, `not x` is 1 - x, count a sum.
// A comparison gives {surely, possibly}: `a < b` is surely true when a.hi < b.lo and possibly
// true when a.lo < b.hi, one lane-wise compare of {a.hi, a.lo} with {b.lo, b.hi}. `a == b` is
// surely true when both are the same point, possibly true when they overlap.

inline Pair op_not(Pair a) {  // {1 - hi, 1 - lo}
  return minus(make(1, 1), swap(a));
}
inline Pair op_neg(Pair a) {  // {-hi, -lo}
  return minus(make(0, 0), swap(a));
}
inline Pair op_sub(Pair a, Pair b) {  // {a.lo - b.hi, a.hi - b.lo}
  return minus(a, swap(b));
}
inline Pair op_lt(Pair a, Pair b) {
  return less_each(swap(a), b);
}
inline Pair op_le(Pair a, Pair b) {
  return less_equal_each(swap(a), b);
}
inline Pair op_gt(Pair a, Pair b) {
  return op_lt(b, a);
}
inline Pair op_ge(Pair a, Pair b) {
  return op_le(b, a);
}
inline Pair op_eq(Pair a, Pair b) {
  return both(less_equal_each(swap(a), b), less_equal_each(swap(b), a));
}
inline Pair op_ne(Pair a, Pair b) {
  return op_not(op_eq(a, b));
}
inline Pair op_mul(Pair a, Pair b) {
  const double c[4] = {lo(a) * lo(b), lo(a) * hi(b), hi(a) * lo(b), hi(a) * hi(b)};
  const double l = std::min({c[0], c[1], c[2], c[3]}), h = std::max({c[0], c[1], c[2], c[3]});
  if (std::isnan(l) || std::isnan(h)) return make(-inf, inf);  // 0 * inf
  return make(l, h);
}
inline Pair op_div(Pair a, Pair b) {
  // A divisor that may be zero allows anything.
  if (lo(b) <= 0 && hi(b) >= 0) return make(-inf, inf);
  return op_mul(a, make(1 / hi(b), 1 / lo(b)));
}
/// A choice in a set of options: bit i of `mask` is set when option i is in the set.
inline Pair op_in(Pair a, std::uint64_t mask) {
  if (lo(a) != hi(a)) return make(0, 1);
  const double bit = double((mask >> std::uint64_t(lo(a))) & 1u);
  return make(bit, bit);
}
/// answered(...): `known` is whether every operand is a point; the result is never unknown.
inline Pair op_answered(bool known) {
  const double t = known;
  return make(t, t);
}

}  // namespace interval
}  // namespace detail
}  // namespace v1
}  // namespace redflag
