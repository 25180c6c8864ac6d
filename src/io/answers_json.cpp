// redflag io: answers from a JSON object (see answers_json.hpp): Boost.JSON's SAX events turned
// into checked answers by one Reader for every JsonKeys, and the flat scanner in front of it for
// Answers::read_json.
#include "io/answers_json.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "answers_impl.hpp"
#include "io/excerpt.hpp"
#include "utf8.hpp"

namespace redflag::io {
namespace {

namespace json = boost::json;

/// Which questions a document has answered already (to catch duplicate keys): a bitset kept on
/// the stack for rule sets of up to 512 questions.
class Seen {
 public:
  explicit Seen(std::size_t n) {
    if (n > 64 * std::size(inline_)) {
      heap_.resize((n + 63) / 64);
      words_ = heap_.data();
    }
  }
  Seen(const Seen&) = delete;
  Seen& operator=(const Seen&) = delete;
  bool test_and_set(std::size_t i) {
    std::uint64_t& word = words_[i / 64];
    const std::uint64_t bit = std::uint64_t(1) << (i % 64);
    const bool was = word & bit;
    word |= bit;
    return was;
  }

 private:
  std::uint64_t inline_[8] = {};
  std::vector<std::uint64_t> heap_;
  std::uint64_t* words_ = inline_;
};

// ---- the reader: Boost.JSON's SAX events to answers ---------------------------------------------

/// The SAX handler: the keys and values directly inside the top-level object, to `keys` and
/// `answers`; everything else is an error or ignored.
class Reader {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  Reader(Answers& answers, JsonKeys& keys, JsonText text, std::string_view json)
      : answers_(answers),
        impl_(answers.impl()),
        keys_(keys),
        questions_(answers.ruleset().questions()),
        text_(text),
        json_(json),
        seen_(questions_.size()) {}

  /// Whether the keys stopped the reading.
  bool stopped() const noexcept { return stopped_; }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }

  bool on_object_begin(json::error_code&) { return open("an object", true); }
  bool on_object_end(std::size_t, json::error_code&) { return close(); }
  bool on_array_begin(json::error_code&) { return open("an array", false); }
  bool on_array_end(std::size_t, json::error_code&) { return close(); }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    if (depth_ == 1) part_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
    if (depth_ != 1) return true;
    name_ = whole(s, part_, key_);
    key_kind_ = keys_.key(name_, answers_);
    if (key_kind_.kind == JsonKeys::Key::Kind::stop) {
      stopped_ = true;
      ec = json::error::syntax;
      return false;
    }
    taken_ = false;
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    string_part_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    const std::string_view v = whole(s, string_part_, string_);
    return scalar(
        "a string", [&](std::size_t q) { impl_.set_choice(q, v); },
        [&] { return Value::choice(v); }, v);
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t v, json::string_view text, json::error_code&) {
    return number(double(v), text);
  }
  bool on_uint64(std::uint64_t v, json::string_view text, json::error_code&) {
    return number(double(v), text);
  }
  bool on_double(double v, json::string_view text, json::error_code&) { return number(v, text); }
  bool on_bool(bool v, json::error_code&) {
    const std::string_view text = v ? "true" : "false";  // what and text: a literal ends in NUL
    return scalar(
        text.data(), [&](std::size_t q) { impl_.set_boolean(q, v); }, [&] { return Value::of(v); },
        text);
  }
  bool on_null(json::error_code&) {
    return scalar(
        "null", [&](std::size_t q) { impl_.set(q, Value{}); }, [] { return Value{}; }, "");
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  using Kind = JsonKeys::Key::Kind;

  /// What becomes of a scalar: nothing (an error is recorded, or it is not an answer), set by
  /// the typed setters (the first answer to a question), or given to the keys as a Value.
  enum class Take { skip, set, give };

  Take take(const char* what) {
    if (depth_ == 0) {
      not_an_object(what);
      return Take::skip;
    }
    if (depth_ != 1 || !in_object_) return Take::skip;
    taken_ = true;
    switch (key_kind_.kind) {
      case Kind::question:
        if (seen_.test_and_set(key_kind_.question)) {
          duplicate();
          return Take::skip;
        }
        return key_kind_.bind ? Take::give : Take::set;
      case Kind::other:
        return Take::give;
      case Kind::rejected:
      case Kind::stop:
        break;
    }
    return Take::skip;
  }
  // The rare paths are kept out of line, so that the common one (a question's first answer) is
  // short.
  [[gnu::noinline]] void give(const Value& v, std::string_view text) {
    if (key_kind_.kind == Kind::question) {
      keys_.bind(key_kind_.question, v, answers_);
    } else {
      keys_.other(name_, v, text, answers_);
    }
  }
  bool open(const char* what, bool object) {
    if (depth_++ != 0) {
      nested(what);
    } else if (object) {
      in_object_ = true;
    } else {
      not_an_object(what);
    }
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }
  bool number(double d, json::string_view text) {
    return scalar(
        "a number", [&](std::size_t q) { impl_.set_number(q, d); }, [&] { return Value::of(d); },
        std::string_view(text.data(), text.size()));
  }
  /// A scalar value, `what` in words and `text` as written: set(question) when it is the first
  /// answer to a question the reader sets, else value() to the keys.
  template <typename Set, typename MakeValue>
  bool scalar(const char* what, Set set, MakeValue value, std::string_view text) {
    switch (take(what)) {
      case Take::set:
        set(key_kind_.question);
        break;
      case Take::give:
        give(value(), text);
        break;
      case Take::skip:
        break;
    }
    return true;
  }

  /// A string or key whose last piece is `s` and earlier pieces are in `parts`: a view of the text
  /// itself when it came whole (the text outlives the reading), else assembled in `whole`.
  std::string_view whole(json::string_view s, std::string& parts, std::string& whole) const {
    const std::less<const char*> before;
    if (parts.empty() && !before(s.data(), json_.data()) &&
        !before(json_.data() + json_.size(), s.data() + s.size()))
      return {s.data(), s.size()};
    whole.assign(parts).append(s.data(), s.size());
    parts.clear();
    return whole;
  }

  [[gnu::noinline]] void not_an_object(const char* what) {
    answers_.add_error({"", "wrong-type",
                        std::string(text_ == JsonText::document ? "the answers" : "a record") +
                            " must be a JSON object, not " + what});
  }
  /// An object or array opened at depth_ (already incremented): a key's value answers nothing.
  [[gnu::noinline]] void nested(const char* what) {
    if (!in_object_ || depth_ != 2 || taken_) return;
    taken_ = true;
    if (key_kind_.kind == Kind::rejected) return;
    const std::string_view rest = " as its value; answers are true/false, numbers, strings or null";
    if (text_ == JsonText::document) {
      // Any key: shortened, and quoted as an escaped excerpt (io/excerpt.hpp).
      answers_.add_error({shortened(name_), "wrong-type",
                          "'" + excerpt(name_) + "' has " + what + std::string(rest)});
    } else {
      answers_.add_error({"", "wrong-type", "a field has " + (what + std::string(rest))});
    }
    // Whatever it had before, the question is now unanswered.
    if (key_kind_.kind == Kind::question) impl_.set(key_kind_.question, Value{});
  }
  /// A second answer to the current question: conflicting or not, it is not silently preferred;
  /// the question is unanswered.
  [[gnu::noinline]] void duplicate() {
    const std::string& id = questions_[key_kind_.question].id;
    answers_.add_error({id, "duplicate-answer", "'" + id + "' is answered more than once"});
    impl_.set(key_kind_.question, Value{});
  }

  Answers& answers_;
  Answers::Impl& impl_;
  JsonKeys& keys_;
  std::span<const Question> questions_;
  JsonText text_;
  std::string_view json_;
  Seen seen_;
  int depth_ = 0;
  bool in_object_ = false;  // the document is an object (not an array or a scalar)
  bool taken_ = false;      // the current key's value has been read (or rejected)
  bool stopped_ = false;
  JsonKeys::Key key_kind_;  // what the current key names
  std::string_view name_;   // the current key, as decoded
  std::string part_, key_, string_part_, string_;
};

/// Answers::read_json's keys: each names a question by its id, or is an unknown question.
class QuestionIds final : public JsonKeys {
 public:
  explicit QuestionIds(const Ruleset& ruleset)
      : ruleset_(ruleset), questions_(ruleset.questions()) {}

  Key key(std::string_view key, Answers&) override {
    // Documents usually list the questions in declaration order (forms and exports are built from
    // Ruleset::questions()), leaving out the ones not answered: the few questions after the
    // previous key's are tried before the key is looked up.
    const std::size_t last = std::min(next_ + kLookahead, questions_.size());
    for (std::size_t q = next_; q < last; ++q)
      if (questions_[q].id == key) return question(q);
    if (const auto q = ruleset_.find_question(key)) return question(*q);
    return {Key::Kind::other};
  }
  void other(std::string_view key, const Value& value, std::string_view,
             Answers& answers) override {
    answers.impl().reject_unknown(key, value);
  }

 private:
  static constexpr std::size_t kLookahead = 8;

  Key question(std::size_t q) {
    next_ = q + 1;
    return {Key::Kind::question, q};
  }

  const Ruleset& ruleset_;
  std::span<const Question> questions_;
  std::size_t next_ = 0;  // the question declared after the previous key's
};

// ---- the flat reader: the fast path of read_json ------------------------------------------------

/// What the flat reader's keys and values mean: what Reader does with QuestionIds, fused into the
/// scan (tests/fuzz/answers_json_diff.cpp holds them equal). A key names a question (or is
/// recorded, with its value, as an unknown question), and a question answered twice is an error
/// and stays unanswered.
class Recorder {
 public:
  explicit Recorder(Answers& answers)
      : answers_(answers), questions_(answers.ruleset().questions()), seen_(questions_.size()) {}

  /// The key of the next value (the view need not outlive the call).
  void key(std::string_view key) {
    question_ = answers_.ruleset().find_question(key).value_or(none);
    if (question_ != none) {
      next_ = question_ + 1;
    } else {
      current_.assign(key);  // for the error message
    }
  }

  /// When the text at `p` is the id of one of the few questions declared after the previous
  /// key's, followed by the closing quote, makes that question the current key and returns the
  /// end of the quote; otherwise nullptr. Question ids are names ([A-Za-z_][A-Za-z0-9_]*, the rule
  /// grammar's): the characters of such a JSON string are exactly the id.
  const char* next_key(const char* p, const char* end) {
    const std::size_t last = std::min(next_ + kLookahead, questions_.size());
    for (std::size_t q = next_; q < last; ++q) {
      const std::string& id = questions_[q].id;
      if (std::size_t(end - p) > id.size() && p[id.size()] == '"' && equal(p, id)) {
        question_ = q;
        next_ = q + 1;
        return p + id.size() + 1;
      }
    }
    return nullptr;
  }

  /// The current key's value. Inline: the answer to a question not answered before in the
  /// document goes to the checked setter by index, which does what set(question_, v) does (inline
  /// for booleans and numbers); the Value is built only for the other keys.
  [[gnu::always_inline]] void answer(bool b) {
    if (first_answer()) return void(answers_.impl().set_boolean(question_, b));
    not_first(Value::of(b));
  }
  [[gnu::always_inline]] void answer(double d) {
    if (first_answer()) return void(answers_.impl().set_number(question_, d));
    not_first(Value::of(d));
  }
  [[gnu::always_inline]] void answer(std::string_view s) {
    if (first_answer()) return void(answers_.impl().set_choice(question_, s));
    not_first(Value::choice(s));
  }
  void answer(const Value& v) {
    switch (v.kind) {
      case Value::Kind::boolean:
        return answer(v.boolean);
      case Value::Kind::number:
        return answer(v.number);
      case Value::Kind::choice:
        return answer(v.text);
      default:
        if (first_answer()) return void(answers_.set(question_, v));
        not_first(v);
    }
  }

 private:
  static constexpr std::size_t none = std::size_t(-1);
  /// Documents usually list the questions in declaration order (forms and exports are built from
  /// Ruleset::questions()), leaving out the ones not answered: next_key() tries this many of the
  /// questions after the previous key's before the key is looked up.
  static constexpr std::size_t kLookahead = 8;

  /// Whether the text at `p` starts with `id` (ids are short: a few loads, no call). Like
  /// memcmp, it may read any of the first id.size() bytes at `p`; shorter words cover the tail.
  static bool equal(const char* p, const std::string& id) {
    const std::size_t n = id.size();
    const char* const q = id.data();
    const auto same = [&]<typename Word>(Word, std::size_t at) {
      Word x, y;
      std::memcpy(&x, p + at, sizeof x);
      std::memcpy(&y, q + at, sizeof y);
      return x == y;
    };
    if (n >= 8) {
      for (std::size_t i = 0; i + 8 < n; i += 8)
        if (!same(std::uint64_t{}, i)) return false;
      return same(std::uint64_t{}, n - 8);  // the last 8 (overlapping) bytes
    }
    if (n >= 4) return same(std::uint32_t{}, 0) && same(std::uint32_t{}, n - 4);
    if (n >= 2) return same(std::uint16_t{}, 0) && same(std::uint16_t{}, n - 2);
    return n == 0 || *p == *q;
  }

  /// The current key, as written.
  std::string_view key() const {
    return question_ != none ? std::string_view(questions_[question_].id)
                             : std::string_view(current_);
  }

  /// Whether the current key names a question that has no answer yet in this document (which
  /// it then has).
  bool first_answer() { return question_ != none && !seen_.test_and_set(question_); }

  /// The value `v` of a key that names no question (recorded as an unknown question), or a second
  /// answer to the current key's question: conflicting or not, it is not silently preferred; the
  /// question is unanswered.
  [[gnu::noinline]] void not_first(const Value& v) {
    if (question_ == none) return void(answers_.set(current_, v));
    const std::string k(key());
    answers_.add_error({k, "duplicate-answer", "'" + k + "' is answered more than once"});
    answers_.set(question_, Value{});
  }

  Answers& answers_;
  std::span<const Question> questions_;
  Seen seen_;
  std::size_t question_ = none;  // the question the current key names, or none
  std::size_t next_ = 0;         // the question declared after the previous key's
  std::string current_;          // the current key when it names no question
};

/// JSON's white space: ' ', '\n', '\r', '\t', no more.
constexpr auto kSpace = [] {
  std::array<bool, 256> space{};
  for (const unsigned char c : {' ', '\n', '\r', '\t'})
    space[c] = true;
  return space;
}();
constexpr bool is_space(char c) {
  return kSpace[static_cast<unsigned char>(c)];
}

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// The first byte at or after `p` that is a quote, a backslash, a control character or not
/// ASCII: eight bytes at a time while eight remain.
const char* skip_plain(const char* p, const char* end) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101, high = 0x8080808080808080;
  const auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x; };
  while (end - p >= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    // A byte is special when it equals '"' or '\\', is below 0x20, or has its high bit set.
    const std::uint64_t special =
        (has_zero(x ^ (ones * '"')) | has_zero(x ^ (ones * '\\')) | ((x - ones * 0x20) & ~x) | x) &
        high;
    if (special) {
      // Little-endian: the lowest flagged byte is the first special one (a borrow only flags
      // bytes after it). Otherwise the loop below finds it.
      if constexpr (std::endian::native == std::endian::little)
        return p + std::countr_zero(special) / 8;
      break;
    }
    p += 8;
  }
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
    ++p;
  }
  return p;
}

/// Reads the string whose opening quote is just before `p` into `out` and returns the end of
/// its closing quote. A string without escapes is a view into the text; one with the escapes
/// \" \\ \/ \b \f \n \r \t is decoded into `scratch`. Returns nullptr for what the full reader
/// must judge: a \u escape, an invalid escape, a control character, bytes that are not UTF-8, a
/// missing closing quote.
const char* read_string(const char* p, const char* end, std::string& scratch,
                        std::string_view& out) {
  const char* run = p;  // the start of the pending run of characters to copy as they are
  bool decoded = false;
  for (;;) {
    p = skip_plain(p, end);
    if (p == end) return nullptr;
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"') break;
    if (c >= 0x80) {  // well-formed UTF-8 passes, as it does through Boost.JSON
      const std::size_t n = detail::utf8_sequence(std::string_view(p, std::size_t(end - p)), 0);
      if (n == 0) return nullptr;
      p += n;
      continue;
    }
    if (c != '\\' || end - p < 2) return nullptr;
    char unescaped = 0;
    switch (p[1]) {
      case '"':
      case '\\':
      case '/':
        unescaped = p[1];
        break;
      case 'b':
        unescaped = '\b';
        break;
      case 'f':
        unescaped = '\f';
        break;
      case 'n':
        unescaped = '\n';
        break;
      case 'r':
        unescaped = '\r';
        break;
      case 't':
        unescaped = '\t';
        break;
      default:
        return nullptr;  // \u, or not an escape
    }
    if (!decoded) scratch.clear();
    decoded = true;
    scratch.append(run, p);
    scratch += unescaped;
    p += 2;
    run = p;
  }
  if (decoded) {
    scratch.append(run, p);
    out = scratch;
  } else {
    out = std::string_view(run, std::size_t(p - run));
  }
  return p + 1;
}

/// Reads the JSON number at `p` into `out` as Boost.JSON 1.81 converts it, and returns its end, for
/// the numbers where its result is certain: integers of up to 18 digits (Boost converts the int64
/// or uint64 it read), and numbers with a fraction or exponent that have at most 15 significant
/// digits and whose decimal exponent is within ±22. Then the digits make an integer below 2^53 that
/// Boost also reads exactly, 10^|e| is exact, and one multiplication or division (Boost's
/// dec_to_float, Clinger's fast path) gives the same, correctly rounded, double. nullptr for
/// anything else.
const char* read_number(const char* p, const char* end, double& out) {
  static constexpr double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* s = p;
  const bool negative = s < end && *s == '-';
  if (negative) ++s;
  if (s == end || !is_digit(*s)) return nullptr;
  std::uint64_t digits = 0;  // every digit, as one integer
  int significant = 0;       // digits from the first that is not 0
  int scale = 0;             // the power of ten to apply: exponent - digits after the point
  const auto add = [&](char c) {
    if (digits != 0 || c != '0') ++significant;
    digits = 10 * digits + std::uint64_t(c - '0');
    return significant <= 18;  // no overflow
  };
  if (*s == '0') {
    ++s;
    if (s < end && is_digit(*s)) return nullptr;  // a leading zero: invalid JSON
  } else {
    while (s < end && is_digit(*s))
      if (!add(*s++)) return nullptr;
  }
  bool integer = true;
  if (s < end && *s == '.') {
    integer = false;
    ++s;
    if (s == end || !is_digit(*s)) return nullptr;
    while (s < end && is_digit(*s)) {
      if (!add(*s++) || --scale < -400) return nullptr;
    }
  }
  if (s < end && (*s == 'e' || *s == 'E')) {
    integer = false;
    ++s;
    const bool negative_exponent = s < end && *s == '-';
    if (s < end && (*s == '-' || *s == '+')) ++s;
    if (s == end || !is_digit(*s)) return nullptr;
    int exponent = 0;
    while (s < end && is_digit(*s)) {
      exponent = 10 * exponent + (*s++ - '0');
      if (exponent > 400) return nullptr;
    }
    scale += negative_exponent ? -exponent : exponent;
  }
  if (integer) {
    // Boost reads -0 as the integer 0.
    out = negative ? double(-std::int64_t(digits)) : double(digits);
  } else {
    if (significant > 15 || scale < -22 || scale > 22) return nullptr;
    const double x = negative ? -double(digits) : double(digits);
    out = scale < 0 ? x / pow10[-scale] : x * pow10[scale];
  }
  return s;
}

/// Reads a flat object of literals, numbers and strings into `recorder`; false where the full
/// reader must take over.
bool read_flat(std::string_view text, Recorder& recorder, std::string& scratch) {
  const char* p = text.data();
  const char* end = p + text.size();
  // As the full reader: any white space std::isspace knows may follow the object. Then the last
  // character must be the object's closing brace, and it stops every scan for white space,
  // digits or a character below: none reads past it, so they need not look for the end.
  while (end > p && std::isspace(static_cast<unsigned char>(end[-1])))
    --end;
  if (end == p || end[-1] != '}') return false;
  const auto skip_space = [&] {
    while (is_space(*p))
      ++p;
  };
  // Consumes `c` if it comes next, after any white space (skipped only when `c` is not next).
  const auto next_is = [&](char c) {
    if (*p != c) {
      skip_space();
      if (*p != c) return false;
    }
    ++p;
    return true;
  };
  const auto literal = [&](const char(&word)[5], std::size_t size) {
    if (std::size_t(end - p) < size || std::memcmp(p, word, size) != 0) return false;
    p += size;
    return true;
  };
  if (!next_is('{')) return false;
  if (!next_is('}')) {
    for (;;) {
      if (!next_is('"')) return false;
      if (const char* after = recorder.next_key(p, end)) {
        p = after;
      } else {
        std::string_view key;
        if (!(p = read_string(p, end, scratch, key))) return false;
        recorder.key(key);
      }
      if (!next_is(':')) return false;
      skip_space();
      switch (*p) {
        case 't':
          if (!literal("true", 4)) return false;
          recorder.answer(true);
          break;
        case 'f':
          if (!literal("fals", 4) || *p++ != 'e') return false;
          recorder.answer(false);
          break;
        case 'n':
          if (!literal("null", 4)) return false;
          recorder.answer(Value::unknown_value());
          break;
        case '"': {
          std::string_view text;
          if (!(p = read_string(p + 1, end, scratch, text))) return false;
          recorder.answer(text);
          break;
        }
        default: {
          double d = 0;
          if (!(p = read_number(p, end, d))) return false;
          recorder.answer(d);
        }
      }
      if (next_is(',')) continue;
      if (next_is('}')) break;
      return false;
    }
  }
  return p == end;  // the closing brace was the last one
}

}  // namespace

void JsonKeys::bind(std::size_t question, const Value& value, Answers& answers) {
  answers.set(question, value);
}

bool read_answers_json(Answers& answers, std::string_view text, JsonKeys& keys, JsonText kind) {
  answers.clear();
  json::basic_parser<Reader> parser(json::parse_options{}, answers, keys, kind, text);
  json::error_code ec;
  std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (parser.handler().stopped()) {
    answers.clear();
    return false;
  }
  if (!ec) {
    // write_some stops after the first complete value: anything but space after it is an error.
    const auto space = [kind](char c) {
      return kind == JsonText::document ? std::isspace(static_cast<unsigned char>(c)) != 0
                                        : c == ' ' || c == '\t' || c == '\r';
    };
    while (used < text.size() && space(text[used]))
      ++used;
    if (used < text.size()) ec = json::error::extra_data;
  }
  if (ec) {
    // A broken document is rejected whole: no answer read before the break is kept.
    answers.clear();
    const auto before = text.substr(0, std::min(used, text.size()));
    const auto nl = before.rfind('\n');
    const auto column = 1 + (nl == std::string_view::npos ? before.size() : before.size() - nl - 1);
    std::string where;
    if (kind == JsonText::document)
      where = "line " + std::to_string(1 + std::count(before.begin(), before.end(), '\n')) + ", ";
    answers.add_error(
        {"", "invalid-json",
         "invalid JSON at " + where + "column " + std::to_string(column) + ": " + ec.message()});
  }
  return true;
}

bool read_answers_json_flat(Answers& answers, std::string_view text) {
  answers.clear();
  Recorder recorder(answers);
  thread_local std::string scratch;  // decoded strings with escapes
  return read_flat(text, recorder, scratch);
}

void read_answers_json_full(Answers& answers, std::string_view text) {
  QuestionIds keys(answers.ruleset());
  read_answers_json(answers, text, keys);
}

void read_answers_json(Answers& answers, std::string_view text) {
  // Most documents are flat objects the fast reader takes; it gives up on anything else (invalid
  // JSON included), and Boost.JSON starts again from cleared answers.
  if (!read_answers_json_flat(answers, text)) read_answers_json_full(answers, text);
}

}  // namespace redflag::io
