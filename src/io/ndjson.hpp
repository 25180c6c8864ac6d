// redflag io: one NDJSON line as a record: a flat JSON object {field: value, ...} read with
// Boost.JSON's SAX parser (no document is built; duplicate keys are errors, not overwritten),
// or, when it has a "resourceType" key, a FHIR resource for fhir.hpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/binder.hpp"
#include "redflag/answers.hpp"

namespace redflag::io {

class JsonRecordReader {
 public:
  explicit JsonRecordReader(const Binder& binder);
  ~JsonRecordReader();
  JsonRecordReader(const JsonRecordReader&) = delete;
  JsonRecordReader& operator=(const JsonRecordReader&) = delete;

  enum class Kind { answers, fhir_resource };

  /// Reads `line` into `answers` (cleared first) and the id columns' values into `ids`. Returns
  /// Kind::fhir_resource, having read nothing, when the object has a "resourceType" key. Invalid
  /// JSON, a non-object, nested values and unmapped keys are errors recorded in `answers`.
  Kind read(std::string_view line, Answers& answers, std::vector<std::string>& ids);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace redflag::io
