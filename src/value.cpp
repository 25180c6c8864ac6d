// redflag: a Value as JSON text (value.hpp).
#include "redflag/value.hpp"

#include "io/json_writer.hpp"

namespace redflag {
inline namespace v1 {

std::string to_json(const Value& value) {
  std::string out;
  io::append_value(out, value);
  return out;
}

}  // namespace v1
}  // namespace redflag
