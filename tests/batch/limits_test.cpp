// The batch readers on hostile input (src/io/records.hpp, src/io/csv.hpp): one record per input
// record whatever the input holds, records over the limit as one error record each and the
// reader back in step after them, decompression bombs stopped, and messages that quote at most a
// short, escaped excerpt (src/io/excerpt.hpp). Small limits keep the inputs small; the same
// cases at the default limits, through `redflag batch`, are tests/bad_input/exports.sh.
#include <gtest/gtest.h>
#include <zlib.h>

#include <redflag/redflag.hpp>

#include <string>
#include <vector>

#include "io/csv.hpp"
#include "io/excerpt.hpp"
#include "io/records.hpp"

namespace redflag::io {
namespace {

constexpr std::string_view kRules = R"(ruleset demo "Demo"
version "1.0.0"
levels { low "Low" indicator info
         high "High" indicator critical }
default low
question age: integer 16..120 "Age"
question numb: boolean "Numbness"
question legs: choice { none, one, both } "Legs"
question note: text "Note"
rule r "R" -> high when numb or legs == both because "b" source "s"
)";

const Ruleset& rules() {
  static const Ruleset ruleset = load(kRules, "demo.rf").value();
  return ruleset;
}

/// One record read: its line, id, and its first error's code and message (empty when none).
struct Row {
  std::size_t line;
  std::string id, code, message;
};

struct Read {
  bool opened = false;
  std::string error;  // open() or a read error
  std::vector<Row> rows;
};

Read read(std::string bytes, Format format, SourceOptions options = {}) {
  static const Binder binder(rules(), nullptr, {"id"});
  options.format = format;
  Read out;
  RecordReader reader;
  out.opened = reader.open(Input::from_memory(std::move(bytes), "in"), binder, options, out.error);
  if (!out.opened) return out;
  Record record;
  while (reader.next(record)) {
    Row row{record.line, record.ids.empty() ? "" : record.ids[0], "", ""};
    if (!record.answers->ok()) {
      row.code = record.answers->errors().front().code;
      row.message = record.answers->errors().front().message;
    }
    out.rows.push_back(row);
  }
  out.error = reader.error();
  return out;
}

/// Small limits: records of more than 1000 bytes are over; 4000 bytes more are looked through
/// for the end of one.
SourceOptions small() {
  SourceOptions options;
  options.chunk_bytes = 256;
  options.max_record_bytes = 1000;
  options.max_skip_bytes = 4000;
  options.max_document_bytes = 3000;
  return options;
}

std::string gzip(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, uLong(text.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = uInt(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string rows(int from, int to) {
  std::string out;
  for (int i = from; i <= to; ++i)
    out += "r" + std::to_string(i) + ",40,false\n";
  return out;
}

// ---- finding the end of a record ------------------------------------------------------------

TEST(CsvRecordScan, AQuoteOpensAFieldOnlyAtItsStart) {
  std::size_t lines = 9;
  bool quoted = false;
  EXPECT_EQ(csv_record_end("1,ab\"c,x\n2,y\n", lines, quoted), 9u);  // a stray quote
  EXPECT_TRUE(quoted);  // the fast path must not take the record: csv_split reports it
  EXPECT_EQ(lines, 0u);
  EXPECT_EQ(csv_record_end("1,\"a\nb\",x\n", lines), 10u);
  EXPECT_EQ(lines, 1u);
  EXPECT_EQ(csv_record_end("\"a\"\"\n\",x\n", lines), 9u);  // a doubled quote, then a line feed
  EXPECT_EQ(lines, 1u);
  EXPECT_EQ(csv_record_end("\"a\"b\"\nc\n", lines),
            6u);  // after a closing quote: not a field start
  EXPECT_EQ(csv_complete_prefix("1,a\"b\n2,c\"\n3,\"d"), 11u);
}

TEST(CsvRecordScan, AQuoteOpensAFieldAfterTheDelimiter) {
  std::size_t lines = 0;
  EXPECT_EQ(csv_record_end("a;\"b\nc\";d\ne\n", lines, ';'), 10u);
  EXPECT_EQ(lines, 1u);
  EXPECT_EQ(csv_record_end("a,\"b\nc\";d\ne\n", lines, ';'), 5u);        // after ',': a stray quote
  EXPECT_EQ(csv_record_end("a\t\"b\nc\"\n", lines, kAnyDelimiter), 8u);  // a header to detect
  EXPECT_EQ(csv_complete_prefix("x;\"1\n2\"\ny;\"3", ';'), 8u);
}

TEST(CsvRecordScan, FedInPiecesFindsWhatItFindsWhole) {
  const std::vector<std::string> records = {"a,b\n",
                                            "\"a\nb\",c\n",
                                            "1,ab\"c,d\n",
                                            "\"x\"\"y\n\"\"\",\"\n\"\n",
                                            "\"a\"b\"c,\"\nd\"\n",
                                            ",\",\"\"\",\n",
                                            "\"\"\n"};
  for (const std::string& record : records) {
    std::size_t lines = 0;
    const std::size_t whole = csv_record_end(record + "next\n", lines);
    ASSERT_EQ(whole, record.size()) << record;
    for (std::size_t cut = 0; cut <= record.size(); ++cut) {
      CsvRecordScan scan;
      std::size_t end = scan.feed(std::string_view(record).substr(0, cut));
      if (end == std::string_view::npos) {
        const std::size_t rest = scan.feed(std::string_view(record).substr(cut));
        end = rest == std::string_view::npos ? rest : cut + rest;
      }
      EXPECT_EQ(end, whole) << record << " cut at " << cut;
      EXPECT_EQ(scan.lines, lines) << record << " cut at " << cut;
    }
  }
}

// ---- one record per input record --------------------------------------------------------------

TEST(HostileCsv, AStrayQuoteSpoilsOnlyItsRecord) {
  std::string csv = "id,age,numb\n" + rows(1, 499) + "r500,ab\"c,false\n" + rows(501, 1001);
  for (const std::size_t chunk : {64u, 256u, 1u << 20}) {
    SourceOptions options;
    options.chunk_bytes = chunk;
    const Read r = read(csv, Format::csv, options);
    ASSERT_TRUE(r.opened) << r.error;
    ASSERT_EQ(r.rows.size(), 1001u) << "chunk " << chunk;
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      EXPECT_EQ(r.rows[i].line, i + 2);
      EXPECT_EQ(r.rows[i].code, i == 499 ? "invalid-csv" : "") << i << ": " << r.rows[i].message;
    }
  }
}

TEST(HostileCsv, AQuotedFieldOverTheLimitIsOneErrorRecord) {
  std::string field;
  for (int i = 0; i < 300; ++i)
    field += "line " + std::to_string(i) + "\n";  // about 2 700 bytes, 300 line feeds
  const std::string csv = "id,age,numb,note\n" + std::string("r1,40,false,x\nr2,40,false,\"") +
                          field + "\"\nr3,40,true,x\n";
  const Read r = read(csv, Format::csv, small());
  ASSERT_TRUE(r.opened) << r.error;
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[1].line, 3u);
  EXPECT_EQ(r.rows[1].code, "record-too-long");
  EXPECT_EQ(r.rows[1].message,
            "the record is longer than the limit of 1000 bytes (" +
                std::to_string(std::string("r2,40,false,\"").size() + field.size() + 2) +
                " bytes, lines 3-303): not read");
  EXPECT_EQ(r.rows[2].line, 304u);  // back in step
  EXPECT_EQ(r.rows[2].id, "r3");
  EXPECT_EQ(r.rows[2].code, "");
}

TEST(HostileCsv, ALongLineIsOneErrorRecordWhetherOrNotItFitsAChunk) {
  const std::string csv =
      "id,age,numb\nr1,40,false\nr2,40," + std::string(1500, 'x') + "\nr3,40,true\n";
  for (const std::size_t chunk : {256u, 1u << 20}) {  // streamed past, or whole in a chunk
    SourceOptions options = small();
    options.chunk_bytes = chunk;
    const Read r = read(csv, Format::csv, options);
    ASSERT_EQ(r.rows.size(), 3u) << chunk;
    EXPECT_EQ(r.rows[1].message,
              "the record is longer than the limit of 1000 bytes (1507 bytes): not read");
    EXPECT_EQ(r.rows[2].line, 4u);
    EXPECT_EQ(r.rows[2].id, "r3");
  }
}

TEST(HostileCsv, AQuoteNeverClosedStopsTheInputAfterTheSkipLimit) {
  std::string csv = "id,age,numb,note\nr1,40,false,x\nr2,40,false,\"";
  for (int i = 0; i < 2000; ++i)
    csv += "r,40,false,x\n";  // 26 000 bytes inside the open quote
  const Read r = read(csv, Format::csv, small());
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].code, "record-too-long");
  EXPECT_EQ(r.rows[1].message.find("the record is longer than the limit of 1000 bytes and does not "
                                   "end within the "),
            0u)
      << r.rows[1].message;
  EXPECT_NE(r.rows[1].message.find("the input was not read past line 3 (a quoted field in it is "
                                   "never closed: a missing closing quote?)"),
            std::string::npos)
      << r.rows[1].message;
  EXPECT_EQ(r.error, "");
}

TEST(HostileCsv, AHeaderOverTheLimitIsABadInput) {
  const Read r = read(std::string(5000, '\0') + "\nr1\n", Format::csv, small());
  EXPECT_FALSE(r.opened);
  EXPECT_EQ(r.error,
            "in:1: the header row is longer than the limit of 1000 bytes (is this a CSV "
            "export?)");
}

TEST(HostileCsv, AGzipOfZerosIsStoppedAtTheLimit) {
  const std::string zeros(64 << 20, '\0');  // 64 MiB in about 64 kB
  const std::string bomb = gzip(zeros);
  Read r = read(bomb, Format::csv, small());
  EXPECT_FALSE(r.opened);
  EXPECT_NE(r.error.find("the header row is longer than the limit"), std::string::npos);
  r = read(gzip("id,age,numb\nr1,40,false\n") + bomb, Format::csv, small());
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].code, "");
  EXPECT_EQ(r.rows[1].code, "record-too-long");
  EXPECT_NE(r.rows[1].message.find("the input was not read past line 3"), std::string::npos);
}

// ---- NDJSON, FHIR ---------------------------------------------------------------------------

TEST(HostileNdjson, ALineOverTheLimitIsOneErrorRecord) {
  const std::string line = "{\"id\":\"r2\",\"note\":\"" + std::string(3000, 'x') + "\"}";
  const std::string text = "{\"id\":\"r1\",\"age\":40}\n" + line + "\n{\"id\":\"r3\",\"age\":41}\n";
  for (const std::size_t chunk : {256u, 1u << 20}) {
    SourceOptions options = small();
    options.chunk_bytes = chunk;
    const Read r = read(text, Format::ndjson, options);
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(r.rows[1].line, 2u);
    EXPECT_EQ(r.rows[1].message, "the line is longer than the limit of 1000 bytes (" +
                                     std::to_string(line.size() + 1) + " bytes): not read");
    EXPECT_EQ(r.rows[2].line, 3u);
    EXPECT_EQ(r.rows[2].id, "r3");
  }
}

TEST(HostileNdjson, AGzipOfZerosIsOneErrorRecord) {
  const Read r =
      read(gzip("{\"id\":\"r1\"}\n") + gzip(std::string(64 << 20, '\0')), Format::ndjson, small());
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].code, "record-too-long");
  EXPECT_NE(r.rows[1].message.find("the input was not read past line 2"), std::string::npos);
}

TEST(HostileFhir, ADocumentOverTheLimitIsOneErrorRecord) {
  const std::string document =
      R"({"resourceType":"QuestionnaireResponse","text":")" + std::string(5000, 'x') + "\"}";
  const Read r = read(document, Format::fhir, small());
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].code, "record-too-long");
  EXPECT_EQ(r.rows[0].message.find("the FHIR document is longer than the limit of 3000 bytes"), 0u);
}

// ---- messages quote short, escaped excerpts -------------------------------------------------

TEST(Excerpt, IsShortEscapedAndCutBetweenCharacters) {
  EXPECT_EQ(excerpt("age_years"), "age_years");
  EXPECT_EQ(excerpt("a\x1b[31mb\n\t\x7f"), "a\\x1b[31mb\\n\\t\\x7f");
  EXPECT_EQ(excerpt("caf\xc3\xa9 \xc2\x9b \xff"), "caf\xc3\xa9 \\xc2\\x9b \\xff");  // C1, not UTF-8
  EXPECT_EQ(excerpt(std::string(100, 'k')), std::string(40, 'k') + "... (100 bytes)");
  // 39 ASCII bytes and an e-acute: not cut inside it.
  EXPECT_EQ(excerpt(std::string(39, 'a') + "\xc3\xa9zz"), std::string(39, 'a') + "... (43 bytes)");
}

TEST(Excerpt, AHugeKeyOrValueGivesAShortMessage) {
  const std::string key(100 << 20, 'k');  // a 100 MiB question id
  Answers answers(rules());
  answers.read_json("{\"" + key + "\": 1, \"legs\": \"" + std::string(1 << 20, 'v') + "\"}");
  ASSERT_EQ(answers.errors().size(), 2u);
  for (const AnswerError& e : answers.errors()) {
    EXPECT_LE(e.message.size(), 200u) << e.message.substr(0, 200);
    EXPECT_LE(e.question.size(), 80u);
  }
  EXPECT_EQ(answers.errors()[0].question, std::string(40, 'k') + "... (104857600 bytes)");
}

TEST(Excerpt, ControlCharactersInKeysAreEscapedInMessages) {
  Answers answers(rules());
  answers.read_json(R"({"\u001b[2J\u001b[31mred": true, "x\u009b": {"a": 1}})");
  ASSERT_EQ(answers.errors().size(), 2u);
  // The question is data (JSON output escapes it); the message is text for people.
  EXPECT_EQ(answers.errors()[0].question, "\x1b[2J\x1b[31mred");
  EXPECT_EQ(answers.errors()[0].message.find("'\\x1b[2J\\x1b[31mred' is not a question"), 0u)
      << answers.errors()[0].message;
  EXPECT_EQ(answers.errors()[1].question, "x\xc2\x9b");
  EXPECT_EQ(answers.errors()[1].message.find("'x\\xc2\\x9b' has an object"), 0u)
      << answers.errors()[1].message;
  for (const AnswerError& e : answers.errors())
    for (const char c : e.message)
      EXPECT_GE(static_cast<unsigned char>(c), 0x20u) << e.message;
}

}  // namespace
}  // namespace redflag::io
