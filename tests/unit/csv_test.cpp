// CSV record boundaries and field splitting (src/io/csv.hpp).
#include "io/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace redflag::io {
namespace {

std::vector<std::string> split(std::string record, std::string* error = nullptr) {
  std::vector<std::string_view> fields;
  std::string why;
  if (!csv_split(record.data(), record.data() + record.size(), fields, why)) {
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

}  // namespace
}  // namespace redflag::io
