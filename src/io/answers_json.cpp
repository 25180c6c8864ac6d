// redflag io: answers from a JSON object, read with Boost.JSON's SAX parser (no document is
// built; every bad key or value is recorded, duplicates included).
#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "eval/program.hpp"
#include "redflag/answers.hpp"

namespace redflag {
inline namespace v1 {
namespace {

namespace json = boost::json;

/// Which questions a document has answered already (to catch duplicate keys): a bitset kept on
/// the stack for rule sets of up to 512 questions.
class Seen {
 public:
  explicit Seen(std::size_t n) {
    if (n > 64 * std::size(inline_)) heap_.resize((n + 63) / 64);
  }
  bool test_and_set(std::size_t i) {
    std::uint64_t& word = heap_.empty() ? inline_[i / 64] : heap_[i / 64];
    const std::uint64_t bit = std::uint64_t(1) << (i % 64);
    const bool was = word & bit;
    word |= bit;
    return was;
  }

 private:
  std::uint64_t inline_[8] = {};
  std::vector<std::uint64_t> heap_;
};

class Handler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  explicit Handler(Answers& answers)
      : answers_(answers), seen_(answers.ruleset().questions().size()) {}

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }

  bool on_object_begin(json::error_code&) {
    if (depth_++ == 0) {
      in_object_ = true;
      return true;
    }
    nested("an object");
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) {
    --depth_;
    return true;
  }
  bool on_array_begin(json::error_code&) {
    if (depth_++ == 0) {
      answers_.add_error({"", "wrong-type", "the answers must be a JSON object, not an array"});
      return true;
    }
    nested("an array");
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
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    if (depth_ != 1) return true;
    std::string_view key(s.data(), s.size());
    if (!key_.empty()) key = key_.append(key);  // the key came in parts
    // The view is only valid during this call: keep the index, and the text only when it
    // names no question (for the error message).
    // Documents usually list the questions in declaration order (forms and exports are built
    // from Ruleset::questions()): try the question after the previous one before hashing.
    const auto questions = answers_.ruleset().questions();
    if (next_ < questions.size() && questions[next_].id == key) {
      question_ = next_;
    } else {
      question_ = answers_.ruleset().find_question(key);
    }
    if (question_) {
      next_ = *question_ + 1;
    } else {
      current_.assign(key);
    }
    key_.clear();
    value_taken_ = false;
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    string_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    string_.append(s.data(), s.size());
    if (top_level("a string")) answer(Value::choice(string_));
    string_.clear();
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t v, json::string_view, json::error_code&) {
    if (top_level("a number")) answer(Value::of(double(v)));
    return true;
  }
  bool on_uint64(std::uint64_t v, json::string_view, json::error_code&) {
    if (top_level("a number")) answer(Value::of(double(v)));
    return true;
  }
  bool on_double(double v, json::string_view, json::error_code&) {
    if (top_level("a number")) answer(Value::of(v));
    return true;
  }
  bool on_bool(bool v, json::error_code&) {
    if (top_level(v ? "true" : "false")) answer(Value::of(v));
    return true;
  }
  bool on_null(json::error_code&) {
    if (top_level("null")) answer(Value::unknown_value());
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  /// True for a value directly inside the top-level object.
  bool top_level(const char* what) {
    if (depth_ == 0) {
      answers_.add_error(
          {"", "wrong-type", std::string("the answers must be a JSON object, not ") + what});
      return false;
    }
    return depth_ == 1 && in_object_;
  }
  /// The key of the current value, as written.
  std::string_view key() const {
    return question_ ? std::string_view(answers_.ruleset().questions()[*question_].id)
                     : std::string_view(current_);
  }
  void nested(const char* what) {
    if (in_object_ && depth_ == 2 && !value_taken_) {
      value_taken_ = true;
      const std::string k(key());
      answers_.add_error({k, "wrong-type",
                          "'" + k + "' has " + what + " as its value; answers are " +
                              "true/false, numbers, strings or null"});
      // Whatever it had before, the question is now unanswered.
      if (question_) answers_.set(*question_, Value{});
    }
  }
  void answer(const Value& v) {
    value_taken_ = true;
    if (!question_) {
      answers_.set(current_, v);  // records the unknown question
      return;
    }
    if (seen_.test_and_set(*question_)) {
      // Conflicting or not, a second answer to one question is not silently preferred.
      const std::string k(key());
      answers_.add_error({k, "duplicate-answer", "'" + k + "' is answered more than once"});
      answers_.set(*question_, Value{});
      return;
    }
    answers_.set(*question_, v);
  }

  Answers& answers_;
  Seen seen_;
  int depth_ = 0;
  std::string key_, current_, string_;
  std::optional<std::size_t> question_;  // the question the current key names
  std::size_t next_ = 0;                 // the question declared after the previous key's
  bool value_taken_ = false;
  bool in_object_ = false;  // the document is an object (not an array or a scalar)
};

}  // namespace

void Answers::read_json(std::string_view text) {
  clear();
  json::basic_parser<Handler> parser(json::parse_options{}, *this);
  json::error_code ec;
  std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec) {
    // write_some stops after the first complete value: anything but space after it is an error.
    while (used < text.size() && std::isspace(static_cast<unsigned char>(text[used])))
      ++used;
    if (used < text.size()) ec = json::error::extra_data;
  }
  if (ec) {
    // A broken document is rejected whole: no answer read before the break is kept.
    clear();
    const auto before = text.substr(0, std::min(used, text.size()));
    const auto line = 1 + std::count(before.begin(), before.end(), '\n');
    const auto nl = before.rfind('\n');
    const auto column = 1 + (nl == std::string_view::npos ? before.size() : before.size() - nl - 1);
    add_error({"", "invalid-json",
               "invalid JSON at line " + std::to_string(line) + ", column " +
                   std::to_string(column) + ": " + ec.message()});
  }
}

Answers Answers::from_json(const Ruleset& ruleset, std::string_view text) {
  Answers answers(ruleset);
  answers.read_json(text);
  return answers;
}

}  // namespace v1
}  // namespace redflag
