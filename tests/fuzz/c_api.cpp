// redflag fuzz target: the C ABI. The input is decoded into a sequence of rf_* calls on a few
// handles (two rule sets, two answer sets, two results): loads from text taken from the input
// (also with load options: limits, parameter overrides),
// answers of every type with ids and values from the input, evaluations, every getter with
// in-range and out-of-range indices, frees, and NULL arguments. Only documented contracts are
// relied on (answers are freed before their rule set; borrowed strings are read at once), so any
// crash or sanitizer report is a bug in the library.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "fuzz.hpp"
#include "redflag/redflag.h"

namespace {

/// Reads the input as a stream of bytes, numbers and strings; zeros once exhausted.
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return at_ >= size_; }
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::size_t index() {  // mostly small, sometimes huge
    const std::uint8_t b = byte();
    return b == 0xff ? std::size_t(-1) : b % 12;
  }
  /// A string of up to 63 bytes (any bytes, NULs cut it short when used as a C string).
  std::string text() {
    std::string s;
    for (std::size_t n = byte() % 64; n && !done(); --n)
      s.push_back(char(byte()));
    return s;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_, at_ = 0;
};

void read(const char* s) {
  if (s) FUZZ_CHECK(std::strlen(s) < (std::size_t(1) << 30));  // readable to its NUL
}

/// The fixed rule set, loaded once: most programs use it, and parsing it on every load would
/// spend the run on the parser (which rule_load fuzzes). Never freed.
rf_ruleset* shared_ruleset() {
  static rf_ruleset* shared = [] {
    rf_ruleset* r = nullptr;
    FUZZ_CHECK(rf_ruleset_load_string(&r, redflag_fuzz::answers_ruleset.data(),
                                      redflag_fuzz::answers_ruleset.size(), nullptr,
                                      nullptr) == RF_OK);
    return r;
  }();
  return shared;
}

/// Frees a rule set unless it is the shared one.
void free_ruleset(rf_ruleset* r) {
  if (r != shared_ruleset()) rf_ruleset_free(r);
}

struct Session {
  rf_ruleset* rulesets[2] = {};
  rf_answers* answers[2] = {};
  int bound[2] = {-1, -1};  // which rule set each answers handle is bound to
  rf_result* results[2] = {};

  ~Session() {
    for (auto* a : answers)
      rf_answers_free(a);
    for (auto* r : results)
      rf_result_free(r);
    for (auto* r : rulesets)
      free_ruleset(r);
  }

  const char* question_id(Input& in, const rf_ruleset* r) {
    static std::string own;
    if (in.byte() % 4 == 0) return (own = in.text()).c_str();
    const std::size_t n = rf_ruleset_question_count(r);
    return n ? rf_ruleset_question_id(r, in.byte() % n) : "";
  }

  void free_answers_of(int ruleset) {
    for (int a = 0; a < 2; ++a)
      if (bound[a] == ruleset) rf_answers_free(answers[a]), answers[a] = nullptr, bound[a] = -1;
  }

  void load(Input& in) {
    const int slot = in.byte() & 1;
    free_answers_of(slot);
    free_ruleset(rulesets[slot]);
    rulesets[slot] = nullptr;
    rf_diagnostics* diagnostics = nullptr;
    int status;
    if (const int how = in.byte() % 8; how < 5) {
      rulesets[slot] = shared_ruleset();
      return;
    } else if (how == 5) {  // the fixed rule set once more, with its diagnostics
      status = rf_ruleset_load_string(&rulesets[slot], redflag_fuzz::answers_ruleset.data(),
                                      redflag_fuzz::answers_ruleset.size(), nullptr, &diagnostics);
      FUZZ_CHECK(status == RF_OK);
    } else if (how == 6) {
      const std::string text = in.text();
      status = rf_ruleset_load_string(&rulesets[slot], text.data(), text.size(), "f.rf",
                                      in.byte() & 1 ? &diagnostics : nullptr);
      FUZZ_CHECK((status == RF_OK) == (rulesets[slot] != nullptr));
    } else {
      load_with_options(in, &rulesets[slot], &diagnostics);
    }
    const std::size_t n = rf_diagnostics_count(diagnostics);
    for (std::size_t i = 0; i <= n; ++i) {
      read(rf_diagnostics_code(diagnostics, i));
      read(rf_diagnostics_message(diagnostics, i));
      read(rf_diagnostics_file(diagnostics, i));
      (void)rf_diagnostics_line(diagnostics, i), (void)rf_diagnostics_column(diagnostics, i);
      (void)rf_diagnostics_severity(diagnostics, i);
    }
    read(rf_diagnostics_formatted(diagnostics));
    rf_diagnostics_free(diagnostics);
  }

  /// rf_ruleset_load_string_ext with options from the input: small limits, an override of the
  /// fixed rule set's parameter or of an id from the input, now and then an unknown version.
  static void load_with_options(Input& in, rf_ruleset** out, rf_diagnostics** diagnostics) {
    rf_load_options opts;
    FUZZ_CHECK(rf_load_options_init(&opts, RF_LOAD_OPTIONS_VERSION) == RF_OK);
    if (in.byte() % 16 == 0) opts.version = in.byte();
    opts.max_source_bytes = in.byte() % 4 ? 0 : 8 * std::size_t(in.byte());
    opts.max_nesting_depth = in.byte() % 8;
    opts.max_rules = in.byte() % 4;
    opts.max_questions = in.byte() % 8;
    opts.max_use_depth = in.byte() % 3;
    opts.max_string_bytes = in.byte() % 32;
    opts.load_tests = in.byte() & 1;
    const std::string id = in.byte() & 1 ? std::string("fever_c") : in.text();
    const char* ids[] = {id.c_str()};
    const double values[] = {in.byte() / 4.0};
    opts.parameter_ids = ids;
    opts.parameter_values = values;
    opts.parameter_count = in.byte() & 1;
    const std::string text = in.byte() & 1 ? std::string(redflag_fuzz::answers_ruleset) : in.text();
    const int status = rf_ruleset_load_string_ext(out, text.data(), text.size(), "f.rf", &opts,
                                                  in.byte() & 1 ? diagnostics : nullptr);
    FUZZ_CHECK(status == RF_OK || status == RF_ELOAD || status == RF_EINVALID);
    FUZZ_CHECK((status == RF_OK) == (*out != nullptr));
    // An override that loaded is the value in effect.
    for (std::size_t p = 0; status == RF_OK && p < rf_ruleset_parameter_count(*out); ++p) {
      if (opts.parameter_count == 1 && id == rf_ruleset_parameter_id(*out, p))
        FUZZ_CHECK(rf_ruleset_parameter_value(*out, p) == values[0]);
    }
  }

  void inspect(Input& in) {
    const rf_ruleset* r = rulesets[in.byte() & 1];
    read(rf_ruleset_id(r)), read(rf_ruleset_version(r)), read(rf_ruleset_title(r));
    const std::size_t i = in.index();
    read(rf_ruleset_level_id(r, i)), read(rf_ruleset_level_advice(r, i));
    read(rf_ruleset_level_indicator(r, i));
    read(rf_ruleset_question_id(r, i)), read(rf_ruleset_question_prompt(r, i));
    read(rf_ruleset_question_unit(r, i));
    (void)rf_ruleset_question_type(r, i), (void)rf_ruleset_question_required(r, i);
    double lo = 0, hi = 0;
    (void)rf_ruleset_question_range(r, i, in.byte() & 1 ? &lo : nullptr, &hi);
    const std::size_t o = in.index();
    (void)rf_ruleset_option_count(r, i);
    read(rf_ruleset_option_id(r, i, o)), read(rf_ruleset_option_label(r, i, o));
    (void)rf_ruleset_level_count(r), (void)rf_ruleset_question_count(r);
    (void)rf_ruleset_parameter_count(r), (void)rf_ruleset_parameter_value(r, i);
    read(rf_ruleset_parameter_id(r, i)), read(rf_ruleset_parameter_description(r, i));
    if (in.byte() % 8 == 0) read(rf_ruleset_json(r));
  }

  void set(Input& in) {
    const int a = in.byte() & 1;
    rf_answers* h = answers[a];
    const rf_ruleset* r = h ? rulesets[bound[a]] : rulesets[0];
    const char* q = in.byte() % 16 ? question_id(in, r) : nullptr;
    const std::string q_copy = q ? q : "";
    q = q ? q_copy.c_str() : nullptr;
    int status = RF_OK;
    switch (in.byte() % 7) {
      case 0:
        status = rf_answers_set_boolean(h, q, in.byte() - 128);
        break;
      case 1: {
        long long v = 0;
        for (int i = 0; i < 8; ++i)
          v = (v << 8) | in.byte();
        status = rf_answers_set_integer(h, q, in.byte() & 1 ? v : v % 200);
        break;
      }
      case 2: {
        double v;
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
          bits = (bits << 8) | in.byte();
        std::memcpy(&v, &bits, sizeof v);  // NaN, infinities, subnormals included
        status = rf_answers_set_number(h, q, in.byte() & 1 ? v : double(bits % 100));
        break;
      }
      case 3: {
        const std::size_t question = in.index();
        const std::size_t n = rf_ruleset_option_count(r, question);
        std::string option;
        if (n && in.byte() & 1) {
          option = rf_ruleset_option_id(r, question, in.byte() % n);
        } else {
          option = in.text();
        }
        status = rf_answers_set_choice(h, q, in.byte() % 8 ? option.c_str() : nullptr);
        break;
      }
      case 4: {
        const std::string text = in.text();
        status = rf_answers_set_text(h, q, text.c_str());
        break;
      }
      case 5:
        status = rf_answers_unset(h, q);
        break;
      default:
        status = rf_answers_clear(h);
        break;
    }
    FUZZ_CHECK(status == RF_OK || status == RF_EINVALID || status == RF_EANSWER);
    if (status != RF_OK) {
      const rf_error* e = rf_error_last();
      FUZZ_CHECK(e != nullptr);
      read(e->message);
    }
  }

  void evaluate(Input& in) {
    rf_result*& result = results[in.byte() & 1];
    if (!result) FUZZ_CHECK(rf_result_new(&result) == RF_OK);
    const int a = in.byte() & 1;
    const rf_ruleset* r = rulesets[in.byte() & 1];
    const unsigned flags = in.byte() & 1;
    int status;
    if (in.byte() & 1) {
      const std::string json = in.text();
      status = rf_evaluate_json(result, r, json.data(), json.size(), flags);
    } else {
      status = rf_evaluate(result, r, answers[a], flags);
    }
    FUZZ_CHECK(status == RF_OK || status == RF_EINVALID || status == RF_EANSWER);
    // Never a level without a successful evaluation: an error is never a lower urgency.
    FUZZ_CHECK((status == RF_OK) == (rf_result_ok(result) == 1));
    FUZZ_CHECK((status == RF_OK) == (rf_result_level(result) != nullptr));
    if (status != RF_OK) FUZZ_CHECK(rf_result_level_rank(result) == -1);
  }

  void results_read(Input& in) {
    const rf_result* res = results[in.byte() & 1];
    (void)rf_result_ok(res), (void)rf_result_level_rank(res), (void)rf_result_complete(res);
    read(rf_result_level(res)), read(rf_result_advice(res)), read(rf_result_indicator(res));
    const std::size_t i = in.index(), j = in.index();
    (void)rf_result_fired_count(res);
    read(rf_result_fired_id(res, i)), read(rf_result_fired_title(res, i));
    read(rf_result_fired_level(res, i)), read(rf_result_fired_because(res, i));
    read(rf_result_fired_source(res, i));
    (void)rf_result_fired_evidence_count(res, i);
    read(rf_result_fired_evidence_question(res, i, j)),
        read(rf_result_fired_evidence_value(res, i, j));
    (void)rf_result_unresolved_count(res), (void)rf_result_unresolved_missing_count(res, i);
    read(rf_result_unresolved_id(res, i)), read(rf_result_unresolved_level(res, i));
    read(rf_result_unresolved_missing(res, i, j));
    (void)rf_result_value_count(res);
    read(rf_result_value_name(res, i)), read(rf_result_value(res, i));
    (void)rf_result_error_count(res);
    read(rf_result_error_question(res, i)), read(rf_result_error_code(res, i));
    read(rf_result_error_message(res, i));
    if (in.byte() % 4 == 0) read(rf_result_json(res));
  }

  void step(Input& in) {
    switch (in.byte() % 10) {
      case 0:
        load(in);
        break;
      case 1:
        inspect(in);
        break;
      case 2: {
        const int a = in.byte() & 1, r = in.byte() & 1;
        rf_answers_free(answers[a]);
        answers[a] = nullptr, bound[a] = -1;
        const int status = rf_answers_new(&answers[a], rulesets[r]);
        FUZZ_CHECK((status == RF_OK) == (rulesets[r] != nullptr));
        if (status == RF_OK) bound[a] = r;
        FUZZ_CHECK((status == RF_OK) == (answers[a] != nullptr));
        break;
      }
      case 3:
      case 4:
        set(in);
        break;
      case 5:
        evaluate(in);
        break;
      case 6:
        results_read(in);
        break;
      case 7: {  // free something (answers before their rule set)
        const int which = in.byte() % 3, slot = in.byte() & 1;
        if (which == 0) {
          free_answers_of(slot);
          free_ruleset(rulesets[slot]), rulesets[slot] = nullptr;
        } else if (which == 1) {
          rf_answers_free(answers[slot]), answers[slot] = nullptr, bound[slot] = -1;
        } else {
          rf_result_free(results[slot]), results[slot] = nullptr;
        }
        break;
      }
      case 8:
        FUZZ_CHECK(rf_ruleset_load_string(nullptr, "x", 1, nullptr, nullptr) == RF_EINVALID);
        FUZZ_CHECK(rf_ruleset_load_file_ext(nullptr, "x", nullptr, nullptr) == RF_EINVALID);
        FUZZ_CHECK(rf_load_options_init(nullptr, RF_LOAD_OPTIONS_VERSION) == RF_EINVALID);
        FUZZ_CHECK(rf_answers_new(nullptr, rulesets[0]) == RF_EINVALID);
        FUZZ_CHECK(rf_result_new(nullptr) == RF_EINVALID);
        FUZZ_CHECK(rf_evaluate(nullptr, nullptr, nullptr, 0) == RF_EINVALID);
        break;
      default:
        rf_error_clear();
        read(rf_version());
        break;
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  Session session;
  for (int steps = 0; !in.done() && steps < 256; ++steps)
    session.step(in);
  return 0;
}
