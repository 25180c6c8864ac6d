// redflag C ABI: the implementation of bindings/c/include/redflag/redflag.h over the C++ core.
//
// Every entry point catches everything (std::bad_alloc -> RF_ENOMEM, anything else -> RF_ERROR),
// checks its handles and strings (NULL, invalid UTF-8 -> RF_EINVALID) and reports failures
// through a thread-local rf_error. No C++ type or exception crosses the boundary.
#include "redflag/redflag.h"

#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redflag/answers.hpp"
#include "redflag/diagnostics.hpp"
#include "redflag/load.hpp"
#include "redflag/result.hpp"
#include "redflag/ruleset.hpp"
#include "redflag/value.hpp"
#include "redflag/version.hpp"

// The core's JSON writer (internal to this repository), shared rather than copied.
#include "io/json_writer.hpp"
#include "utf8.hpp"

static_assert(RF_VERSION_MAJOR == REDFLAG_VERSION_MAJOR &&
                  RF_VERSION_MINOR == REDFLAG_VERSION_MINOR &&
                  RF_VERSION_PATCH == REDFLAG_VERSION_PATCH,
              "redflag.h and redflag/version.hpp disagree on the version");

// ---- handles -----------------------------------------------------------------------------------

struct rf_ruleset {
  redflag::Ruleset rs;
  std::string id, version, title;  // NUL-terminated copies of the string_view accessors
  std::string json;                // Ruleset::to_json(), computed at load
};

struct rf_diagnostics {
  std::vector<redflag::Diagnostic> list;
  std::string formatted;
};

struct rf_answers {
  redflag::Answers a;
};

struct rf_result {
  redflag::Result r;
  // rf_evaluate_json reads into this, reused while the rule set stays the same.
  std::optional<redflag::Answers> json_answers;
  // JSON text of values, made on first request after an evaluation (rf_result is used by one
  // thread at a time, so the lazy caches need no locking).
  mutable bool texts_ready = false;
  mutable std::vector<std::string> evidence_text;   // fired evidence, flattened
  mutable std::vector<std::size_t> evidence_begin;  // per fired rule: its first evidence_text
  mutable std::vector<std::string> value_text;      // per derived value
  mutable bool json_ready = false;
  mutable std::string json;

  void invalidate() noexcept {
    texts_ready = false;
    json_ready = false;
  }
};

namespace {

// ---- the thread-local last error -------------------------------------------------------------

struct LastError {
  rf_error error{RF_OK, "", "", 0, 0};
  std::string message;
  std::string file;
};

thread_local LastError last_error;

void point_error_strings() noexcept {
  last_error.error.message = last_error.message.c_str();
  last_error.error.file = last_error.file.c_str();
}

// Sets the last error and returns `code`. Never throws: if the strings cannot be stored, the
// message becomes a static "out of memory".
int fail(int code, std::string_view message, std::string_view file = {}, unsigned line = 0,
         unsigned column = 0) noexcept {
  last_error.error.code = code;
  last_error.error.line = line;
  last_error.error.column = column;
  try {
    last_error.message.assign(message);
    last_error.file.assign(file);
    point_error_strings();
  } catch (...) {
    last_error.message.clear();
    last_error.file.clear();
    point_error_strings();
    last_error.error.message = "out of memory (while recording another error)";
  }
  return code;
}

int fail_current_exception() noexcept {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return fail(RF_ENOMEM, "out of memory");
  } catch (const std::exception& e) {
    return fail(RF_ERROR, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(RF_ERROR, "internal error: unknown exception");
  }
}

// Runs `f` (returning an int status), turning any exception into a status.
template <class F>
int guarded(F&& f) noexcept {
  try {
    return f();
  } catch (...) {
    return fail_current_exception();
  }
}

// Runs a getter; on an exception records it and returns `fallback`.
template <class T, class F>
T guarded_get(T fallback, F&& f) noexcept {
  try {
    return f();
  } catch (...) {
    fail_current_exception();
    return fallback;
  }
}

// ---- UTF-8 --------------------------------------------------------------------------------

// The offset of the first byte that is not part of a well-formed UTF-8 sequence (no overlong
// forms, no surrogates, nothing above U+10FFFF: src/utf8.hpp), or npos when all of `s` is well
// formed. ASCII, most of any text, is skipped sixteen bytes at a time.
std::size_t utf8_error(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    if (s.size() - i >= 16) {
      std::uint64_t a, b;
      std::memcpy(&a, s.data() + i, 8);
      std::memcpy(&b, s.data() + i + 8, 8);
      if (((a | b) & 0x8080808080808080) == 0) {
        i += 16;
        continue;
      }
    }
    const std::size_t n = redflag::detail::utf8_sequence(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

// Checks a NUL-terminated argument: not NULL, valid UTF-8. Returns RF_OK or RF_EINVALID.
int null_handle(const char* what, const char* function) noexcept {
  try {
    return fail(RF_EINVALID, std::string(function) + ": " + what + " is NULL");
  } catch (...) {
    return fail(RF_EINVALID, "a handle or string argument is NULL");
  }
}

int check_string(const char* s, const char* what, const char* function) noexcept {
  if (!s) return null_handle(what, function);
  if (const auto bad = utf8_error(s); bad != std::string_view::npos) {
    try {
      return fail(RF_EINVALID, std::string(function) + ": " + what + " is not valid UTF-8 (byte " +
                                   std::to_string(bad) + ")");
    } catch (...) {
      return fail(RF_EINVALID, "a string argument is not valid UTF-8");
    }
  }
  return RF_OK;
}

int bad_index(const char* what, std::size_t index, std::size_t count,
              const char* function) noexcept {
  try {
    return fail(RF_EINVALID, std::string(function) + ": " + what + " index " +
                                 std::to_string(index) + " is out of range (there are " +
                                 std::to_string(count) + ")");
  } catch (...) {
    return fail(RF_EINVALID, "an index is out of range");
  }
}

// `value` as JSON text: true, 42, 2.5, "both_legs", null. Reuses `out`'s storage.
void value_json(std::string& out, const redflag::Value& value) {
  out.clear();
  redflag::io::append_value(out, value);
}

void fill_texts(const rf_result& res) {
  if (res.texts_ready) return;
  const auto fired = res.r.fired();
  std::size_t total = 0;
  res.evidence_begin.resize(fired.size() + 1);
  for (std::size_t i = 0; i < fired.size(); ++i) {
    res.evidence_begin[i] = total;
    total += fired[i].answers.size();
  }
  res.evidence_begin[fired.size()] = total;
  if (res.evidence_text.size() < total) res.evidence_text.resize(total);
  for (std::size_t i = 0; i < fired.size(); ++i) {
    for (std::size_t j = 0; j < fired[i].answers.size(); ++j) {
      value_json(res.evidence_text[res.evidence_begin[i] + j], fired[i].answers[j].value);
    }
  }
  const auto values = res.r.values();
  if (res.value_text.size() < values.size()) res.value_text.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    value_json(res.value_text[i], values[i].value);
  res.texts_ready = true;
}

// A NUL-terminated question id for a view the core hands out (views into Question::id).
const char* question_id(const redflag::Ruleset& rs, std::string_view id) {
  const auto q = rs.find_question(id);
  return q ? rs.questions()[*q].id.c_str() : nullptr;
}

const redflag::Question* question_at(const rf_ruleset* ruleset, std::size_t question,
                                     const char* function) {
  if (!ruleset) {
    null_handle("ruleset", function);
    return nullptr;
  }
  const auto questions = ruleset->rs.questions();
  if (question >= questions.size()) {
    bad_index("question", question, questions.size(), function);
    return nullptr;
  }
  return &questions[question];
}

const redflag::Level* level_at(const rf_ruleset* ruleset, std::size_t level, const char* function) {
  if (!ruleset) {
    null_handle("ruleset", function);
    return nullptr;
  }
  const auto levels = ruleset->rs.levels();
  if (level >= levels.size()) {
    bad_index("level", level, levels.size(), function);
    return nullptr;
  }
  return &levels[level];
}

const redflag::Diagnostic* diagnostic_at(const rf_diagnostics* d, std::size_t i,
                                         const char* function) {
  if (!d) {
    null_handle("diagnostics", function);
    return nullptr;
  }
  if (i >= d->list.size()) {
    bad_index("diagnostic", i, d->list.size(), function);
    return nullptr;
  }
  return &d->list[i];
}

const redflag::FiredRule* fired_at(const rf_result* result, std::size_t i, const char* function) {
  if (!result) {
    null_handle("result", function);
    return nullptr;
  }
  const auto fired = result->r.fired();
  if (i >= fired.size()) {
    bad_index("fired rule", i, fired.size(), function);
    return nullptr;
  }
  return &fired[i];
}

const redflag::UnresolvedRule* unresolved_at(const rf_result* result, std::size_t i,
                                             const char* function) {
  if (!result) {
    null_handle("result", function);
    return nullptr;
  }
  const auto unresolved = result->r.unresolved();
  if (i >= unresolved.size()) {
    bad_index("unresolved rule", i, unresolved.size(), function);
    return nullptr;
  }
  return &unresolved[i];
}

const redflag::AnswerError* error_at(const rf_result* result, std::size_t i, const char* function) {
  if (!result) {
    null_handle("result", function);
    return nullptr;
  }
  const auto& errors = result->r.errors();
  if (i >= errors.size()) {
    bad_index("error", i, errors.size(), function);
    return nullptr;
  }
  return &errors[i];
}

const redflag::Option* option_at(const rf_ruleset* ruleset, size_t question, size_t option,
                                 const char* function) {
  const auto* q = question_at(ruleset, question, function);
  if (!q) return nullptr;
  if (option >= q->options.size()) {
    bad_index("option", option, q->options.size(), function);
    return nullptr;
  }
  return &q->options[option];
}

const redflag::Evidence* evidence_at(const rf_result* result, size_t i, size_t j,
                                     const char* function) {
  const auto* f = fired_at(result, i, function);
  if (!f) return nullptr;
  if (j >= f->answers.size()) {
    bad_index("evidence", j, f->answers.size(), function);
    return nullptr;
  }
  return &f->answers[j];
}

const char* level_id_of(const rf_result* result, const redflag::Rule& rule) {
  const auto* rs = result->r.ruleset();
  if (!rs || rule.level >= rs->levels().size()) return nullptr;
  return rs->levels()[rule.level].id.c_str();
}

// ---- loading --------------------------------------------------------------------------------

int finish_load(rf_ruleset** out, rf_diagnostics** diagnostics, redflag::LoadResult&& loaded) {
  if (diagnostics) {
    auto* d = new rf_diagnostics{loaded.diagnostics(), loaded.formatted()};
    *diagnostics = d;
  }
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics()) {
      if (d.severity != redflag::Severity::error) continue;
      const int code = d.code == "read-failed" ? RF_EIO : RF_ELOAD;
      return fail(code, d.message, d.file, d.where.line, d.where.column);
    }
    return fail(RF_ELOAD, "the rule set could not be loaded");
  }
  const redflag::Ruleset& rs = loaded.value();
  auto* r = new rf_ruleset{rs, std::string(rs.id()), std::string(rs.version()),
                           std::string(rs.title()), rs.to_json()};
  *out = r;
  return RF_OK;
}

// Undoes a partial load on failure (an exception after the diagnostics were handed out).
int load_guarded(rf_ruleset** out, rf_diagnostics** diagnostics,
                 const std::function<redflag::LoadResult()>& load) noexcept {
  const int status = guarded([&] { return finish_load(out, diagnostics, load()); });
  if (status != RF_OK && status != RF_ELOAD && status != RF_EIO) {
    *out = nullptr;
    if (diagnostics) {
      delete *diagnostics;
      *diagnostics = nullptr;
    }
  }
  return status;
}

// ---- answers ----------------------------------------------------------------------------

enum class Kind { boolean, number, choice, text };

// Sets one answer. A choice setter on a text question (or the reverse) is a wrong type.
int set_answer(rf_answers* answers, const char* question, const redflag::Value& value, Kind kind,
               const char* function) {
  if (!answers) return null_handle("answers", function);
  if (int s = check_string(question, "question", function); s != RF_OK) return s;
  auto& a = answers->a;
  if (kind == Kind::choice || kind == Kind::text) {
    const auto q = a.ruleset().find_question(question);
    if (q) {
      const auto type = a.ruleset().questions()[*q].type;
      const bool mismatch = (kind == Kind::choice && type == redflag::QuestionType::text) ||
                            (kind == Kind::text && type == redflag::QuestionType::choice);
      if (mismatch) {
        a.unset(question);
        std::string message =
            std::string("'") + question + "' expects " +
            (type == redflag::QuestionType::text ? "text" : "one of its options") + "; got " +
            (kind == Kind::choice ? "an option" : "text") + " (use rf_answers_set_" +
            (type == redflag::QuestionType::text ? "text" : "choice") + ")";
        a.add_error({question, "wrong-type", message});
        return fail(RF_EANSWER, message);
      }
    }
  }
  if (a.set(std::string_view(question), value)) return RF_OK;
  return fail(RF_EANSWER,
              a.errors().empty() ? std::string("answer rejected") : a.errors().back().message);
}

// ---- evaluation ---------------------------------------------------------------------------

int after_evaluate(rf_result* result) {
  result->invalidate();
  if (result->r.ok()) return RF_OK;
  const auto& errors = result->r.errors();
  if (errors.empty()) return fail(RF_EANSWER, "the evaluation has no level");
  std::string message = errors.front().message;
  if (errors.size() > 1) {
    message += " (and " + std::to_string(errors.size() - 1) + " more error" +
               (errors.size() > 2 ? "s" : "") + ")";
  }
  return fail(RF_EANSWER, message);
}

// Leaves `result` empty (no level, no errors) after rejected arguments.
void reset_result(rf_result* result) noexcept {
  if (!result) return;
  result->r = redflag::Result{};
  result->invalidate();
}

}  // namespace

// ---- errors and version ---------------------------------------------------------------------

extern "C" {

const rf_error* rf_error_last(void) {
  return &last_error.error;
}

void rf_error_clear(void) {
  last_error.error = rf_error{RF_OK, "", "", 0, 0};
  last_error.message.clear();
  last_error.file.clear();
}

const char* rf_version(void) {
  return redflag::version();
}

void rf_version_numbers(int* major, int* minor, int* patch) {
  if (major) *major = REDFLAG_VERSION_MAJOR;
  if (minor) *minor = REDFLAG_VERSION_MINOR;
  if (patch) *patch = REDFLAG_VERSION_PATCH;
}

// ---- loading ------------------------------------------------------------------------------

int rf_ruleset_load_file(rf_ruleset** out, const char* path, rf_diagnostics** diagnostics) {
  if (diagnostics) *diagnostics = nullptr;
  if (!out) return null_handle("out", "rf_ruleset_load_file");
  *out = nullptr;
  if (int s = check_string(path, "path", "rf_ruleset_load_file"); s != RF_OK) return s;
  return load_guarded(out, diagnostics, [path] {
    const std::u8string_view u8(reinterpret_cast<const char8_t*>(path));
    return redflag::load_file(std::filesystem::path(u8));
  });
}

int rf_ruleset_load_string(rf_ruleset** out, const char* text, size_t length,
                           const char* source_name, rf_diagnostics** diagnostics) {
  static constexpr const char* fn = "rf_ruleset_load_string";
  if (diagnostics) *diagnostics = nullptr;
  if (!out) return null_handle("out", fn);
  *out = nullptr;
  if (!text) return null_handle("text", fn);
  if (!source_name) source_name = "<string>";
  if (int s = check_string(source_name, "source_name", fn); s != RF_OK) return s;
  const std::string_view source(text, length);
  if (const auto bad = utf8_error(source); bad != std::string_view::npos) {
    unsigned line = 1, column = 1;
    for (std::size_t i = 0; i < bad; ++i) {
      if (source[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return fail(
        RF_EINVALID,
        std::string(fn) + ": the text is not valid UTF-8 (byte " + std::to_string(bad) + ")",
        source_name, line, column);
  }
  return load_guarded(out, diagnostics,
                      [source, source_name] { return redflag::load(source, source_name); });
}

void rf_ruleset_free(rf_ruleset* ruleset) {
  delete ruleset;
}

// ---- diagnostics ----------------------------------------------------------------------------

size_t rf_diagnostics_count(const rf_diagnostics* diagnostics) {
  if (!diagnostics) return null_handle("diagnostics", "rf_diagnostics_count"), 0;
  return diagnostics->list.size();
}

int rf_diagnostics_severity(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, "rf_diagnostics_severity");
  if (!d) return -1;
  return d->severity == redflag::Severity::error ? 0 : 1;
}

const char* rf_diagnostics_code(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, "rf_diagnostics_code");
  return d ? d->code.c_str() : nullptr;
}

const char* rf_diagnostics_message(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, "rf_diagnostics_message");
  return d ? d->message.c_str() : nullptr;
}

const char* rf_diagnostics_file(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, "rf_diagnostics_file");
  return d ? d->file.c_str() : nullptr;
}

unsigned rf_diagnostics_line(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, "rf_diagnostics_line");
  return d ? d->where.line : 0;
}

unsigned rf_diagnostics_column(const rf_diagnostics* diagnostics, size_t i) {
  const auto* d = diagnostic_at(diagnostics, i, "rf_diagnostics_column");
  return d ? d->where.column : 0;
}

const char* rf_diagnostics_formatted(const rf_diagnostics* diagnostics) {
  if (!diagnostics) return null_handle("diagnostics", "rf_diagnostics_formatted"), nullptr;
  return diagnostics->formatted.c_str();
}

void rf_diagnostics_free(rf_diagnostics* diagnostics) {
  delete diagnostics;
}

// ---- what a rule set declares -------------------------------------------------------------

const char* rf_ruleset_id(const rf_ruleset* ruleset) {
  if (!ruleset) return null_handle("ruleset", "rf_ruleset_id"), nullptr;
  return ruleset->id.c_str();
}

const char* rf_ruleset_version(const rf_ruleset* ruleset) {
  if (!ruleset) return null_handle("ruleset", "rf_ruleset_version"), nullptr;
  return ruleset->version.c_str();
}

const char* rf_ruleset_title(const rf_ruleset* ruleset) {
  if (!ruleset) return null_handle("ruleset", "rf_ruleset_title"), nullptr;
  return ruleset->title.c_str();
}

size_t rf_ruleset_level_count(const rf_ruleset* ruleset) {
  if (!ruleset) return null_handle("ruleset", "rf_ruleset_level_count"), 0;
  return ruleset->rs.levels().size();
}

const char* rf_ruleset_level_id(const rf_ruleset* ruleset, size_t level) {
  const auto* l = level_at(ruleset, level, "rf_ruleset_level_id");
  return l ? l->id.c_str() : nullptr;
}

const char* rf_ruleset_level_advice(const rf_ruleset* ruleset, size_t level) {
  const auto* l = level_at(ruleset, level, "rf_ruleset_level_advice");
  return l ? l->advice.c_str() : nullptr;
}

const char* rf_ruleset_level_indicator(const rf_ruleset* ruleset, size_t level) {
  const auto* l = level_at(ruleset, level, "rf_ruleset_level_indicator");
  return l ? redflag::to_string(l->indicator).data() : nullptr;
}

size_t rf_ruleset_question_count(const rf_ruleset* ruleset) {
  if (!ruleset) return null_handle("ruleset", "rf_ruleset_question_count"), 0;
  return ruleset->rs.questions().size();
}

const char* rf_ruleset_question_id(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, "rf_ruleset_question_id");
  return q ? q->id.c_str() : nullptr;
}

int rf_ruleset_question_type(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, "rf_ruleset_question_type");
  if (!q) return -1;
  switch (q->type) {
    case redflag::QuestionType::boolean:
      return RF_BOOLEAN;
    case redflag::QuestionType::choice:
      return RF_CHOICE;
    case redflag::QuestionType::integer:
      return RF_INTEGER;
    case redflag::QuestionType::number:
      return RF_NUMBER;
    case redflag::QuestionType::text:
      return RF_TEXT;
  }
  return -1;
}

const char* rf_ruleset_question_prompt(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, "rf_ruleset_question_prompt");
  return q ? q->prompt.c_str() : nullptr;
}

int rf_ruleset_question_required(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, "rf_ruleset_question_required");
  return q && q->required ? 1 : 0;
}

const char* rf_ruleset_question_unit(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, "rf_ruleset_question_unit");
  return q ? q->unit.c_str() : nullptr;
}

int rf_ruleset_question_range(const rf_ruleset* ruleset, size_t question, double* min,
                              double* max) {
  const auto* q = question_at(ruleset, question, "rf_ruleset_question_range");
  if (!q || (!q->min && !q->max)) return 0;
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (min) *min = q->min.value_or(-inf);
  if (max) *max = q->max.value_or(inf);
  return 1;
}

size_t rf_ruleset_option_count(const rf_ruleset* ruleset, size_t question) {
  const auto* q = question_at(ruleset, question, "rf_ruleset_option_count");
  return q ? q->options.size() : 0;
}

const char* rf_ruleset_option_id(const rf_ruleset* ruleset, size_t question, size_t option) {
  const auto* o = option_at(ruleset, question, option, "rf_ruleset_option_id");
  return o ? o->id.c_str() : nullptr;
}

const char* rf_ruleset_option_label(const rf_ruleset* ruleset, size_t question, size_t option) {
  const auto* o = option_at(ruleset, question, option, "rf_ruleset_option_label");
  return o ? o->label.c_str() : nullptr;
}

const char* rf_ruleset_json(const rf_ruleset* ruleset) {
  if (!ruleset) return null_handle("ruleset", "rf_ruleset_json"), nullptr;
  return ruleset->json.c_str();
}

// ---- answers ------------------------------------------------------------------------------

int rf_answers_new(rf_answers** out, const rf_ruleset* ruleset) {
  if (!out) return null_handle("out", "rf_answers_new");
  *out = nullptr;
  if (!ruleset) return null_handle("ruleset", "rf_answers_new");
  return guarded([&] {
    *out = new rf_answers{redflag::Answers(ruleset->rs)};
    return RF_OK;
  });
}

void rf_answers_free(rf_answers* answers) {
  delete answers;
}

int rf_answers_clear(rf_answers* answers) {
  if (!answers) return null_handle("answers", "rf_answers_clear");
  answers->a.clear();
  return RF_OK;
}

int rf_answers_set_boolean(rf_answers* answers, const char* question, int value) {
  return guarded([&] {
    return set_answer(answers, question, redflag::Value::of(value != 0), Kind::boolean,
                      "rf_answers_set_boolean");
  });
}

int rf_answers_set_integer(rf_answers* answers, const char* question, long long value) {
  return guarded([&] {
    return set_answer(answers, question, redflag::Value::of(static_cast<double>(value)),
                      Kind::number, "rf_answers_set_integer");
  });
}

int rf_answers_set_number(rf_answers* answers, const char* question, double value) {
  return guarded([&] {
    return set_answer(answers, question, redflag::Value::of(value), Kind::number,
                      "rf_answers_set_number");
  });
}

int rf_answers_set_choice(rf_answers* answers, const char* question, const char* option) {
  return guarded([&] {
    if (int s = check_string(option, "option", "rf_answers_set_choice"); s != RF_OK) return s;
    return set_answer(answers, question, redflag::Value::choice(option), Kind::choice,
                      "rf_answers_set_choice");
  });
}

int rf_answers_set_text(rf_answers* answers, const char* question, const char* text) {
  return guarded([&] {
    if (int s = check_string(text, "text", "rf_answers_set_text"); s != RF_OK) return s;
    return set_answer(answers, question, redflag::Value::text_value(text), Kind::text,
                      "rf_answers_set_text");
  });
}

int rf_answers_unset(rf_answers* answers, const char* question) {
  return guarded([&] {
    return set_answer(answers, question, redflag::Value{}, Kind::boolean, "rf_answers_unset");
  });
}

// ---- evaluation ---------------------------------------------------------------------------

int rf_result_new(rf_result** out) {
  if (!out) return null_handle("out", "rf_result_new");
  *out = nullptr;
  return guarded([&] {
    *out = new rf_result{};
    return RF_OK;
  });
}

void rf_result_free(rf_result* result) {
  delete result;
}

int rf_evaluate(rf_result* result, const rf_ruleset* ruleset, const rf_answers* answers,
                unsigned flags) {
  static constexpr const char* fn = "rf_evaluate";
  if (!result) return null_handle("result", fn);
  if (!ruleset || !answers) {
    reset_result(result);
    return null_handle(!ruleset ? "ruleset" : "answers", fn);
  }
  return guarded([&] {
    redflag::EvaluateOptions options;
    options.explain = (flags & RF_EXPLAIN) != 0;
    ruleset->rs.evaluate(answers->a, result->r, options);
    const int status = after_evaluate(result);
    if (&answers->a.ruleset().impl() != &ruleset->rs.impl()) {
      return fail(RF_EINVALID, "rf_evaluate: the answers are bound to another rule set ('" +
                                   std::string(answers->a.ruleset().id()) + "', not '" +
                                   ruleset->id + "')");
    }
    return status;
  });
}

int rf_evaluate_json(rf_result* result, const rf_ruleset* ruleset, const char* json, size_t length,
                     unsigned flags) {
  static constexpr const char* fn = "rf_evaluate_json";
  if (!result) return null_handle("result", fn);
  if (!ruleset || !json) {
    reset_result(result);
    return null_handle(!ruleset ? "ruleset" : "json", fn);
  }
  const std::string_view text(json, length);
  return guarded([&] {
    auto& a = result->json_answers;
    if (!a || &a->ruleset().impl() != &ruleset->rs.impl()) a.emplace(ruleset->rs);
    a->read_json(text);
    // Text that is not UTF-8 is refused (RF_EINVALID, not an error result). It is never read as
    // JSON either (string bytes are checked; any other byte above 0x7f is a syntax error), so
    // only text read as invalid JSON needs scanning.
    if (a->errors().size() == 1 && a->errors().front().code == "invalid-json") {
      if (const auto bad = utf8_error(text); bad != std::string_view::npos) {
        reset_result(result);
        return fail(RF_EINVALID, std::string(fn) + ": the JSON is not valid UTF-8 (byte " +
                                     std::to_string(bad) + ")");
      }
    }
    redflag::EvaluateOptions options;
    options.explain = (flags & RF_EXPLAIN) != 0;
    ruleset->rs.evaluate(*a, result->r, options);
    return after_evaluate(result);
  });
}

// ---- results ------------------------------------------------------------------------------

int rf_result_ok(const rf_result* result) {
  if (!result) return null_handle("result", "rf_result_ok"), 0;
  return result->r.ok() ? 1 : 0;
}

const char* rf_result_level(const rf_result* result) {
  if (!result) return null_handle("result", "rf_result_level"), nullptr;
  const auto* level = result->r.ok() ? &result->r.level() : nullptr;
  return level ? level->id.c_str() : nullptr;
}

int rf_result_level_rank(const rf_result* result) {
  if (!result) return null_handle("result", "rf_result_level_rank"), -1;
  const auto* level = result->r.ok() ? &result->r.level() : nullptr;
  return level ? static_cast<int>(level->rank) : -1;
}

const char* rf_result_advice(const rf_result* result) {
  if (!result) return null_handle("result", "rf_result_advice"), nullptr;
  const auto* level = result->r.ok() ? &result->r.level() : nullptr;
  return level ? level->advice.c_str() : nullptr;
}

const char* rf_result_indicator(const rf_result* result) {
  if (!result) return null_handle("result", "rf_result_indicator"), nullptr;
  const auto* level = result->r.ok() ? &result->r.level() : nullptr;
  return level ? redflag::to_string(level->indicator).data() : nullptr;
}

int rf_result_complete(const rf_result* result) {
  if (!result) return null_handle("result", "rf_result_complete"), 0;
  return result->r.complete() ? 1 : 0;
}

size_t rf_result_fired_count(const rf_result* result) {
  if (!result) return null_handle("result", "rf_result_fired_count"), 0;
  return result->r.fired().size();
}

const char* rf_result_fired_id(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, "rf_result_fired_id");
  return f ? f->rule->id.c_str() : nullptr;
}

const char* rf_result_fired_title(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, "rf_result_fired_title");
  return f ? f->rule->title.c_str() : nullptr;
}

const char* rf_result_fired_level(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, "rf_result_fired_level");
  return f ? level_id_of(result, *f->rule) : nullptr;
}

const char* rf_result_fired_because(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, "rf_result_fired_because");
  return f ? f->rule->because.c_str() : nullptr;
}

const char* rf_result_fired_source(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, "rf_result_fired_source");
  return f ? f->rule->source.c_str() : nullptr;
}

size_t rf_result_fired_evidence_count(const rf_result* result, size_t i) {
  const auto* f = fired_at(result, i, "rf_result_fired_evidence_count");
  return f ? f->answers.size() : 0;
}

const char* rf_result_fired_evidence_question(const rf_result* result, size_t i, size_t j) {
  return guarded_get<const char*>(nullptr, [&]() -> const char* {
    const auto* e = evidence_at(result, i, j, "rf_result_fired_evidence_question");
    return e ? question_id(*result->r.ruleset(), e->question) : nullptr;
  });
}

const char* rf_result_fired_evidence_value(const rf_result* result, size_t i, size_t j) {
  return guarded_get<const char*>(nullptr, [&]() -> const char* {
    if (!evidence_at(result, i, j, "rf_result_fired_evidence_value")) return nullptr;
    fill_texts(*result);
    return result->evidence_text[result->evidence_begin[i] + j].c_str();
  });
}

size_t rf_result_unresolved_count(const rf_result* result) {
  if (!result) return null_handle("result", "rf_result_unresolved_count"), 0;
  return result->r.unresolved().size();
}

const char* rf_result_unresolved_id(const rf_result* result, size_t i) {
  const auto* u = unresolved_at(result, i, "rf_result_unresolved_id");
  return u ? u->rule->id.c_str() : nullptr;
}

const char* rf_result_unresolved_level(const rf_result* result, size_t i) {
  const auto* u = unresolved_at(result, i, "rf_result_unresolved_level");
  return u ? level_id_of(result, *u->rule) : nullptr;
}

size_t rf_result_unresolved_missing_count(const rf_result* result, size_t i) {
  const auto* u = unresolved_at(result, i, "rf_result_unresolved_missing_count");
  return u ? u->missing.size() : 0;
}

const char* rf_result_unresolved_missing(const rf_result* result, size_t i, size_t j) {
  return guarded_get<const char*>(nullptr, [&]() -> const char* {
    const auto* u = unresolved_at(result, i, "rf_result_unresolved_missing");
    if (!u) return nullptr;
    if (j >= u->missing.size()) {
      bad_index("missing question", j, u->missing.size(), "rf_result_unresolved_missing");
      return nullptr;
    }
    return question_id(*result->r.ruleset(), u->missing[j]);
  });
}

size_t rf_result_value_count(const rf_result* result) {
  return guarded_get<size_t>(0, [&]() -> size_t {
    if (!result) return null_handle("result", "rf_result_value_count"), 0;
    return result->r.values().size();
  });
}

const char* rf_result_value_name(const rf_result* result, size_t i) {
  return guarded_get<const char*>(nullptr, [&]() -> const char* {
    if (!result) return null_handle("result", "rf_result_value_name"), nullptr;
    const auto values = result->r.values();
    if (i >= values.size()) {
      return bad_index("value", i, values.size(), "rf_result_value_name"), nullptr;
    }
    // Values follow Ruleset::derived(), whose ids are NUL-terminated.
    const auto* rs = result->r.ruleset();
    if (rs && i < rs->derived().size() && rs->derived()[i].id == values[i].name) {
      return rs->derived()[i].id.c_str();
    }
    return fail(RF_ERROR, "internal error: derived values out of order"), nullptr;
  });
}

const char* rf_result_value(const rf_result* result, size_t i) {
  return guarded_get<const char*>(nullptr, [&]() -> const char* {
    if (!result) return null_handle("result", "rf_result_value"), nullptr;
    fill_texts(*result);
    if (i >= result->r.values().size()) {
      return bad_index("value", i, result->r.values().size(), "rf_result_value"), nullptr;
    }
    return result->value_text[i].c_str();
  });
}

size_t rf_result_error_count(const rf_result* result) {
  if (!result) return null_handle("result", "rf_result_error_count"), 0;
  return result->r.errors().size();
}

const char* rf_result_error_question(const rf_result* result, size_t i) {
  const auto* e = error_at(result, i, "rf_result_error_question");
  return e ? e->question.c_str() : nullptr;
}

const char* rf_result_error_code(const rf_result* result, size_t i) {
  const auto* e = error_at(result, i, "rf_result_error_code");
  return e ? e->code.c_str() : nullptr;
}

const char* rf_result_error_message(const rf_result* result, size_t i) {
  const auto* e = error_at(result, i, "rf_result_error_message");
  return e ? e->message.c_str() : nullptr;
}

const char* rf_result_json(const rf_result* result) {
  return guarded_get<const char*>(nullptr, [&]() -> const char* {
    if (!result) return null_handle("result", "rf_result_json"), nullptr;
    if (!result->json_ready) {
      result->json.clear();
      result->r.write_json(result->json);
      result->json_ready = true;
    }
    return result->json.c_str();
  });
}

}  // extern "C"
