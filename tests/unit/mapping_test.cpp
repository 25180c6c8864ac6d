// Mapping files (src/io/mapping.hpp) and their checks against a rule set (src/io/binder.hpp).
#include "io/mapping.hpp"

#include <gtest/gtest.h>

#include <redflag/redflag.hpp>

#include "io/binder.hpp"
#include "io/input.hpp"
#include "io/records.hpp"

namespace redflag::io {
namespace {

std::string mapping_error(std::string_view text) {
  std::string error;
  EXPECT_FALSE(parse_mapping(text, "m.json", error));
  return error;
}

TEST(Mapping, ParsesEveryKey) {
  std::string error;
  const auto m = parse_mapping(R"({"description": "x", "id_columns": ["id"], "ignore": ["a"],
    "blank": ["NA"], "boolean": {"Y": true, "N": false, "?": null},
    "columns": {"c1": "q1", "c2": {"question": "q2", "values": {"1": "opt", "2": 3.5}}}})",
                               "m.json", error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(m->id_columns, std::vector<std::string>{"id"});
  EXPECT_TRUE(m->ignored("a"));
  EXPECT_FALSE(m->ignored("b"));
  EXPECT_EQ(m->blank, std::vector<std::string>{"NA"});
  ASSERT_EQ(m->boolean.size(), 3u);
  EXPECT_EQ(m->boolean[2].kind, Value::Kind::unknown);
  ASSERT_NE(m->find_column("c2"), nullptr);
  EXPECT_EQ(m->find_column("c2")->question, "q2");
  EXPECT_EQ(m->find_column("c2")->values[0].value(), Value::choice("opt"));
  EXPECT_EQ(m->find_column("c2")->values[1].value(), Value::of(3.5));
  EXPECT_EQ(m->find_column("c1")->question, "q1");
  EXPECT_EQ(m->delimiter, ',');  // the defaults
  EXPECT_FALSE(m->decimal_comma);
  EXPECT_TRUE(m->review.empty());
}

TEST(Mapping, ParsesTheDelimiterTheDecimalCommaAndReviewNotes) {
  std::string error;
  auto m =
      parse_mapping(R"({"delimiter": ";", "decimal": ",", "review": ["a", "b"]})", "m.json", error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(m->delimiter, ';');
  EXPECT_TRUE(m->decimal_comma);
  EXPECT_EQ(m->review, (std::vector<std::string>{"a", "b"}));
  m = parse_mapping(R"({"delimiter": "\t", "decimal": "."})", "m.json", error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(m->delimiter, '\t');
  EXPECT_FALSE(m->decimal_comma);
  m = parse_mapping(R"({"delimiter": "auto"})", "m.json", error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(m->delimiter, Mapping::kAutoDelimiter);
}

TEST(Mapping, ErrorsNameTheFileAndTheKey) {
  EXPECT_EQ(mapping_error("{\"columns\": {\n  \"a\": }"),
            "m.json: invalid JSON at line 2, column 8: syntax error");
  EXPECT_EQ(mapping_error("[]"), "m.json: a mapping must be a JSON object");
  EXPECT_EQ(mapping_error(R"({"colums": {}})"),
            "m.json: \"colums\": unknown key; a mapping has columns, ignore, id_columns, blank, "
            "boolean, delimiter, decimal (and description, review)");
  EXPECT_EQ(mapping_error(R"({"delimiter": "|"})"),
            "m.json: \"delimiter\": expected \",\", \";\", \"\\t\" (tab) or \"auto\"");
  EXPECT_EQ(mapping_error(R"({"delimiter": 59})"),
            "m.json: \"delimiter\": expected \",\", \";\", \"\\t\" (tab) or \"auto\"");
  EXPECT_EQ(mapping_error(R"({"decimal": "comma"})"),
            "m.json: \"decimal\": expected \".\" or \",\"");
  EXPECT_EQ(mapping_error(R"({"review": "check"})"),
            "m.json: \"review\": expected an array of strings");
  EXPECT_EQ(mapping_error(R"({"ignore": [1]})"),
            "m.json: \"ignore\": expected an array of strings");
  EXPECT_EQ(mapping_error(R"({"boolean": {"1": "yes"}})"),
            "m.json: \"boolean.1\": a boolean code must stand for true, false or null");
  EXPECT_EQ(mapping_error(R"({"columns": {"a": {"values": {}}}})"),
            "m.json: \"columns.a\": names no question");
  EXPECT_EQ(mapping_error(R"({"columns": {"a": {"question": "q", "codes": {}}}})"),
            "m.json: \"columns.a.codes\": unknown key; expected question, values");
  EXPECT_EQ(mapping_error(R"({"columns": {"a": {"question": "q", "values": {"1": [1]}}}})"),
            "m.json: \"columns.a.values.1\": a code stands for true, false, a number, a string "
            "or null");
}

TEST(Mapping, BinderChecksQuestionsAndCodesAgainstTheRuleset) {
  const LoadResult loaded = load(R"(ruleset d "D"
version "1"
levels { low "L" indicator info }
default low
question legs: choice { none, both } "Legs"
question age: integer 0..120 "Age"
)",
                                 "d.rf");
  ASSERT_TRUE(loaded.ok()) << loaded.formatted();
  std::string error;
  auto m = parse_mapping(R"({"columns": {"x": "nope"}})", "m.json", error);
  EXPECT_EQ(Binder(loaded.value(), &*m, {}, "m.json").error(),
            "m.json: \"columns\": column 'x' maps to 'nope', which is not a question of rule set "
            "'d'");
  m = parse_mapping(R"({"columns": {"x": {"question": "legs", "values": {"3": "one"}}}})", "m.json",
                    error);
  EXPECT_EQ(Binder(loaded.value(), &*m, {}, "m.json").error(),
            "m.json: \"columns\": column 'x', code '3': 'legs' expects one of none, both; got "
            "\"one\"");
  m = parse_mapping(R"({"columns": {"x": {"question": "age", "values": {"old": 200}}}})", "m.json",
                    error);
  EXPECT_EQ(Binder(loaded.value(), &*m, {}, "m.json").error(),
            "m.json: \"columns\": column 'x', code 'old': 'age' expects a whole number in "
            "0..120; got 200");
  m = parse_mapping(R"({"ignore": ["legs"], "id_columns": ["rid"]})", "m.json", error);
  const Binder binder(loaded.value(), &*m, {"rid", "other"});
  EXPECT_EQ(binder.error(), "");
  EXPECT_EQ(binder.id_columns(), (std::vector<std::string>{"rid", "other"}));
  std::string why;
  EXPECT_EQ(binder.resolve("legs", why)->kind, Field::Kind::ignored);  // ignoring wins
  EXPECT_EQ(binder.resolve("age", why)->kind, Field::Kind::question);  // same name maps
  EXPECT_EQ(binder.resolve("other", why)->kind, Field::Kind::id);
  EXPECT_FALSE(binder.resolve("zzz", why));
  EXPECT_EQ(why,
            "'zzz' is not a question of rule set 'd', and the mapping neither maps nor "
            "ignores it");
}

const Ruleset& onboarding_rules() {
  static const LoadResult loaded = load(R"rf(ruleset d "D"
version "1"
levels { low "L" indicator info }
default low
question age_years: integer 0..120 "How old are you?"
question age_at_onset_years: integer 0..120 "How old were you when it started?"
question temperature_c: number 34..43 "Highest temperature (degrees C)"
question fever: boolean "Have you had a fever or chills?"
question leg_pain: choice { none "No", both_legs "Into both legs" } "Leg pain?"
)rf",
                                        "d.rf");
  EXPECT_TRUE(loaded.ok()) << loaded.formatted();
  return loaded.value();
}

std::string header_error(std::vector<std::string_view> names, const Mapping* mapping,
                         std::vector<std::string> ids = {}) {
  const Binder binder(onboarding_rules(), mapping, std::move(ids), "m.json");
  EXPECT_EQ(binder.error(), "");
  std::vector<Field> columns;
  std::string error;
  EXPECT_FALSE(binder.resolve_header(names, "x.csv", columns, error));
  EXPECT_EQ(columns.size(), names.size());
  return error;
}

TEST(Mapping, EveryHeaderProblemIsReportedAtOnceWithADidYouMean) {
  EXPECT_EQ(
      header_error(
          {"AGE_YEARS", "temp_c", "Fever or chills?", "legs_pain", "id", "xyz", "fever", "fever"},
          nullptr, {"record_id"}),
      "x.csv:1: 8 problems in the header row:\n"
      "  column 1 'AGE_YEARS' is not a question of rule set 'd' (did you mean 'age_years'?)\n"
      "  column 2 'temp_c' is not a question of rule set 'd' (did you mean "
      "'temperature_c'?)\n"
      "  column 3 'Fever or chills?' is not a question of rule set 'd' (did you mean "
      "'fever'?)\n"
      "  column 4 'legs_pain' is not a question of rule set 'd' (did you mean 'leg_pain'?)\n"
      "  column 5 'id' is not a question of rule set 'd'\n"
      "  column 6 'xyz' is not a question of rule set 'd'\n"
      "  column 8 ('fever') gives the same question as column 7\n"
      "  no column 'record_id' (asked for as an id column)\n"
      "map or ignore them with a mapping file (--mapping; --init-mapping writes a first one)");
  // One problem: one line. With a mapping, its names are suggested too.
  std::string error;
  const auto m =
      parse_mapping(R"js({"columns": {"Age (years)": "age_years"}, "id_columns": ["Record ID"]})js",
                    "m.json", error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(header_error({"Record ID", "Age (years) "}, &*m),
            "x.csv:1: column 2 'Age (years) ' is not a question of rule set 'd', and the mapping "
            "neither maps nor ignores it (did you mean 'Age (years)'?)");
  EXPECT_EQ(header_error({"Record_ID", "age_years"}, &*m),
            "x.csv:1: 2 problems in the header row:\n"
            "  column 1 'Record_ID' is not a question of rule set 'd', and the mapping neither "
            "maps nor ignores it (did you mean 'Record ID'?)\n"
            "  no column 'Record ID' (asked for as an id column) (did you mean 'Record_ID'?)");
  // Many problems: the first kHeaderProblems, then how many more.
  std::vector<std::string> many;
  for (std::size_t i = 0; i < Binder::kHeaderProblems + 3; ++i)
    many.push_back("zz" + std::to_string(i));
  error = header_error({many.begin(), many.end()}, nullptr);
  EXPECT_NE(error.find("x.csv:1: 53 problems in the header row:\n"), std::string::npos) << error;
  EXPECT_NE(error.find("\n  column 50 'zz49' is not"), std::string::npos) << error;
  EXPECT_EQ(error.find("'zz50'"), std::string::npos) << error;
  EXPECT_NE(error.find("\n  ... and 3 more\n"), std::string::npos) << error;
}

TEST(Mapping, CloseQuestionsRankIdWordsThenPromptWordsThenEditDistance) {
  const Ruleset& r = onboarding_rules();
  const auto ids = [&](std::string_view name) {
    std::vector<std::string> out;
    for (const std::size_t q : close_questions(r, name))
      out.push_back(r.questions()[q].id);
    return out;
  };
  // Every word of the name in the id (a word of 3 letters or more may start one); fewest
  // words first.
  EXPECT_EQ(ids("age"), (std::vector<std::string>{"age_years", "age_at_onset_years"}));
  EXPECT_EQ(ids("Temp C"), std::vector<std::string>{"temperature_c"});
  // Then the prompt's words, then the closest id by edit distance.
  EXPECT_EQ(ids("Fever or chills"), std::vector<std::string>{"fever"});
  EXPECT_EQ(ids("legpain"), std::vector<std::string>{"leg_pain"});
  EXPECT_EQ(ids("ag"), std::vector<std::string>{});  // a 2-letter word must be whole
  EXPECT_EQ(ids("record_id"), std::vector<std::string>{});
  EXPECT_EQ(normal_name(" Weeks with this pain? "), "weeks_with_this_pain");
  EXPECT_EQ(normal_name("--"), "");
}

TEST(Mapping, ReadsNumbersWithADecimalComma) {
  double d = 0;
  EXPECT_TRUE(parse_decimal_comma("38,5", d));
  EXPECT_EQ(d, 38.5);
  EXPECT_TRUE(parse_decimal_comma("-0,25", d));
  EXPECT_EQ(d, -0.25);
  EXPECT_TRUE(parse_decimal_comma("40", d));
  EXPECT_EQ(d, 40);
  EXPECT_FALSE(parse_decimal_comma("38.5", d));  // maybe 38 thousand 500
  EXPECT_FALSE(parse_decimal_comma("1,000,5", d));
  EXPECT_FALSE(parse_decimal_comma(",", d));
  EXPECT_FALSE(parse_decimal_comma("", d));
  EXPECT_FALSE(parse_decimal_comma(std::string(100, '1'), d));
}

/// Each record of `csv` read through `mapping_json`: "line: id=..., q=value, ...; errors".
std::vector<std::string> screen(std::string csv, std::string_view mapping_json) {
  std::string error;
  const auto mapping = parse_mapping(mapping_json, "m.json", error);
  EXPECT_TRUE(mapping) << error;
  if (!mapping) return {};
  const Ruleset& r = onboarding_rules();
  const Binder binder(r, &*mapping, {}, "m.json");
  EXPECT_EQ(binder.error(), "");
  RecordReader reader;
  if (!reader.open(Input::from_memory(std::move(csv), "x.csv"), binder, {}, error))
    return {"open: " + error};
  std::vector<std::string> out;
  Record record;
  while (reader.next(record)) {
    std::string row = std::to_string(record.line) + ":";
    for (const std::string& id : record.ids)
      row += " id=" + id;
    for (std::size_t q = 0; q < r.questions().size(); ++q) {
      const Value v = record.answers->get(q);
      if (v.kind == Value::Kind::unknown) continue;
      row += " " + r.questions()[q].id + "=";
      row += v.kind == Value::Kind::boolean  ? (v.boolean ? "true" : "false")
             : v.kind == Value::Kind::number ? std::to_string(v.number)
                                             : v.text;
    }
    for (const AnswerError& e : record.answers->errors())
      row += "; " + e.message;
    out.push_back(row);
  }
  EXPECT_EQ(reader.error(), "");
  return out;
}

TEST(Mapping, ExcelExportsReadThroughTheMapping) {
  // Semicolons, TRUE/FALSE, decimal commas, CRLF, as Excel writes them in many locales.
  constexpr std::string_view kMapping = R"({"delimiter": ";", "decimal": ",",
    "boolean": {"TRUE": true, "FALSE": false}, "id_columns": ["Id"],
    "columns": {"Temp": "temperature_c", "Legs": {"question": "leg_pain",
                "values": {"Both": "both_legs", "No": "none"}}}})";
  const std::vector<std::string> expected{
      "2: id=a temperature_c=38.500000 fever=true leg_pain=both_legs",
      "3: id=b temperature_c=37.000000 fever=false leg_pain=none",
      "4: id=c",  // blank cells are unanswered, never false
      "5: id=d temperature_c=40.250000 fever=true",
  };
  EXPECT_EQ(screen("Id;fever;Temp;Legs\r\na;TRUE;38,5;Both\r\nb;FALSE;37;No\r\nc;;;\r\n"
                   "\"d\";TRUE;\"40,25\";\r\n",
                   kMapping),
            expected);
  // "auto" finds the semicolon; a tab works the same way.
  std::string automatic(kMapping);
  automatic.replace(automatic.find("\";\""), 3, "\"auto\"");
  EXPECT_EQ(screen("Id;fever;Temp;Legs\na;TRUE;38,5;Both\nb;FALSE;37;No\nc;;;\nd;TRUE;40,25;\n",
                   automatic),
            expected);
  EXPECT_EQ(screen("Id\tfever\tTemp\tLegs\na\tTRUE\t38,5\tBoth\nb\tFALSE\t37\tNo\nc\t\t\t\n"
                   "d\tTRUE\t40,25\t\n",
                   automatic),
            expected);
  // With comma delimiters, a decimal comma needs quotes; the unquoted records still take the
  // fast path (every column bound as bind_text() binds it).
  std::string commas(kMapping);
  commas.replace(commas.find("\";\""), 3, "\",\"");
  EXPECT_EQ(screen("Id,fever,Temp,Legs\na,TRUE,\"38,5\",Both\nb,FALSE,37,No\nc,,,\n"
                   "d,TRUE,\"40,25\",\n",
                   commas),
            expected);
}

TEST(Mapping, ADecimalPointIsAnErrorWhereTheMappingDeclaresADecimalComma) {
  const std::string message =
      "'temperature_c' expects a number written with a decimal comma (the mapping says "
      "\"decimal\": \",\"); got \"37.5\"";
  const std::vector<std::string> expected{"2: id=a; " + message, "3: id=b temperature_c=38.000000"};
  // The fast path (commas, no quotes) and the general one (semicolons) agree.
  EXPECT_EQ(screen("Id,Temp\na,37.5\nb,38\n", R"({"decimal": ",", "id_columns": ["Id"],
                   "columns": {"Temp": "temperature_c"}})"),
            expected);
  EXPECT_EQ(screen("Id;Temp\na;37.5\nb;38\n", R"({"decimal": ",", "id_columns": ["Id"],
                   "delimiter": ";", "columns": {"Temp": "temperature_c"}})"),
            expected);
  // And so does Binder::bind_text().
  std::string error;
  const auto mapping = parse_mapping(R"({"decimal": ","})", "m.json", error);
  const Binder binder(onboarding_rules(), &*mapping, {});
  std::string why;
  const Field field = *binder.resolve("temperature_c", why);
  Answers answers(onboarding_rules());
  binder.bind_text(field, "37.5", answers);
  ASSERT_EQ(answers.errors().size(), 1u);
  EXPECT_EQ(answers.errors()[0].message, message);
  answers.clear();
  binder.bind_text(field, "37,5", answers);
  EXPECT_TRUE(answers.ok());
  EXPECT_EQ(answers.get(field.index), Value::of(37.5));
  // Without "decimal": ",", a decimal comma is not a number.
  EXPECT_EQ(screen("Id;Temp\na;\"37,5\"\n", R"({"id_columns": ["Id"], "delimiter": ";",
                   "columns": {"Temp": "temperature_c"}})"),
            std::vector<std::string>{"2: id=a; 'temperature_c' expects a number in 34..43; got "
                                     "the string \"37,5\""});
}

}  // namespace
}  // namespace redflag::io
