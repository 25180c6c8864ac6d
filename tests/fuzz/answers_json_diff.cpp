// redflag fuzz target, differential: the two answers-JSON readers behind Answers::read_json
// (src/io/answers_json.hpp). Whenever the flat reader takes a document, it must give exactly the
// Answers the Boost.JSON reader gives: the same values (numbers bit for bit), text and errors
// (question, code, message, in order). Answers::read_json must give the Boost reader's Answers
// for every input, whatever the Answers held before. Checked against two rule sets with the same
// question ids: the one of fuzz.hpp (ranges and a choice: errors with the value in words), and
// one without ranges, where every finite number is accepted and kept. Each input is also wrapped
// as a number, a string and a key of a flat object, and mapped onto the characters of a number.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz.hpp"
#include "io/answers_json.hpp"

namespace {

constexpr std::string_view unranged_ruleset = R"(ruleset diff "Differential"
version "1.0.0"
levels { low "Low" indicator info
         high "High" indicator critical }
default low
question saddle: boolean "Saddle numbness?"
question legs: choice { none, one_leg, both_legs } "Leg pain?"
question age: integer "Age?"
question temp: number "Temperature?"
question note: text "Anything else?"
question weight: number "Weight?"
rule ces "Cauda equina" -> high when saddle because "Saddle numbness." source "NICE"
)";

bool same(const redflag::Value& a, const redflag::Value& b) {
  return a.kind == b.kind && a.boolean == b.boolean &&
         std::bit_cast<std::uint64_t>(a.number) == std::bit_cast<std::uint64_t>(b.number) &&
         a.text == b.text;
}

void check_same(const redflag::Answers& a, const redflag::Answers& b) {
  FUZZ_CHECK(a.errors().size() == b.errors().size());
  for (std::size_t i = 0; i < a.errors().size(); ++i) {
    FUZZ_CHECK(a.errors()[i].question == b.errors()[i].question);
    FUZZ_CHECK(a.errors()[i].code == b.errors()[i].code);
    FUZZ_CHECK(a.errors()[i].message == b.errors()[i].message);
  }
  for (std::size_t q = 0; q < a.ruleset().questions().size(); ++q) {
    FUZZ_CHECK(a.answered(q) == b.answered(q));
    FUZZ_CHECK(same(a.get(q), b.get(q)));
  }
}

void check(const redflag::Ruleset& ruleset, std::string_view json) {
  redflag::Answers full(ruleset);
  redflag::io::read_answers_json_full(full, json);

  redflag::Answers flat(ruleset);
  if (redflag::io::read_answers_json_flat(flat, json)) check_same(flat, full);

  // The combined reader, into Answers that held answers and errors: nothing of them remains, and
  // nothing of a flat reading that gave up.
  redflag::Answers combined(ruleset);
  combined.set("saddle", true);
  combined.set("note", "before");
  combined.set("nosuch", 1.0);
  combined.read_json(json);
  check_same(combined, full);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const redflag::Ruleset ranged = redflag::load(redflag_fuzz::answers_ruleset).value();
  static const redflag::Ruleset unranged = redflag::load(unranged_ruleset).value();
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  check(ranged, json);
  check(unranged, json);
  // The bytes as a value, a string and a key in a flat object too, so that every input reaches
  // the flat reader's number and string scanners (most raw inputs are not flat objects).
  const std::string bytes(json);
  check(unranged, "{\"weight\": " + bytes + "}");
  check(unranged, "{\"note\": \"" + bytes + "\"}");
  check(ranged, "{\"" + bytes + "\": 1, \"age\": 2}");
  // And mapped onto the characters of numbers, so that most inputs are numbers of some form.
  std::string number;
  for (const std::uint8_t b : bytes)
    number += "0123456789.eE-+"[b % 15];
  check(unranged, "{\"weight\": " + number + "}");
  return 0;
}
