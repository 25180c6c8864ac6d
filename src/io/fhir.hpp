// redflag io: FHIR R4 QuestionnaireResponse resources as answers. Each item's linkId is a field
// name for the Binder (a question id, or a column of the mapping); its answer's value[x] is the
// value: valueBoolean, valueInteger, valueDecimal, valueCoding.code, valueQuantity.value,
// valueString. Nested items (groups, answers with items) are read too.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "io/binder.hpp"
#include "redflag/answers.hpp"

namespace redflag::io {

/// Reads `resource` as a QuestionnaireResponse into `answers` (cleared first) and the values of
/// the binder's id columns into `ids` (top-level resource fields: a string, or an object's
/// "value" or "reference", as for `identifier` and `subject`). Anything else (another resource
/// type, an unmapped linkId, two answers to one question, an unsupported value type) is
/// recorded as an error in `answers`.
void read_questionnaire_response(const boost::json::value& resource, const Binder& binder,
                                 Answers& answers, std::vector<std::string>& ids);

/// The resources a FHIR document holds: the entries of a Bundle (entry[].resource, in order;
/// an entry without a resource stands as null), or the document itself.
std::vector<const boost::json::value*> fhir_resources(const boost::json::value& document);

}  // namespace redflag::io
