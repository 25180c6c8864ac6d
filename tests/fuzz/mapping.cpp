// redflag fuzz target: a mapping file (src/io/mapping.hpp) from arbitrary bytes. One that parses
// is checked against the rule set of fuzz.hpp by a Binder; one that binds is then used to read a
// fixed CSV export, whose records must keep the invariants of records.hpp.
#include "io/mapping.hpp"
#include "records.hpp"

namespace {

constexpr std::string_view export_csv =
    "id,record_id,saddle,legs,age,temp,note,weight,redcap_event_name,sex,age_y,legs_c\n"
    "1,r1,1,one_leg,45,38.5,hi,0,baseline,1,45,2\n"
    "2,r2,No,,NA,-99,,Yes,baseline,2,,9\n"
    "3,r3,true,both_legs,200,1e999,x,maybe,,3,x,4\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto mapping = redflag::io::parse_mapping(text, "map.json", error);
  if (!mapping) {
    FUZZ_CHECK(error.rfind("map.json", 0) == 0);  // the message names the file
    return 0;
  }
  const redflag::io::Binder binder(redflag_fuzz::records_ruleset(), &*mapping, {"id"}, "map.json");
  if (!binder.error().empty()) {
    FUZZ_CHECK(binder.error().find("map.json") != std::string::npos);
    return 0;
  }
  redflag_fuzz::read_records(reinterpret_cast<const std::uint8_t*>(export_csv.data()),
                             export_csv.size(), redflag::io::Format::csv, binder);
  return 0;
}
