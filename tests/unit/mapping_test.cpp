// Mapping files (src/io/mapping.hpp) and their checks against a rule set (src/io/binder.hpp).
#include "io/mapping.hpp"

#include <gtest/gtest.h>

#include <redflag/redflag.hpp>

#include "io/binder.hpp"

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
}

TEST(Mapping, ErrorsNameTheFileAndTheKey) {
  EXPECT_EQ(mapping_error("{\"columns\": {\n  \"a\": }"),
            "m.json: invalid JSON at line 2, column 8: syntax error");
  EXPECT_EQ(mapping_error("[]"), "m.json: a mapping must be a JSON object");
  EXPECT_EQ(mapping_error(R"({"colums": {}})"),
            "m.json: \"colums\": unknown key; a mapping has columns, ignore, id_columns, blank, "
            "boolean (and description)");
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

}  // namespace
}  // namespace redflag::io
