// redflag io: NDJSON records (see ndjson.hpp).
#include "io/ndjson.hpp"

#include <optional>

#include "io/answers_json.hpp"
#include "io/excerpt.hpp"

namespace redflag::io {
namespace {

/// The keys of a record: fields of the export, resolved by the Binder.
class FieldKeys final : public JsonKeys {
 public:
  FieldKeys(const Binder& binder, std::vector<std::string>& ids) : binder_(binder), ids_(ids) {}

  Key key(std::string_view name, Answers& answers) override {
    if (name == "resourceType") return {Key::Kind::stop};  // the caller reads a FHIR resource
    std::string why;
    field_ = binder_.resolve(name, why);
    if (!field_) {
      answers.add_error({shortened(name), "unknown-question", why});
      return {Key::Kind::rejected};
    }
    if (field_->kind != Field::Kind::question) return {Key::Kind::other};
    // Without codes the Binder binds a value as the reader sets it.
    return {Key::Kind::question, field_->index, field_->codes || binder_.mapping()};
  }
  void bind(std::size_t, const Value& value, Answers& answers) override {
    binder_.bind_value(*field_, value, answers);
  }
  void other(std::string_view, const Value&, std::string_view text, Answers&) override {
    if (field_->kind == Field::Kind::id) ids_[field_->index].assign(text);
  }

 private:
  const Binder& binder_;
  std::vector<std::string>& ids_;
  std::optional<Field> field_;  // the current key's
};

}  // namespace

JsonRecordReader::Kind JsonRecordReader::read(std::string_view line, Answers& answers,
                                              std::vector<std::string>& ids) const {
  ids.resize(binder_.id_columns().size());
  for (std::string& id : ids)
    id.clear();
  FieldKeys keys(binder_, ids);
  return read_answers_json(answers, line, keys, JsonText::line) ? Kind::answers
                                                                : Kind::fhir_resource;
}

}  // namespace redflag::io
