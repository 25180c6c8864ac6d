// redflag fuzz target: a CSV batch input from arbitrary bytes, read record by record through
// src/io/records.hpp and evaluated (see records.hpp for the invariants).
#include "records.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const redflag::io::Binder binder(redflag_fuzz::records_ruleset(), nullptr, {"id"});
  redflag_fuzz::read_records(data, size, redflag::io::Format::csv, binder);
  return 0;
}
