// Smoke test of redflag_gen_export (ctest bench.gen_export): runs the generator for 1000 records
// in each format and checks that
//   * every NDJSON line is accepted by Answers::from_json, every FHIR QuestionnaireResponse and
//     every CSV row binds without an answer error;
//   * the CSV header is record_id followed by the rule set's question ids;
//   * record i carries the same answers in all three formats;
//   * output is deterministic for a seed and changes with it;
//   * the distribution is plausible: most records have no emergency, a few percent of answers
//     are blank, each record evaluates.
//
//   redflag_gen_export_test RULES GENERATOR
#include <boost/json.hpp>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "redflag/redflag.hpp"

namespace {

int g_failures = 0;

void fail(const std::string& what) {
  if (++g_failures <= 20) std::cerr << "FAIL: " << what << "\n";
}

std::string run(const std::string& command) {
  std::string out;
  std::FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return fail("cannot run " + command), out;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
    out.append(buf, n);
  if (pclose(pipe) != 0) fail("non-zero exit: " + command);
  return out;
}

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return out;
}

// One CSV record (RFC 4180 quoting; no embedded newlines in these exports).
std::vector<std::string> csv_fields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
        fields.back() += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// A comparable snapshot of an Answers object: one string per question.
std::vector<std::string> snapshot(const redflag::Answers& answers) {
  const auto questions = answers.ruleset().questions();
  std::vector<std::string> out;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const redflag::Value v = answers.get(i);
    std::ostringstream s;
    s << int(v.kind) << ':' << v.boolean << ':' << v.number << ':' << v.text;
    out.push_back(s.str());
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: redflag_gen_export_test RULES GENERATOR\n";
    return 64;
  }
  const std::string rules_path = argv[1], generator = argv[2];
  const redflag::LoadResult loaded = redflag::load_file(rules_path);
  if (!loaded) return std::cerr << loaded.formatted(), 2;
  const redflag::Ruleset& rules = loaded.value();
  const auto questions = rules.questions();
  constexpr std::size_t kRows = 1000;

  const auto gen = [&](const char* format, int seed) {
    return run("'" + generator + "' '" + rules_path + "' --rows " + std::to_string(kRows) +
               " --seed " + std::to_string(seed) + " --format " + format);
  };
  const std::string csv = gen("csv", 7), ndjson = gen("ndjson", 7), fhir = gen("fhir", 7);
  if (gen("csv", 7) != csv) fail("same seed, different CSV");
  if (gen("csv", 8) == csv) fail("different seeds, same CSV");

  std::vector<std::vector<std::string>> from_ndjson, from_fhir, from_csv;

  // NDJSON: the library's own JSON reader must accept every line.
  for (const std::string_view line : lines(ndjson)) {
    const redflag::Answers a = redflag::Answers::from_json(rules, line);
    if (!a.ok())
      fail("NDJSON record " + std::to_string(from_ndjson.size() + 1) + ": " +
           a.errors().front().code + " " + a.errors().front().message);
    from_ndjson.push_back(snapshot(a));
  }

  // FHIR QuestionnaireResponse: linkId -> question, value[x] -> typed setter.
  for (const std::string_view line : lines(fhir)) {
    redflag::Answers a(rules);
    boost::system::error_code ec;
    const boost::json::value doc = boost::json::parse(line, ec);
    if (ec || !doc.is_object()) {
      fail("FHIR record is not JSON");
      continue;
    }
    const auto& obj = doc.as_object();
    if (obj.at("resourceType") != "QuestionnaireResponse") fail("FHIR resourceType");
    if (obj.at("id").as_string() != "r" + std::to_string(from_fhir.size() + 1)) fail("FHIR id");
    for (const auto& item : obj.at("item").as_array()) {
      const std::string_view id = item.at("linkId").as_string();
      const auto& answer = item.at("answer").as_array().at(0).as_object();
      if (const auto* v = answer.if_contains("valueBoolean")) {
        a.set(id, v->as_bool());
      } else if (const auto* v = answer.if_contains("valueInteger")) {
        a.set(id, double(v->as_int64()));
      } else if (const auto* v = answer.if_contains("valueDecimal")) {
        a.set(id, v->is_double() ? v->as_double() : double(v->as_int64()));
      } else if (const auto* v = answer.if_contains("valueCoding")) {
        a.set(id, std::string_view(v->at("code").as_string()));
      } else if (const auto* v = answer.if_contains("valueString")) {
        a.set(id, std::string_view(v->as_string()));
      } else {
        fail("FHIR answer without a known value[x]");
      }
    }
    if (!a.ok()) fail("FHIR record: " + a.errors().front().message);
    from_fhir.push_back(snapshot(a));
  }

  // CSV: header, then one row per record, each cell parsed by its question's type.
  const auto csv_lines = lines(csv);
  std::string expected_header = "record_id";
  for (const auto& q : questions)
    expected_header += "," + q.id;
  if (csv_lines.empty() || csv_lines[0] != expected_header) fail("CSV header");
  std::size_t blank = 0, cells = 0, missing_required_rows = 0;
  for (std::size_t r = 1; r < csv_lines.size(); ++r) {
    const auto fields = csv_fields(csv_lines[r]);
    if (fields.size() != questions.size() + 1) {
      fail("CSV row " + std::to_string(r) + " has " + std::to_string(fields.size()) + " fields");
      continue;
    }
    if (fields[0] != std::to_string(r)) fail("CSV record_id " + fields[0]);
    redflag::Answers a(rules);
    bool required_blank = false;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      const std::string& cell = fields[i + 1];
      ++cells;
      if (cell.empty()) {
        ++blank;
        required_blank = required_blank || questions[i].required;
        continue;
      }
      switch (questions[i].type) {
        case redflag::QuestionType::boolean:
          if (cell != "true" && cell != "false") fail("CSV boolean " + cell);
          a.set(i, redflag::Value::of(cell == "true"));
          break;
        case redflag::QuestionType::integer:
        case redflag::QuestionType::number: {
          double x = 0;
          const auto res = std::from_chars(cell.data(), cell.data() + cell.size(), x);
          if (res.ec != std::errc{} || res.ptr != cell.data() + cell.size())
            fail("CSV number " + cell);
          a.set(i, redflag::Value::of(x));
          break;
        }
        case redflag::QuestionType::choice:
          a.set(questions[i].id, std::string_view(cell));
          break;
        case redflag::QuestionType::text:
          a.set(i, redflag::Value::text_value(cell));
          break;
      }
    }
    missing_required_rows += required_blank;
    if (!a.ok()) fail("CSV row " + std::to_string(r) + ": " + a.errors().front().message);
    from_csv.push_back(snapshot(a));
  }

  if (from_ndjson.size() != kRows || from_fhir.size() != kRows || from_csv.size() != kRows) {
    fail("record counts: ndjson " + std::to_string(from_ndjson.size()) + ", fhir " +
         std::to_string(from_fhir.size()) + ", csv " + std::to_string(from_csv.size()));
  } else {
    for (std::size_t r = 0; r < kRows; ++r) {
      if (from_ndjson[r] != from_csv[r])
        fail("record " + std::to_string(r + 1) + ": NDJSON != CSV");
      if (from_ndjson[r] != from_fhir[r])
        fail("record " + std::to_string(r + 1) + ": NDJSON != FHIR");
    }
  }

  // Distribution: evaluate every record.
  std::map<std::string, std::size_t> levels;
  std::size_t complete = 0;
  redflag::Answers a(rules);
  redflag::Result result;
  for (const std::string_view line : lines(ndjson)) {
    a.read_json(line);
    rules.evaluate(a, result);
    if (!result.ok()) {
      fail("evaluation error");
      continue;
    }
    ++levels[result.level().id];
    complete += result.complete();
  }
  std::cout << "1000 records; levels:";
  for (const auto& [id, n] : levels)
    std::cout << " " << id << "=" << n;
  std::cout << "; complete=" << complete
            << "; blank cells=" << 100.0 * double(blank) / double(cells)
            << "%; rows with a blank required answer=" << missing_required_rows << "\n";
  const double blank_share = double(blank) / double(cells);
  if (blank_share < 0.01 || blank_share > 0.25) fail("blank share out of range");
  if (missing_required_rows > kRows / 10) fail("too many rows with a blank required answer");
  const std::size_t top = levels.count("emergency") ? levels["emergency"] : 0;
  if (top == 0 || top > kRows / 5) fail("emergency share out of range");
  if (levels.size() < 4) fail("fewer than 4 distinct levels in 1000 records");
  if (complete < kRows / 2) fail("fewer than half the records complete");

  if (g_failures) std::cerr << g_failures << " failure(s)\n";
  return g_failures ? 1 : 0;
}
