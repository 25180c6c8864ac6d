// CSV record boundaries and field splitting (src/io/csv.hpp).
#include "io/csv.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "io/json_writer.hpp"

namespace redflag::io {
namespace {

std::vector<std::string> split(std::string record, std::string* error = nullptr,
                               char delimiter = ',') {
  std::vector<std::string_view> fields;
  std::string why;
  if (!csv_split(record.data(), record.data() + record.size(), fields, why, delimiter)) {
    if (error) *error = why;
    return {"<error>"};
  }
  return {fields.begin(), fields.end()};
}

TEST(Csv, SplitsPlainAndQuotedFields) {
  EXPECT_EQ(split("a,b,c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(split("a,,c,"), (std::vector<std::string>{"a", "", "c", ""}));
  EXPECT_EQ(split("\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\""),
            (std::vector<std::string>{"x,y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(split("a,b\r"), (std::vector<std::string>{"a", "b"}));  // CRLF
  EXPECT_EQ(split(""), (std::vector<std::string>{""}));
}

TEST(Csv, SplitsOnOtherDelimiters) {
  EXPECT_EQ(split("a;\"b;c\";38,5;", nullptr, ';'),
            (std::vector<std::string>{"a", "b;c", "38,5", ""}));
  EXPECT_EQ(split("a\t\"b\tc\"\t,\r", nullptr, '\t'), (std::vector<std::string>{"a", "b\tc", ","}));
  std::string error;
  EXPECT_EQ(split("\"a\",b", &error, ';'), std::vector<std::string>{"<error>"});
  EXPECT_EQ(error, "unexpected character after the closing quote of field 1");
}

TEST(Csv, DetectsTheDelimiterOfAHeaderRow) {
  EXPECT_EQ(csv_detect_delimiter("a,b,c"), ',');
  EXPECT_EQ(csv_detect_delimiter("a;b;c\r"), ';');
  EXPECT_EQ(csv_detect_delimiter("a\tb\tc"), '\t');
  EXPECT_EQ(csv_detect_delimiter("single"), ',');
  EXPECT_EQ(csv_detect_delimiter(""), ',');
  // Delimiters inside quotes do not count; a tie goes to the comma.
  EXPECT_EQ(csv_detect_delimiter("\"a;b;c;d\",e,f"), ',');
  EXPECT_EQ(csv_detect_delimiter("\"Age, years\";\"Pain, weeks\";Sex"), ';');
  EXPECT_EQ(csv_detect_delimiter("a,b;c"), ',');
  EXPECT_EQ(csv_detect_delimiter("a;b\tc"), ';');
}

TEST(Csv, RejectsMalformedRecordsWithAReason) {
  std::string error;
  EXPECT_EQ(split("a,\"open", &error), std::vector<std::string>{"<error>"});
  EXPECT_EQ(error, "unterminated quoted field (field 2)");
  EXPECT_EQ(split("\"a\"b,c", &error), std::vector<std::string>{"<error>"});
  EXPECT_EQ(error, "unexpected character after the closing quote of field 1");
  EXPECT_EQ(split("a\"b", &error), std::vector<std::string>{"<error>"});
  EXPECT_NE(error.find("a quote inside unquoted field 1"), std::string::npos);
}

TEST(Csv, FindsRecordEndsOutsideQuotes) {
  std::size_t lines = 9;
  EXPECT_EQ(csv_record_end("a,b\nc", lines), 4u);
  EXPECT_EQ(lines, 0u);
  EXPECT_EQ(csv_record_end("\"a\nb\",c\nd", lines), 8u);
  EXPECT_EQ(lines, 1u);
  EXPECT_EQ(csv_record_end("a,\"b\n", lines), std::string_view::npos);
  EXPECT_EQ(csv_record_end("a,b", lines), std::string_view::npos);
}

TEST(Csv, CompletePrefixEndsAtTheLastRecordBoundary) {
  EXPECT_EQ(csv_complete_prefix("a\nb\nc"), 4u);
  EXPECT_EQ(csv_complete_prefix("a\n\"b\nc"), 2u);  // the second record is still open
  EXPECT_EQ(csv_complete_prefix("\"a\nb\"\nc"), 6u);
  EXPECT_EQ(csv_complete_prefix("abc"), 0u);
}

TEST(Csv, AppendsFieldsQuotedOnlyWhenNeeded) {
  std::string out;
  csv_append_field(out, "plain");
  out += ',';
  csv_append_field(out, "a,\"b\"\n");
  EXPECT_EQ(out, "plain,\"a,\"\"b\"\"\n\"");
}

TEST(Csv, WritesFieldsIntoReservedRoomAsAppendDoes) {
  for (const std::string field : {"", "plain", "a,b", "\"", "two\nlines", "cr\r", "\"\"\"\""}) {
    std::string appended;
    csv_append_field(appended, field);
    std::string room(csv_field_bound(field), '#');
    room.resize(std::size_t(csv_write_field(room.data(), field) - room.data()));
    EXPECT_EQ(room, appended) << field;
    EXPECT_LE(appended.size(), csv_field_bound(field));
  }
}

/// std::from_chars of the whole text, the reference for parse_number.
bool reference(std::string_view text, double& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

void expect_parsed_as_from_chars(std::string_view text) {
  double got = -1, want = -2;
  const bool ok = parse_number(text, got);
  ASSERT_EQ(ok, reference(text, want)) << "'" << text << "'";
  if (ok) {
    // Bit for bit: the same double, the same sign of zero.
    EXPECT_EQ(std::memcmp(&got, &want, sizeof got), 0)
        << "'" << text << "': " << got << " vs " << want;
  }
}

TEST(Csv, ParsesNumbersExactlyAsFromChars) {
  for (const char* text : {"0",
                           "-0",
                           "7",
                           "45",
                           "-5",
                           "007",
                           "0.9",
                           "37.5",
                           "-0.0",
                           "12.50",
                           "0.000000000000001",
                           "123456789012345",
                           "1234567890123456",
                           "12345678901234.5",
                           "1234567890123.45",
                           "999999999999999",
                           "9007199254740993",
                           "0.1",
                           "0.3",
                           "2.675",
                           "1.005",
                           "37.299999999999",
                           "1.",
                           ".5",
                           "-.5",
                           "1.2.3",
                           "1e2",
                           "1E2",
                           "-1e-300",
                           "1e400",
                           "inf",
                           "-inf",
                           "nan",
                           "+3",
                           " 1",
                           "1 ",
                           "",
                           "-",
                           "--1",
                           "0x10",
                           "1,5",
                           "12abc",
                           "٣"}) {
    expect_parsed_as_from_chars(text);
  }
  // Random short decimals, the numbers questionnaires hold (every digit count up to 17).
  std::mt19937_64 random(42);
  for (int i = 0; i < 200000; ++i) {
    const int digits = 1 + int(random() % 17);
    std::string text = random() % 4 == 0 ? "-" : "";
    for (int d = 0; d < digits; ++d)
      text += char('0' + random() % 10);
    if (digits > 1 && random() % 2) text.insert(text.size() - 1 - random() % (digits - 1), ".");
    expect_parsed_as_from_chars(text);
  }
}

TEST(Csv, ScansShortNumbersAtTheStartOfACell) {
  const std::string cell = "37.5,true";
  double d = 0;
  const char* end = scan_short_number(cell.data(), cell.data() + cell.size(), d);
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(end - cell.data(), 4);
  EXPECT_EQ(d, 37.5);
  const std::string tail = "5.";  // a '.' must be followed by a digit
  EXPECT_EQ(scan_short_number(tail.data(), tail.data() + tail.size(), d), nullptr);
  const std::string empty;
  EXPECT_EQ(scan_short_number(empty.data(), empty.data(), d), nullptr);
}

TEST(JsonWriter, WritesNumbersAsAppendNumber) {
  const auto written = [](double d) {
    char buffer[kNumberChars];
    return std::string(buffer, write_number(buffer, d));
  };
  EXPECT_EQ(written(0), "0");
  EXPECT_EQ(written(-0.0), "0");
  EXPECT_EQ(written(7), "7");
  EXPECT_EQ(written(10), "10");
  EXPECT_EQ(written(-3), "-3");
  EXPECT_EQ(written(37.5), "37.5");
  EXPECT_EQ(written(0.1), "0.1");
  EXPECT_EQ(written(999999999999999), "999999999999999");
  EXPECT_EQ(written(1e15), "1e+15");
  EXPECT_EQ(written(-2.2250738585072014e-308), "-2.2250738585072014e-308");
  EXPECT_EQ(written(std::nan("")), "null");
  EXPECT_EQ(written(HUGE_VAL), "null");
  for (const double d : {0.0, 7.0, 37.5, -1e300, 1e15, 123456.789}) {
    std::string appended = "x";
    append_number(appended, d);
    EXPECT_EQ(appended, "x" + written(d));
  }
}

}  // namespace
}  // namespace redflag::io
