// The `redflag batch` output formatter (src/cli/batch_format.cpp) on its own: it writes the
// derived values straight from the evaluation's trace; Result::values() is the reference, read
// back from the CSV and NDJSON records it writes for random answers.
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <redflag/redflag.hpp>

#include <random>
#include <string>
#include <vector>

#include "answers_impl.hpp"
#include "batch.hpp"
#include "io/csv.hpp"
#include "io/json_writer.hpp"
#include "random_answers.hpp"

namespace redflag::cli::batch {
namespace {

namespace json = boost::json;

// Derived values of every type the formatter writes: truth values, counts, fractions, options.
constexpr std::string_view kRules = R"(ruleset derived "Derived values"
version "1.0.0"
levels { low "Low" indicator info
         high "High" indicator critical }
default low
question age: integer 16..120 "Age"
question temp: number 34.0..43.0 "Temperature"
question numb: boolean "Numbness"
question legs: choice { none, one_leg, both_legs } "Legs"
question note: text "Note"
let old = age > 65
let feverish = temp >= 38.0
let flags = count(old, feverish, numb, legs == both_legs)
let scaled = temp * 1.5 - age / 7
let warm = temp
let which_legs = legs
rule r "R" -> high when numb or flags >= 3 because "b" source "s"
)";

/// A derived value as a CSV cell, through the library's shared formatting.
std::string cell(const Value& v) {
  std::string out;
  switch (v.kind) {
    case Value::Kind::unknown:
      break;
    case Value::Kind::boolean:
      out = v.boolean ? "true" : "false";
      break;
    case Value::Kind::number:
      io::append_number(out, v.number);
      break;
    case Value::Kind::choice:
    case Value::Kind::text:
      out = v.text;
      break;
  }
  return out;
}

void check_rule_set(const Ruleset& ruleset, int records) {
  RecordFormatter csv(ruleset, OutputFormat::csv, {"id"}, false);
  RecordFormatter ndjson(ruleset, OutputFormat::ndjson, {"id"}, false);
  std::string header;
  csv.header(header);
  // The derived values are the columns after input, line, id, level, complete, fired, unresolved.
  constexpr std::size_t kFirst = 7;
  const std::size_t derived = ruleset.derived().size();
  ASSERT_GT(derived, 0u);

  std::mt19937 random(11);
  Answers answers(ruleset);
  Result result;
  const std::vector<std::string> ids = {"p,1"};
  for (int i = 0; i < records; ++i) {
    randomize(ruleset, random, answers);
    ruleset.evaluate(answers, result);
    ASSERT_TRUE(result.ok());
    io::Record record;
    record.line = std::size_t(i) + 2;
    record.ids = ids;
    record.answers = &answers;
    const auto values = result.values();
    ASSERT_EQ(values.size(), derived);

    std::string out;
    csv.write("in.csv", record, result, out);
    ASSERT_TRUE(out.ends_with('\n'));
    std::vector<std::string_view> fields;
    std::string why;
    ASSERT_TRUE(io::csv_split(out.data(), out.data() + out.size() - 1, fields, why)) << why;
    ASSERT_EQ(fields.size(), kFirst + derived + 2) << out;
    EXPECT_EQ(fields[1], std::to_string(record.line));
    EXPECT_EQ(fields[2], "p,1");
    EXPECT_EQ(fields[3], result.level().id);
    for (std::size_t d = 0; d < derived; ++d)
      EXPECT_EQ(fields[kFirst + d], cell(values[d].value)) << values[d].name << " in " << out;
    EXPECT_EQ(fields[fields.size() - 2], "");  // no error
    EXPECT_EQ(fields.back(), ruleset.content_hash());

    out.clear();
    ndjson.write("in.csv", record, result, out);
    const json::object line = json::parse(out).as_object();
    EXPECT_EQ(line.at("content_hash").as_string(), ruleset.content_hash());
    const json::object& written = line.at("values").as_object();
    ASSERT_EQ(written.size(), derived) << out;
    for (const NamedValue& v : values) {
      const json::value& w = written.at(v.name);
      switch (v.value.kind) {
        case Value::Kind::unknown:
          EXPECT_TRUE(w.is_null()) << v.name << " in " << out;
          break;
        case Value::Kind::boolean:
          EXPECT_EQ(w.as_bool(), v.value.boolean) << v.name;
          break;
        case Value::Kind::number: {
          // As text: the same digits as append_number (a JSON parser may round differently).
          std::string member;
          io::append_string(member, v.name);
          member += ':';
          io::append_number(member, v.value.number);
          EXPECT_TRUE(w.is_number()) << v.name;
          EXPECT_NE(out.find(member), std::string::npos) << member << " in " << out;
          break;
        }
        case Value::Kind::choice:
        case Value::Kind::text:
          EXPECT_EQ(w.as_string(), v.value.text) << v.name;
          break;
      }
    }
  }
}

TEST(BatchFormat, DerivedValuesAreWrittenAsResultValuesGivesThem) {
  const LoadResult loaded = load(kRules, "derived.rf");
  ASSERT_TRUE(loaded.ok()) << loaded.formatted();
  check_rule_set(loaded.value(), 3000);
}

TEST(BatchFormat, DerivedValuesOfTheBundledRuleSet) {
  const LoadResult loaded = load_file("tests/fixtures/rules/low_back_pain.rf");
  ASSERT_TRUE(loaded.ok()) << loaded.formatted();
  check_rule_set(loaded.value(), 3000);
}

// FHIR Bundle entries: with `entries`, CSV records carry the entry and its resource id (empty
// for records that are not entries); error records carry them too, and the content hash.
TEST(BatchFormat, BundleEntriesAndTheContentHashInEveryRecord) {
  const LoadResult loaded = load(kRules, "derived.rf");
  ASSERT_TRUE(loaded.ok()) << loaded.formatted();
  const Ruleset& ruleset = loaded.value();
  RecordFormatter csv(ruleset, OutputFormat::csv, {"id"}, false, true);
  RecordFormatter ndjson(ruleset, OutputFormat::ndjson, {"id"}, false, true);
  std::string header;
  csv.header(header);
  EXPECT_TRUE(header.starts_with("input,line,entry,resource_id,id,level,")) << header;
  EXPECT_TRUE(header.ends_with(",error,content_hash\n")) << header;

  Answers answers(ruleset);
  Result result;
  const std::vector<std::string> ids = {"p1"};
  struct Case {
    std::size_t entry;
    std::string_view resource_id;
    bool error;
    std::string_view entry_cell, id_cell;
  };
  for (const Case& c : {Case{0, "", false, "", ""}, Case{3, "qr, \"7\"", false, "3", "qr, \"7\""},
                        Case{4, "", true, "4", ""}, Case{5, "qr-5", true, "5", "qr-5"}}) {
    answers.clear();
    if (c.error) answers.add_error({"", "wrong-type", "bad"});
    ruleset.evaluate(answers, result);
    io::Record record;
    record.line = 1;
    record.entry = c.entry;
    record.resource_id = c.resource_id;
    record.ids = ids;
    record.answers = &answers;
    std::string out;
    csv.write("bundle.json", record, result, out);
    std::vector<std::string_view> fields;
    std::string why;
    ASSERT_TRUE(io::csv_split(out.data(), out.data() + out.size() - 1, fields, why)) << why;
    ASSERT_EQ(fields.size(), 9 + ruleset.derived().size() + 2) << out;
    EXPECT_EQ(fields[2], c.entry_cell) << out;
    EXPECT_EQ(fields[3], c.id_cell) << out;
    EXPECT_EQ(fields[4], "p1") << out;
    EXPECT_EQ(fields[5].empty(), c.error) << out;  // the level
    EXPECT_EQ(fields[fields.size() - 2].empty(), !c.error) << out;
    if (c.error) {
      EXPECT_EQ(fields[fields.size() - 2],
                "line 1, Bundle entry " + std::string(c.entry_cell) + ": bad");
    }
    EXPECT_EQ(fields.back(), ruleset.content_hash()) << out;

    out.clear();
    ndjson.write("bundle.json", record, result, out);
    const json::object line = json::parse(out).as_object();
    EXPECT_EQ(line.at("content_hash").as_string(), ruleset.content_hash());
    if (c.entry) {
      EXPECT_EQ(line.at("entry").as_int64(), std::int64_t(c.entry));
      if (c.resource_id.empty()) {
        EXPECT_TRUE(line.at("resource_id").is_null());
      } else {
        EXPECT_EQ(line.at("resource_id").as_string(), c.resource_id);
      }
    } else {
      EXPECT_FALSE(line.contains("entry"));
      EXPECT_FALSE(line.contains("resource_id"));
    }
  }
}

}  // namespace
}  // namespace redflag::cli::batch
