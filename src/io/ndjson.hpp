// redflag io: one NDJSON line as a record: a flat JSON object {field: value, ...} read by the
// answers reader (io/answers_json.hpp) with its keys bound through a Binder (renamed keys, value
// codes, id columns), or, when it has a "resourceType" key, a FHIR resource for fhir.hpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/binder.hpp"
#include "redflag/answers.hpp"

namespace redflag::io {

class JsonRecordReader {
 public:
  explicit JsonRecordReader(const Binder& binder) : binder_(binder) {}

  enum class Kind { answers, fhir_resource };

  /// Reads `line` into `answers` (cleared first) and the id columns' values into `ids`. Returns
  /// Kind::fhir_resource, having read nothing, when the object has a "resourceType" key. Invalid
  /// JSON, a non-object, nested values and unmapped keys are errors recorded in `answers`.
  Kind read(std::string_view line, Answers& answers, std::vector<std::string>& ids) const;

 private:
  const Binder& binder_;
};

}  // namespace redflag::io
