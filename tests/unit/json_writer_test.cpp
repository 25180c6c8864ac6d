// The JSON writer (src/io/json_writer.hpp): numbers as std::to_chars writes them, strings, and
// the buffered JsonOut.
#include "io/json_writer.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

namespace redflag::io {
namespace {

std::string written(double d) {
  char buffer[kNumberChars];
  return std::string(buffer, write_number(buffer, d));
}

/// The documented form, straight from std::to_chars: whole numbers below 1e15 as integers, any
/// other finite number in its shortest round-trip form.
std::string reference(double d) {
  if (!std::isfinite(d)) return "null";
  char buffer[64];
  const auto end = d == std::trunc(d) && std::fabs(d) < 1e15
                       ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(d))
                       : std::to_chars(buffer, buffer + sizeof buffer, d);
  return std::string(buffer, end.ptr);
}

TEST(JsonWriter, ShortDecimalsAsToChars) {
  // Exact cases, then the edges of the fast path (4 decimals, 1e-3, 1e9) from both sides.
  EXPECT_EQ(written(38.9), "38.9");
  EXPECT_EQ(written(-38.9), "-38.9");
  EXPECT_EQ(written(0.05), "0.05");
  EXPECT_EQ(written(0.001), "0.001");
  EXPECT_EQ(written(0.0001), "1e-04");
  EXPECT_EQ(written(1.0625), "1.0625");
  EXPECT_EQ(written(1.03125), "1.03125");
  EXPECT_EQ(written(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(written(123456789.5), "123456789.5");
  for (const double d : {0.001, 0.0009999, 0.00099999999999999, 0.0010000000000000002, 999999999.5,
                         999999999.9999, 1e9 + 0.5, 4503599627370495.5, 0.5, 2.5e-3, 1.0 / 3})
    for (const double s : {d, -d})
      EXPECT_EQ(written(s), reference(s)) << s;

  std::mt19937_64 random(20261122);
  for (int i = 0; i < 200000; ++i) {
    // Decimals with 1 to 7 places and up to 12 digits, near-misses one ulp away, any double.
    const auto places = int(random() % 7) + 1;
    const auto digits = std::int64_t(random() % 1000000000000);
    const double decimal = double(digits) / std::pow(10.0, places) * (random() % 2 ? 1 : -1);
    for (const double d : {decimal, std::nextafter(decimal, 0.0), std::nextafter(decimal, 1e300),
                           std::bit_cast<double>(random())})
      ASSERT_EQ(written(d), reference(d)) << d;
  }
}

TEST(JsonWriter, EscapesStrings) {
  std::string out;
  append_string(out, "a\"b\\c\n\r\t\b\f\x01 \xc3\xa9 \xff");
  EXPECT_EQ(out, R"("a\"b\\c\n\r\t\b\f\u0001 )"
                 "\xc3\xa9"
                 R"( \ufffd")");
  append_value(out, Value::of(false));
  append_value(out, Value{});
  append_value(out, Value::of(2.5));
  EXPECT_EQ(out, R"("a\"b\\c\n\r\t\b\f\u0001 )"
                 "\xc3\xa9"
                 R"( \ufffd"falsenull2.5)");
}

TEST(JsonWriter, JsonOutBuffersAndTakesPiecesLargerThanItsBuffer) {
  // Small pieces, a string whose room (6 per byte) exceeds the buffer, then more small pieces
  // than the buffer holds.
  std::string expected = "prefix[1,\"";
  for (int i = 0; i < 3000; ++i)
    expected += "\\\"";
  expected += "\",";
  for (int i = 0; i < 2000; ++i)
    expected += "true";
  expected += "]";

  std::string out = "prefix";
  {
    JsonOut o(out);
    o.raw('[');
    o.value(Value::of(1.0));
    o.raw(',');
    o.string(std::string(3000, '"'));
    o.raw(",");
    for (int i = 0; i < 2000; ++i)
      o.raw("true");
    o.raw(']');
  }
  EXPECT_EQ(out, expected);
}

}  // namespace
}  // namespace redflag::io

TEST(ValueToJson, WritesWhatResultsWrite) {
  EXPECT_EQ(redflag::to_json(redflag::Value::of(true)), "true");
  EXPECT_EQ(redflag::to_json(redflag::Value::of(12.5)), "12.5");
  EXPECT_EQ(redflag::to_json(redflag::Value::of(3.0)), "3");
  EXPECT_EQ(redflag::to_json(redflag::Value::choice("one_leg")), "\"one_leg\"");
  EXPECT_EQ(redflag::to_json(redflag::Value::text_value("a \"b\"")), "\"a \\\"b\\\"\"");
  EXPECT_EQ(redflag::to_json(redflag::Value::unknown_value()), "null");
}
