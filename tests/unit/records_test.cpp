// Batch inputs as records (src/io/records.hpp): every format, the mapping, error records,
// gzip, and line numbers.
#include "io/records.hpp"
#include "answers_impl.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <redflag/redflag.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "io/csv.hpp"
#include "result_impl.hpp"

namespace redflag::io {
namespace {

constexpr std::string_view kRules = R"(ruleset demo "Demo"
version "2.1.0"
levels { low "Low" indicator info
         high "High" indicator critical }
default low
question age: integer 16..120 "Age"
question numb: boolean "Numbness"
question legs: choice { none, one, both } "Legs"
question note: text "Note"
rule r "R" -> high when numb or legs == both because "b" source "s"
)";

Ruleset rules() {
  LoadResult loaded = load(kRules, "demo.rf");
  EXPECT_TRUE(loaded.ok()) << loaded.formatted();
  return loaded.value();
}

/// One record as text: "line: answers-or-errors" with ids.
struct Row {
  std::size_t line;
  std::vector<std::string> ids;
  std::string answers;  // q=v ... or "ERROR code: message; ..."
};

std::string describe(const Answers& answers) {
  std::string out;
  if (!answers.ok()) {
    out = "ERROR";
    for (const AnswerError& e : answers.errors())
      out += " " + e.code + ": " + e.message + ";";
    return out;
  }
  const auto questions = answers.ruleset().questions();
  for (std::size_t q = 0; q < questions.size(); ++q) {
    if (!answers.answered(q)) continue;
    const Value v = answers.get(q);
    out += (out.empty() ? "" : " ") + questions[q].id + "=";
    switch (v.kind) {
      case Value::Kind::boolean:
        out += v.boolean ? "true" : "false";
        break;
      case Value::Kind::number:
        out += std::to_string(int(v.number));
        break;
      default:
        out += std::string(v.text);
    }
  }
  return out;
}

std::vector<Row> read_all(std::string bytes, std::string name, const Mapping* mapping = nullptr,
                          std::vector<std::string> ids = {}, std::string* open_error = nullptr,
                          std::string* read_error = nullptr, SourceOptions options = {}) {
  static const Ruleset ruleset = rules();
  Binder binder(ruleset, mapping, std::move(ids));
  EXPECT_EQ(binder.error(), "");
  RecordReader reader;
  std::string error;
  if (!reader.open(Input::from_memory(std::move(bytes), name), binder, options, error)) {
    if (open_error)
      *open_error = error;
    else
      ADD_FAILURE() << error;
    return {};
  }
  std::vector<Row> rows;
  Record record;
  while (reader.next(record))
    rows.push_back(
        {record.line, {record.ids.begin(), record.ids.end()}, describe(*record.answers)});
  if (read_error)
    *read_error = reader.error();
  else
    EXPECT_EQ(reader.error(), "");
  return rows;
}

TEST(Records, CsvWithBomCrlfQuotesAndBlanks) {
  const auto rows = read_all(
      "\xEF\xBB\xBFid,age,numb,legs,note\r\n"
      "a1,45,true,one,\r\n"
      "a2,,false,,\"two\r\nlines, \"\"quoted\"\"\"\r\n"
      "\r\n"
      "a3,30,,both,x",
      "in.csv", nullptr, {"id"});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 2u);
  EXPECT_EQ(rows[0].ids, std::vector<std::string>{"a1"});
  EXPECT_EQ(rows[0].answers, "age=45 numb=true legs=one");
  EXPECT_EQ(rows[1].line, 3u);
  EXPECT_EQ(rows[1].answers, "numb=false note=two\r\nlines, \"quoted\"");
  EXPECT_EQ(rows[2].line, 6u);  // after a quoted line break and an empty line
  EXPECT_EQ(rows[2].answers, "age=30 legs=both note=x");
}

TEST(Records, CsvBadRowsAreErrorRecordsAndTheRunGoesOn) {
  const auto rows = read_all(
      "age,numb\n"
      "45,true\n"
      "45\n"
      "200,maybe\n"
      "\"3\"x,true\n"
      "50,\"unterminated\n",
      "in.csv");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].answers, "age=45 numb=true");
  EXPECT_EQ(rows[1].line, 3u);
  EXPECT_EQ(rows[1].answers, "ERROR ragged-row: 1 field, but the header has 2;");
  EXPECT_EQ(rows[2].answers,
            "ERROR out-of-range: 'age' expects a whole number in 16..120; got 200; wrong-type: "
            "'numb' expects true or false; got the string \"maybe\";");
  EXPECT_EQ(rows[3].answers,
            "ERROR invalid-csv: unexpected character after the closing quote of field 1;");
  EXPECT_EQ(rows[4].line, 6u);
  EXPECT_EQ(rows[4].answers, "ERROR invalid-csv: unterminated quoted field (field 2);");
}

TEST(Records, CsvHeaderProblemsStopTheRun) {
  std::string error;
  read_all("age,nmb\n1,2\n", "in.csv", nullptr, {}, &error);
  EXPECT_EQ(error,
            "in.csv:1: column 2 'nmb' is not a question of rule set 'demo' (did you mean "
            "'numb'?); map or ignore it with a mapping file (--mapping; --init-mapping writes a "
            "first one)");
  read_all("age,numb,age\n", "in.csv", nullptr, {}, &error);
  EXPECT_EQ(error, "in.csv:1: column 3 ('age') gives the same question as column 1");
  read_all("age\n", "in.csv", nullptr, {"id"}, &error);
  EXPECT_EQ(error, "in.csv:1: no column 'id' (asked for as an id column)");
  read_all("", "in.csv", nullptr, {}, &error);
  EXPECT_EQ(error, "in.csv: no header row (the first line of a CSV input names its columns)");
  read_all("age\n", "in.txt", nullptr, {}, &error);
  EXPECT_NE(error.find("cannot tell the format of in.txt"), std::string::npos);
}

TEST(Records, ManySmallChunksGiveTheSameRecords) {
  std::string csv = "id,age,note\n";
  for (int i = 0; i < 500; ++i)
    csv += std::to_string(i) + ",40,\"multi\nline " + std::to_string(i) + "\"\n";
  SourceOptions options;
  options.chunk_bytes = 7;  // records straddle every chunk boundary
  const auto rows = read_all(csv, "x.csv", nullptr, {"id"}, nullptr, nullptr, options);
  ASSERT_EQ(rows.size(), 500u);
  for (int i = 0; i < 500; ++i) {
    EXPECT_EQ(rows[i].line, std::size_t(2 + 2 * i));
    EXPECT_EQ(rows[i].ids[0], std::to_string(i));
    EXPECT_EQ(rows[i].answers, "age=40 note=multi\nline " + std::to_string(i));
  }
}

// The unquoted fast path matches true, false, blanks and short numbers together with the comma
// after them, reading a word (8 bytes) at a time: cells at the end of a record (no comma after
// them), at the end of the input and of a chunk, and cells that only start like a match.
TEST(Records, CsvFastPathAtRecordChunkAndInputEnds) {
  const std::string csv =
      "id,numb,note,legs,age\n"
      "a,true,x,one,45\n"        // a number ends the record
      "b,false,,,\r\n"           // blanks up to a CRLF
      "c,truex,true,both,4.5\n"  // not a boolean; text that is one; not a whole number
      "d,fals,false,,-45\n"
      "e,,\"q\",none,20\n"       // quoted: the general path
      "f,true\n"                 // too few fields
      "g,true,n,one,45,extra\n"  // too many
      "h,false,,,16\r\n"
      "\n"
      "i,true,,,\r";  // the input ends without a line feed, after a CR
  const auto expect = [](const std::vector<Row>& rows) {
    ASSERT_EQ(rows.size(), 9u);
    EXPECT_EQ(rows[0].answers, "age=45 numb=true legs=one note=x");
    EXPECT_EQ(rows[1].answers, "numb=false");
    EXPECT_EQ(rows[2].answers,
              "ERROR wrong-type: 'numb' expects true or false; got the string \"truex\"; "
              "not-an-integer: 'age' expects a whole number in 16..120; got 4.5;");
    EXPECT_EQ(rows[3].answers,
              "ERROR wrong-type: 'numb' expects true or false; got the string \"fals\"; "
              "out-of-range: 'age' expects a whole number in 16..120; got -45;");
    EXPECT_EQ(rows[4].answers, "age=20 legs=none note=q");
    EXPECT_EQ(rows[5].answers, "ERROR ragged-row: 2 fields, but the header has 5;");
    EXPECT_EQ(rows[5].ids, std::vector<std::string>{"f"});
    EXPECT_EQ(rows[6].answers, "ERROR ragged-row: 6 fields, but the header has 5;");
    EXPECT_EQ(rows[6].ids, std::vector<std::string>{"g"});
    EXPECT_EQ(rows[7].answers, "age=16 numb=false");
    EXPECT_EQ(rows[8].line, 11u);
    EXPECT_EQ(rows[8].answers, "numb=true");
  };
  // Whole, and in chunks so small that most records straddle a read (and chunk) boundary and
  // lie within a word of a chunk's end.
  for (const std::size_t chunk :
       {std::size_t(1) << 20, std::size_t(1), std::size_t(5), std::size_t(16), std::size_t(23)}) {
    SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
    SourceOptions options;
    options.chunk_bytes = chunk;
    expect(read_all(csv, "in.csv", nullptr, {"id"}, nullptr, nullptr, options));
    expect(read_all("\xEF\xBB\xBF" + csv, "bom.csv", nullptr, {"id"}, nullptr, nullptr, options));
  }
}

// Random exports, read in chunks of every size, against a reference reader: every record split
// with csv_split() and every cell bound with Binder::bind_text().
TEST(Records, CsvRecordsReadAsSplitAndBindTextAtAnyChunkSize) {
  static const Ruleset ruleset = rules();
  const Binder binder(ruleset, nullptr, {"id"});
  const std::vector<std::string> header = {"id", "numb", "age", "legs", "note"};
  const std::vector<std::vector<std::string>> cells = {
      {"", "p1", "a longer identifier, quoted", "x\"y"},
      {"", "true", "false", "true", "false", "tru", "truex", "falsey", "TRUE", " true", "1"},
      {"", "45", "16", "120", "121", "4.5", "-3", "007", "45.0", "1e2", "x"},
      {"", "none", "one", "both", "on", "bothx"},
      {"", "t", "true", "false,", "a\nb", "12.5", "\"\""}};
  std::mt19937 random(7);
  const auto pick = [&](const std::vector<std::string>& v) { return v[random() % v.size()]; };
  const auto field = [&](const std::string& text) {
    std::string out;
    if (text.find_first_of(",\"\n") != std::string::npos || random() % 8 == 0) {
      csv_append_field(out, text);
      if (out.front() != '"') out = "\"" + out + "\"";
    } else {
      out = text;
    }
    return out;
  };
  for (int round = 0; round < 20; ++round) {
    std::string csv = "id,numb,age,legs,note\n";
    std::vector<Row> expected;
    std::size_t line = 2;
    const int records = 1 + int(random() % 60);
    for (int r = 0; r < records; ++r) {
      if (random() % 10 == 0) {  // an empty line: no record
        csv += "\n";
        ++line;
        continue;
      }
      std::size_t fields = header.size();
      if (random() % 12 == 0) fields = 1 + random() % (header.size() + 2);  // ragged
      std::string record;
      for (std::size_t f = 0; f < fields; ++f)
        record += (f ? "," : "") + field(pick(cells[std::min(f, cells.size() - 1)]));
      if (record.empty()) record = "\"\"";  // an empty line is no record
      // The reference: split, then bind cell by cell.
      std::string copy = record;
      std::vector<std::string_view> split;
      std::string why;
      ASSERT_TRUE(csv_split(copy.data(), copy.data() + copy.size(), split, why)) << record;
      Answers answers(ruleset);
      std::vector<std::string> ids(1);
      if (split.size() != header.size()) {
        answers.add_error({"", "ragged-row",
                           std::to_string(split.size()) +
                               (split.size() == 1 ? " field" : " fields") +
                               ", but the header has 5"});
        ids[0] = split[0];
      } else {
        ids[0] = split[0];
        for (std::size_t f = 1; f < split.size(); ++f) {
          const auto resolved = binder.resolve(header[f], why);
          binder.bind_text(*resolved, split[f], answers);
        }
      }
      expected.push_back({line, ids, describe(answers)});
      line += 1 + std::size_t(std::count(record.begin(), record.end(), '\n'));
      const bool last = r + 1 == records;
      csv += record + (random() % 3 == 0 ? "\r\n" : "\n");
      if (last && random() % 2) csv.resize(csv.size() - (csv.ends_with("\r\n") ? 2 : 1));
    }
    for (const std::size_t chunk : {1, 2, 3, 7, 8, 9, 31, 64, 100, 1 << 20}) {
      SCOPED_TRACE("round " + std::to_string(round) + ", chunk_bytes " + std::to_string(chunk) +
                   ":\n" + csv);
      SourceOptions options;
      options.chunk_bytes = chunk;
      const auto rows = read_all(csv, "random.csv", nullptr, {"id"}, nullptr, nullptr, options);
      ASSERT_EQ(rows.size(), expected.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].line, expected[i].line) << i;
        EXPECT_EQ(rows[i].ids, expected[i].ids) << i;
        EXPECT_EQ(rows[i].answers, expected[i].answers) << i;
      }
    }
  }
}

// The unquoted fast path does not clear the answers before each record (CsvRowBinder::start());
// it writes every question a column binds instead. A question answered in one record and blank
// (or a blank code) in the next must be unknown again, exactly as in fresh answers (the same
// values, compared through the evaluation's trace), also after an error record, a ragged record
// and a quoted one.
TEST(Records, CsvAnswersDoNotCarryOverToTheNextRecord) {
  static const Ruleset ruleset = rules();
  // Without blank codes, numb and age take the fast paths for booleans and numbers.
  for (const std::string blank : {"", R"("blank": ["NA"],)"}) {
    SCOPED_TRACE("mapping with " + blank);
    std::string error;
    const auto mapping = parse_mapping(R"({"ignore": ["visit"], )" + blank + R"(
    "columns": {"legs_c": {"question": "legs", "values": {"1": "none", "3": "both", "9": null}}}
    })",
                                       "map.json", error);
    ASSERT_TRUE(mapping) << error;
    const Binder binder(ruleset, &*mapping, {"id"});
    ASSERT_EQ(binder.error(), "");
    const std::vector<std::string> header = {"id", "visit", "age", "numb", "legs_c", "note"};
    const std::vector<std::vector<std::string>> records = {
        {"a", "v1", "45", "true", "3", "text"},  // everything answered
        {"b", "v1", "", "", "", ""},             // blank cells
        {"c", "v2", "50", "false", "1", "t"},
        {"d", "v2", "NA", "NA", "9", "NA"},  // blank codes
        {"e", "v1", "30", "true", "both", "x"},
        {"f", "v1", "200", "maybe", "", ""},        // errors
        {"g", "", "", "", "", ""},                  // blank after an error record
        {"h", "v1", "45", "true", "3", "\"q,r\""},  // quoted: the general path
        {"i", "v1", "", "", "", ""},
        {"j", "v1", "45", "true"},  // ragged
        {"k", "v1", "", "", "", ""},
        {"l", "v1", "45", "true", "3", "x"},  // the last cell ends the record
        {"m", "v1", "", "", "", ""},          // a blank cell ends the record
    };
    std::string csv;
    for (std::size_t i = 0; i < header.size(); ++i)
      csv += (i ? "," : "") + header[i];
    csv += "\n";
    for (const auto& record : records) {
      for (std::size_t i = 0; i < record.size(); ++i)
        csv += (i ? "," : "") + record[i];
      csv += "\n";
    }
    RecordReader reader;
    ASSERT_TRUE(reader.open(Input::from_memory(csv, "carry.csv"), binder, {}, error)) << error;
    Record record;
    for (const auto& cells : records) {
      SCOPED_TRACE("record " + cells[0]);
      ASSERT_TRUE(reader.next(record));
      EXPECT_EQ(record.ids[0], cells[0]);
      Answers expected(ruleset);
      if (cells.size() != header.size()) {
        expected.add_error({"", "ragged-row", "4 fields, but the header has 6"});
      } else {
        for (std::size_t i = 1; i < cells.size(); ++i) {
          std::string why;
          const auto field = binder.resolve(header[i], why);
          ASSERT_TRUE(field) << why;
          const bool quoted = cells[i].starts_with('"');
          binder.bind_text(*field, quoted ? cells[i].substr(1, cells[i].size() - 2) : cells[i],
                           expected);
        }
      }
      EXPECT_EQ(describe(*record.answers), describe(expected));
      if (expected.ok()) {
        ASSERT_TRUE(record.answers->ok());
        const Result got = ruleset.evaluate(*record.answers), want = ruleset.evaluate(expected);
        EXPECT_TRUE(
            std::ranges::equal(redflag::detail::trace_of(got), redflag::detail::trace_of(want)));
      }
    }
    EXPECT_FALSE(reader.next(record));
  }
}

// The fast path matches a short code together with the comma after it; a code that holds a comma
// (it can only be given quoted) must not match a cell and the next one.
TEST(Records, CsvCodeWithACommaDoesNotSpanTwoCells) {
  std::string error;
  const auto mapping = parse_mapping(
      R"({"columns": {"legs_c": {"question": "legs", "values": {"1,2": "both", "1": "none"}}}})",
      "map.json", error);
  ASSERT_TRUE(mapping) << error;
  const auto rows = read_all("legs_c,note,age\n1,2,45\n\"1,2\",2,45\n", "in.csv", &*mapping);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].answers, "age=45 legs=none note=2");
  EXPECT_EQ(rows[1].answers, "age=45 legs=both note=2");
}

// The fast path compares codes of up to 15 bytes a word at a time, then looks for the comma or
// the end of the record after them: codes of 7, 8, 9, 15 and 16 bytes, and cells that are a
// code's prefix or extend it, in the middle and at the end of records, bind as bind_text() binds
// them.
TEST(Records, CsvLongCodesMatchWholeCellsOnly) {
  static const Ruleset ruleset = rules();
  std::string error;
  const auto mapping = parse_mapping(R"({"columns": {
      "legs_c": {"question": "legs", "values": {"seven_7": "none", "eight_88": "one",
                 "nine_9999": "both", "fifteen_1234567": "none", "sixteen_12345678": "one"}},
      "note_c": {"question": "note", "values": {"eight_88": "eight", "fifteen_1234567": "15"}}}})",
                                     "map.json", error);
  ASSERT_TRUE(mapping) << error;
  const Binder binder(ruleset, &*mapping, {});
  const std::vector<std::string> cells = {"seven_7",
                                          "seven_",
                                          "seven_77",
                                          "eight_88",
                                          "eight_8",
                                          "eight_888",
                                          "nine_9999",
                                          "nine_999",
                                          "nine_99999",
                                          "fifteen_1234567",
                                          "fifteen_123456",
                                          "fifteen_12345678",
                                          "sixteen_1234567",
                                          "sixteen_12345678",
                                          "sixteen_123456789",
                                          "one",
                                          "x",
                                          ""};
  std::string csv = "legs_c,note_c\n";
  bool crlf = false;
  for (const std::string& a : cells) {
    for (const std::string& b : cells) {
      csv += a + "," + b + (crlf ? "\r\n" : "\n");
      crlf = !crlf;
    }
  }
  csv.pop_back();  // the last record ends the input, after a CR
  // Whole, and in chunks so small that records lie within a word of a chunk's end.
  for (const std::size_t chunk : {std::size_t(1) << 20, std::size_t(9), std::size_t(23)}) {
    SCOPED_TRACE("chunk_bytes " + std::to_string(chunk));
    SourceOptions options;
    options.chunk_bytes = chunk;
    RecordReader reader;
    ASSERT_TRUE(reader.open(Input::from_memory(csv, "codes.csv"), binder, options, error)) << error;
    Record record;
    for (const std::string& a : cells) {
      for (const std::string& b : cells) {
        ASSERT_TRUE(reader.next(record));
        Answers expected(ruleset);
        std::string why;
        binder.bind_text(*binder.resolve("legs_c", why), a, expected);
        binder.bind_text(*binder.resolve("note_c", why), b, expected);
        EXPECT_EQ(describe(*record.answers), describe(expected)) << "'" << a << "', '" << b << "'";
      }
    }
    EXPECT_FALSE(reader.next(record));
  }
}

TEST(Records, NdjsonObjectsWithIdsAndErrors) {
  const auto rows = read_all(
      "{\"id\": \"p1\", \"age\": 45, \"numb\": true, \"legs\": \"both\"}\n"
      "\n"
      "{\"id\": 7, \"age\": null}\n"
      "{\"age\": 45, \"age\": 46}\n"
      "{\"nope\": 1}\n"
      "{\"age\": 45\n"
      "[1]\n",
      "in.ndjson", nullptr, {"id"});
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].ids[0], "p1");
  EXPECT_EQ(rows[0].answers, "age=45 numb=true legs=both");
  EXPECT_EQ(rows[1].line, 3u);
  EXPECT_EQ(rows[1].ids[0], "7");
  EXPECT_EQ(rows[1].answers, "");
  EXPECT_EQ(rows[2].answers, "ERROR duplicate-answer: 'age' is answered more than once;");
  EXPECT_NE(rows[3].answers.find("ERROR unknown-question: 'nope' is not a question"),
            std::string::npos);
  EXPECT_EQ(rows[4].line, 6u);
  EXPECT_NE(rows[4].answers.find("ERROR invalid-json: invalid JSON at column"), std::string::npos);
  EXPECT_EQ(rows[5].answers, "ERROR wrong-type: a record must be a JSON object, not an array;");
}

constexpr std::string_view kResponse = R"({"resourceType": "QuestionnaireResponse", "id": "qr1",
  "status": "completed",
  "item": [{"linkId": "age", "answer": [{"valueInteger": 45}]},
           {"linkId": "group", "item": [
              {"linkId": "numb", "answer": [{"valueBoolean": true}]},
              {"linkId": "legs", "answer": [{"valueCoding": {"system": "x", "code": "one"}}]}]},
           {"linkId": "note", "answer": [{"valueString": "hello"}]}]})";

TEST(Records, FhirResourceBundleAndBulkNdjson) {
  auto rows = read_all(std::string(kResponse), "qr.json", nullptr, {"id"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].ids[0], "qr1");
  EXPECT_EQ(rows[0].answers, "age=45 numb=true legs=one note=hello");

  const std::string bundle = R"({"resourceType": "Bundle", "type": "collection", "entry": [
    {"resource": )" + std::string(kResponse) +
                             R"(},
    {"resource": {"resourceType": "Patient", "id": "p"}},
    {"resource": {"resourceType": "QuestionnaireResponse", "id": "qr3", "item": [
       {"linkId": "age", "answer": [{"valueQuantity": {"value": 50, "unit": "a"}}]},
       {"linkId": "numb", "answer": [{"valueDecimal": 1.5}]}]}}]})";
  rows = read_all(bundle, "bundle.json", nullptr, {"id"});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].answers, "age=45 numb=true legs=one note=hello");
  EXPECT_EQ(rows[1].ids[0], "p");
  EXPECT_EQ(rows[1].answers,
            "ERROR not-a-questionnaire-response: a Patient resource, not a "
            "QuestionnaireResponse;");
  EXPECT_EQ(rows[2].answers, "ERROR wrong-type: 'numb' expects true or false; got the number 1.5;");

  // Bulk Data export: one resource per line, read through .ndjson or fhir alike.
  std::string bulk;
  for (int i = 0; i < 3; ++i)
    bulk += R"({"resourceType":"QuestionnaireResponse","id":"q)" + std::to_string(i) +
            R"(","item":[{"linkId":"age","answer":[{"valueInteger":)" + std::to_string(20 + i) +
            "}]}]}\n";
  for (const char* name : {"bulk.ndjson", "bulk.json"}) {
    rows = read_all(bulk, name, nullptr, {"id"});
    ASSERT_EQ(rows.size(), 3u) << name;
    EXPECT_EQ(rows[2].line, 3u);
    EXPECT_EQ(rows[2].ids[0], "q2");
    EXPECT_EQ(rows[2].answers, "age=22");
  }
}

TEST(Records, MappingRenamesColumnsAndTranslatesCodes) {
  std::string error;
  const auto mapping = parse_mapping(R"({
    "id_columns": ["record_id"],
    "ignore": ["redcap_event_name"],
    "blank": ["NA", "-99"],
    "boolean": {"1": true, "0": false, "Yes": true, "No": false},
    "columns": {
      "age_y": "age",
      "legs_c": {"question": "legs", "values": {"1": "none", "2": "one", "3": "both", "9": null}}
    }})",
                                     "map.json", error);
  ASSERT_TRUE(mapping) << error;
  const auto rows = read_all(
      "record_id,redcap_event_name,age_y,numb,legs_c\n"
      "r1,baseline,45,1,3\n"
      "r2,baseline,NA,No,9\n"
      "r3,baseline,-99,true,4\n",
      "export.csv", &*mapping);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].ids[0], "r1");
  EXPECT_EQ(rows[0].answers, "age=45 numb=true legs=both");
  EXPECT_EQ(rows[1].answers, "numb=false");
  // With a mapping's boolean codes, "true" is no longer one of them; "4" is no code of legs_c.
  EXPECT_EQ(rows[2].answers,
            "ERROR wrong-type: 'numb' expects true or false; got the string \"true\"; "
            "unknown-option: 'legs' expects one of none, one, both; got \"4\";");
}

TEST(Records, GzipIsReadByItsMagicBytesAndTruncationIsAnError) {
  std::string csv = "age,numb\n45,true\n50,false\n";
  for (int i = 0; i < 40000; ++i)
    csv += std::to_string(16 + i % 100) + ",true\n";
  std::string gz(csv.size() + 64, '\0');
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(csv.data()));
  z.avail_in = uInt(csv.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = uInt(gz.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);

  auto rows = read_all(gz, "export.csv.gz");
  ASSERT_EQ(rows.size(), 40002u);
  EXPECT_EQ(rows[1].answers, "age=50 numb=false");
  rows = read_all(gz, "export.csv");  // the magic bytes decide, not the name
  EXPECT_EQ(rows.size(), 40002u);

  // Cut short: the records before the cut are read, then the reader reports the truncation.
  std::string read_error;
  rows = read_all(gz.substr(0, gz.size() - 6), "cut.csv.gz", nullptr, {}, nullptr, &read_error);
  EXPECT_EQ(read_error, "cannot read cut.csv.gz: the gzip stream is truncated");
  EXPECT_LT(rows.size(), 40002u);
}

// The CSV reader binds cells through a table worked out once per column (and inline fast paths
// for true/false and whole numbers); Binder::bind_text() is the reference. Every cell, quoted
// (the general path) or not (the fast path), must give the same answers or the same errors.
TEST(Records, CsvCellsBindExactlyAsBinderBindText) {
  static const Ruleset ruleset = rules();
  std::string error;
  const auto mapping = parse_mapping(R"({
    "blank": ["NA", "-99", "none"],
    "boolean": {"1": true, "0": false, "Yes": true, "No": false, "true": false, "U": null},
    "columns": {
      "age_y": {"question": "age", "values": {"old": 90, "unk": null, "45": 50}},
      "legs_c": {"question": "legs", "values": {"1": "none", "2": "one", "9": null, "one": "both"}},
      "note_c": {"question": "note", "values": {"1": "first", "none": "x"}}
    }})",
                                     "map.json", error);
  ASSERT_TRUE(mapping) << error;
  const std::vector<std::string> cells = {"",
                                          "true",
                                          "false",
                                          "TRUE",
                                          "True",
                                          "1",
                                          "0",
                                          "Yes",
                                          "No",
                                          "U",
                                          "NA",
                                          "-99",
                                          "45",
                                          "-5",
                                          "007",
                                          "12.5",
                                          "1e2",
                                          "-0",
                                          "inf",
                                          "nan",
                                          "120",
                                          "121",
                                          "16",
                                          "15",
                                          "-",
                                          "--1",
                                          "+3",
                                          "1 ",
                                          " 1",
                                          "0x10",
                                          "none",
                                          "one",
                                          "both",
                                          "2",
                                          "9",
                                          "4",
                                          "old",
                                          "unk",
                                          "x y",
                                          "tru",
                                          "falsE",
                                          "fals",
                                          "falsey",
                                          "truee",
                                          "999999999999999",
                                          "1234567890123456789",
                                          "3.0"};
  for (const Mapping* m : {static_cast<const Mapping*>(nullptr), &*mapping}) {
    const std::vector<std::string> columns =
        m ? std::vector<std::string>{"age_y", "numb", "legs_c", "note_c"}
          : std::vector<std::string>{"age", "numb", "legs", "note"};
    Binder binder(ruleset, m, {});
    ASSERT_EQ(binder.error(), "");
    for (const bool quoted : {false, true}) {
      std::string csv = columns[0] + "," + columns[1] + "," + columns[2] + "," + columns[3] + "\n";
      for (const std::string& cell : cells) {
        const std::string c = quoted ? "\"" + cell + "\"" : cell;
        csv += c + "," + c + "," + c + "," + c + "\n";
      }
      RecordReader reader;
      ASSERT_TRUE(reader.open(Input::from_memory(csv, "cells.csv"), binder, {}, error)) << error;
      Record record;
      for (const std::string& cell : cells) {
        ASSERT_TRUE(reader.next(record)) << cell;
        Answers expected(ruleset);
        for (const std::string& column : columns) {
          std::string why;
          const auto field = binder.resolve(column, why);
          ASSERT_TRUE(field) << why;
          binder.bind_text(*field, cell, expected);
        }
        EXPECT_EQ(describe(*record.answers), describe(expected))
            << "cell '" << cell << "'" << (m ? " with the mapping" : "")
            << (quoted ? ", quoted" : "");
      }
      EXPECT_FALSE(reader.next(record));
    }
  }
}

TEST(Records, TypedSettersCheckAsSetDoes) {
  static const Ruleset ruleset = rules();
  Answers a(ruleset), b(ruleset);
  // age: integer 16..120; numb: boolean; legs: choice {none, one, both}; note: text.
  for (const double d : {45.0, 16.0, 120.0, 15.0, 121.0, 12.5, -0.0, 1e300}) {
    a.clear();
    b.clear();
    EXPECT_EQ(a.impl().set_number(0, d), b.set(std::size_t(0), Value::of(d))) << d;
    EXPECT_EQ(describe(a), describe(b)) << d;
  }
  a.clear();
  b.clear();
  EXPECT_FALSE(a.impl().set_number(1, 1));  // a boolean question
  EXPECT_FALSE(b.set(std::size_t(1), Value::of(1.0)));
  EXPECT_EQ(describe(a), describe(b));
  a.clear();
  EXPECT_TRUE(a.impl().set_boolean(1, true));
  EXPECT_EQ(describe(a), "numb=true");
  EXPECT_FALSE(a.impl().set_boolean(0, true));  // an integer question: rejected, not set
  EXPECT_FALSE(a.answered(0));
  EXPECT_EQ(a.errors().back().code, "wrong-type");
  a.clear();
  EXPECT_TRUE(a.impl().set_option(2, 2));
  EXPECT_EQ(describe(a), "legs=both");
  EXPECT_FALSE(a.impl().set_option(2, 3));  // no fourth option
  EXPECT_FALSE(a.answered(2));
  EXPECT_EQ(a.errors().back().code, "unknown-option");
  EXPECT_FALSE(a.impl().set_option(0, 1));  // not a choice question: never read as the number 1
  EXPECT_FALSE(a.answered(0));
  EXPECT_EQ(a.errors().back().code, "wrong-type");
  EXPECT_FALSE(a.impl().set_option(99, 0));
  EXPECT_EQ(a.errors().back().code, "unknown-question");
  EXPECT_FALSE(a.impl().set_boolean(99, true));
  EXPECT_FALSE(a.impl().set_number(99, 1));
}

}  // namespace
}  // namespace redflag::io
