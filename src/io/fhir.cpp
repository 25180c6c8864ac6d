// redflag io: FHIR R4 QuestionnaireResponse (see fhir.hpp).
#include "io/fhir.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <vector>

#include "io/excerpt.hpp"

namespace redflag::io {
namespace {

namespace json = boost::json;

std::string_view view(const json::string& s) {
  return {s.data(), s.size()};
}

/// Walks the items of a QuestionnaireResponse, binding each answered linkId once.
class ItemReader {
 public:
  ItemReader(const Binder& binder, Answers& answers)
      : binder_(binder), answers_(answers), seen_(binder.ruleset().questions().size(), false) {}

  void items(const json::value* items, std::string_view where) {
    if (!items) return;
    const json::array* array = items->if_array();
    if (!array) {
      error("invalid-fhir", std::string(where) + "item must be an array");
      return;
    }
    for (const json::value& item : *array)
      one(item, where);
  }

 private:
  void error(std::string code, std::string message) {
    answers_.add_error({"", std::move(code), std::move(message)});
  }

  void one(const json::value& item_value, std::string_view where) {
    const json::object* item = item_value.if_object();
    if (!item) return error("invalid-fhir", std::string(where) + "item must be an object");
    const json::value* link = item->if_contains("linkId");
    if (!link || !link->is_string()) {
      return error("invalid-fhir", std::string(where) + "an item has no linkId");
    }
    const std::string_view link_id = view(link->get_string());
    const json::value* answer = item->if_contains("answer");
    const json::array* answers = answer ? answer->if_array() : nullptr;
    if (answer && !answers) {
      return error("invalid-fhir", "item '" + excerpt(link_id) + "': answer must be an array");
    }
    if (answers && !answers->empty()) bind(link_id, *answers);
    // Groups hold items; answers may hold items too.
    const std::string nested = std::string(where);
    items(item->if_contains("item"), nested);
    if (answers) {
      for (const json::value& a : *answers)
        if (const json::object* o = a.if_object()) items(o->if_contains("item"), nested);
    }
  }

  void bind(std::string_view link_id, const json::array& answers) {
    std::string why;
    const std::optional<Field> field = binder_.resolve(link_id, why);
    if (!field) return error("unknown-question", why);
    if (field->kind != Field::Kind::question) return;
    const Question& question = binder_.ruleset().questions()[field->index];
    if (answers.size() > 1 || seen_[field->index]) {
      answers_.add_error({question.id, "duplicate-answer",
                          "'" + excerpt(link_id) + "' is answered more than once"});
      answers_.set(field->index, Value{});
      return;
    }
    seen_[field->index] = true;
    const json::object* answer = answers.front().if_object();
    if (!answer)
      return error("invalid-fhir", "item '" + excerpt(link_id) + "': answer must be an object");
    for (const auto& [key, v] : *answer) {
      if (key == "item" || key == "id" || key == "extension") continue;
      if (key == "valueBoolean" && v.is_bool()) {
        return binder_.bind_value(*field, Value::of(v.get_bool()), answers_);
      }
      if ((key == "valueInteger" || key == "valueDecimal") && v.is_number()) {
        return binder_.bind_value(*field, Value::of(v.to_number<double>()), answers_);
      }
      if (key == "valueString" && v.is_string()) {
        return binder_.bind_text(*field, view(v.get_string()), answers_);
      }
      if (key == "valueCoding" && v.is_object()) {
        const json::value* code = v.get_object().if_contains("code");
        if (code && code->is_string()) {
          return binder_.bind_text(*field, view(code->get_string()), answers_);
        }
        return error("invalid-fhir", "item '" + excerpt(link_id) + "': valueCoding has no code");
      }
      if (key == "valueQuantity" && v.is_object()) {
        const json::value* value = v.get_object().if_contains("value");
        if (value && value->is_number()) {
          return binder_.bind_value(*field, Value::of(value->to_number<double>()), answers_);
        }
        return error("invalid-fhir", "item '" + excerpt(link_id) + "': valueQuantity has no value");
      }
      return error("unsupported-value",
                   "item '" + excerpt(link_id) + "': " + excerpt(key) +
                       " is not supported (valueBoolean, valueInteger, valueDecimal, "
                       "valueCoding, valueQuantity, valueString are)");
    }
    error("invalid-fhir", "item '" + excerpt(link_id) + "': the answer has no value");
  }

  const Binder& binder_;
  Answers& answers_;
  std::vector<bool> seen_;
};

/// The text of an id field: a string, a number, or an object's "value" or "reference".
std::string id_text(const json::value& v) {
  if (v.is_string()) return std::string(view(v.get_string()));
  if (v.is_number()) return json::serialize(v);
  if (const json::object* o = v.if_object()) {
    for (const char* key : {"value", "reference"}) {
      if (const json::value* x = o->if_contains(key); x && x->is_string()) {
        return std::string(view(x->get_string()));
      }
    }
  }
  if (const json::array* a = v.if_array(); a && !a->empty()) return id_text(a->front());
  return {};
}

}  // namespace

void read_questionnaire_response(const json::value& resource, const Binder& binder,
                                 Answers& answers, std::vector<std::string>& ids) {
  answers.clear();
  ids.assign(binder.id_columns().size(), std::string());
  const json::object* object = resource.if_object();
  if (!object) {
    answers.add_error({"", "not-a-questionnaire-response", "the resource is not a JSON object"});
    return;
  }
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (const json::value* v = object->if_contains(binder.id_columns()[i])) ids[i] = id_text(*v);
  const json::value* type = object->if_contains("resourceType");
  if (!type || !type->is_string() || type->get_string() != "QuestionnaireResponse") {
    const std::string got = type && type->is_string() ? excerpt(view(type->get_string()))
                                                      : std::string("no resourceType");
    answers.add_error({"", "not-a-questionnaire-response",
                       "a " + got + " resource, not a QuestionnaireResponse"});
    return;
  }
  ItemReader(binder, answers).items(object->if_contains("item"), "");
}

std::vector<const json::value*> fhir_resources(const json::value& document) {
  std::vector<const json::value*> out;
  const json::object* object = document.if_object();
  const json::value* type = object ? object->if_contains("resourceType") : nullptr;
  if (type && type->is_string() && type->get_string() == "Bundle") {
    if (const json::value* entry = object->if_contains("entry"); entry && entry->is_array()) {
      static const json::value null_value;
      for (const json::value& e : entry->get_array()) {
        const json::value* resource =
            e.is_object() ? e.get_object().if_contains("resource") : nullptr;
        out.push_back(resource ? resource : &null_value);
      }
    }
    return out;
  }
  out.push_back(&document);
  return out;
}

}  // namespace redflag::io
