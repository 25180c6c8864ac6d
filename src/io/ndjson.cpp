// redflag io: NDJSON records (see ndjson.hpp).
#include "io/ndjson.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <charconv>
#include <optional>

namespace redflag::io {
namespace {

namespace json = boost::json;

/// The SAX handler: top-level scalars bind through the Binder; everything else is an error.
class Handler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  explicit Handler(const Binder& binder) : binder_(binder) {}

  void start(Answers& answers, std::vector<std::string>& ids) {
    answers_ = &answers;
    ids_ = &ids;
    depth_ = 0;
    in_object_ = false;
    resource_ = false;
    seen_.assign(binder_.ruleset().questions().size(), 0);
    key_.clear();
    string_.clear();
  }
  bool resource() const noexcept { return resource_; }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    if (depth_++ == 0) {
      in_object_ = true;
    } else {
      nested("an object");
    }
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) {
    --depth_;
    return true;
  }
  bool on_array_begin(json::error_code&) {
    if (depth_++ == 0) {
      answers_->add_error({"", "wrong-type", "a record must be a JSON object, not an array"});
    } else {
      nested("an array");
    }
    return true;
  }
  bool on_array_end(std::size_t, json::error_code&) {
    --depth_;
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    if (depth_ == 1) key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
    if (depth_ != 1) return true;
    key_.append(s.data(), s.size());
    if (key_ == "resourceType") {
      resource_ = true;
      ec = json::error::syntax;  // stop: the caller reads the line as a FHIR resource
      return false;
    }
    std::string why;
    field_ = binder_.resolve(key_, why);
    if (!field_) answers_->add_error({key_, "unknown-question", why});
    taken_ = false;
    key_.clear();
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    string_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    string_.append(s.data(), s.size());
    if (top_level("a string")) value(Value::choice(string_), string_);
    string_.clear();
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t v, json::string_view text, json::error_code&) {
    if (top_level("a number")) value(Value::of(double(v)), {text.data(), text.size()});
    return true;
  }
  bool on_uint64(std::uint64_t v, json::string_view text, json::error_code&) {
    if (top_level("a number")) value(Value::of(double(v)), {text.data(), text.size()});
    return true;
  }
  bool on_double(double v, json::string_view text, json::error_code&) {
    if (top_level("a number")) value(Value::of(v), {text.data(), text.size()});
    return true;
  }
  bool on_bool(bool v, json::error_code&) {
    if (top_level(v ? "true" : "false")) value(Value::of(v), v ? "true" : "false");
    return true;
  }
  bool on_null(json::error_code&) {
    if (top_level("null")) value(Value{}, "");
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  bool top_level(const char* what) {
    if (depth_ == 0) {
      answers_->add_error(
          {"", "wrong-type", std::string("a record must be a JSON object, not ") + what});
      return false;
    }
    return depth_ == 1 && in_object_;
  }
  void nested(const char* what) {
    if (depth_ != 2 || taken_ || !field_) return;
    taken_ = true;
    answers_->add_error({"", "wrong-type",
                         std::string("a field has ") + what +
                             " as its value; answers are true/false, numbers, strings or null"});
    if (field_->kind == Field::Kind::question) answers_->set(field_->index, Value{});
  }
  void value(const Value& v, std::string_view text) {
    taken_ = true;
    if (!field_) return;
    switch (field_->kind) {
      case Field::Kind::ignored:
        return;
      case Field::Kind::id:
        (*ids_)[field_->index].assign(text);
        return;
      case Field::Kind::question:
        break;
    }
    if (seen_[field_->index]++) {
      const std::string& id = binder_.ruleset().questions()[field_->index].id;
      answers_->add_error({id, "duplicate-answer", "'" + id + "' is answered more than once"});
      answers_->set(field_->index, Value{});
      return;
    }
    binder_.bind_value(*field_, v, *answers_);
  }

  const Binder& binder_;
  Answers* answers_ = nullptr;
  std::vector<std::string>* ids_ = nullptr;
  int depth_ = 0;
  bool in_object_ = false, resource_ = false, taken_ = false;
  std::optional<Field> field_;
  std::vector<std::uint8_t> seen_;
  std::string key_, string_;
};

}  // namespace

struct JsonRecordReader::Impl {
  explicit Impl(const Binder& b) : binder(b), parser(json::parse_options{}, b) {}
  const Binder& binder;
  json::basic_parser<Handler> parser;
};

JsonRecordReader::JsonRecordReader(const Binder& binder) : impl_(std::make_unique<Impl>(binder)) {}
JsonRecordReader::~JsonRecordReader() = default;

JsonRecordReader::Kind JsonRecordReader::read(std::string_view line, Answers& answers,
                                              std::vector<std::string>& ids) {
  answers.clear();
  ids.resize(impl_->binder.id_columns().size());
  for (std::string& id : ids)
    id.clear();
  auto& parser = impl_->parser;
  parser.reset();
  parser.handler().start(answers, ids);
  json::error_code ec;
  std::size_t used = parser.write_some(false, line.data(), line.size(), ec);
  if (parser.handler().resource()) {
    answers.clear();
    return Kind::fhir_resource;
  }
  if (!ec) {
    while (used < line.size() && (line[used] == ' ' || line[used] == '\t' || line[used] == '\r'))
      ++used;
    if (used < line.size()) ec = json::error::extra_data;
  }
  if (ec) {
    // A broken line is rejected whole: no answer read before the break is kept.
    answers.clear();
    answers.add_error({"", "invalid-json",
                       "invalid JSON at column " + std::to_string(used + 1) + ": " + ec.message()});
  }
  return Kind::answers;
}

}  // namespace redflag::io
