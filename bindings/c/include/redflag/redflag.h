/*
 * redflag.h: the C ABI of redflag (C99). Red-flag triage rules: load a rule file, evaluate a
 * patient's answers, get an urgency level with the rationale behind it.
 *
 * Conventions (see docs/c-api.md):
 * - Opaque handles: rf_ruleset, rf_answers, rf_result. Each has a NULL-safe _free.
 * - Functions that can fail return an int status (RF_OK = 0, or a negative RF_E* code) and give
 *   their product through an out-parameter, which comes first. On failure the out-parameter is
 *   set to NULL and rf_error_last() describes the problem (with a file, line and column for
 *   rule-file errors).
 * - Getters return a value directly. Given a NULL handle or an index out of range they return
 *   NULL (strings), 0 or -1 (numbers, as documented) and set rf_error_last().
 * - Strings are UTF-8. Returned strings are borrowed: they stay valid until the object that owns
 *   them is freed or, for an rf_result, until the next evaluation into it.
 * - No function throws, aborts or writes to stdout/stderr. A loaded rf_ruleset is immutable and
 *   may be used from any number of threads at once; rf_answers and rf_result must not be shared
 *   between threads without locking. rf_error_last() is thread-local.
 */
#ifndef REDFLAG_H
#define REDFLAG_H

#include <stddef.h>

/* The version these declarations belong to; rf_version() gives the library's own. */
#define RF_VERSION_MAJOR 0
#define RF_VERSION_MINOR 1
#define RF_VERSION_PATCH 0
#define RF_VERSION_STRING "0.1.0"

#if defined(_WIN32) && defined(RF_SHARED)
#if defined(RF_BUILDING)
#define RF_API __declspec(dllexport)
#else
#define RF_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define RF_API __attribute__((visibility("default")))
#else
#define RF_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes ------------------------------------------------------------------------ */

enum {
  RF_OK = 0,
  RF_ERROR = -1,    /* an unexpected internal error (please report it) */
  RF_EINVALID = -2, /* a NULL handle or string, invalid UTF-8, an index out of range */
  RF_ELOAD = -3,    /* the rule file has errors (see rf_diagnostics) */
  RF_EIO = -4,      /* a file could not be read */
  RF_EANSWER = -5,  /* an answer was rejected: unknown question, wrong type, out of range... */
  RF_ENOMEM = -6    /* out of memory */
};

/* ---- errors ------------------------------------------------------------------------------- */

/* The last error of the calling thread. */
typedef struct rf_error {
  int code;            /* one of the RF_E* codes; RF_OK when there has been no error */
  const char* message; /* never NULL ("" when there is no error) */
  const char* file;    /* the rule file, for RF_ELOAD and RF_EIO; else "" */
  unsigned line;       /* 1-based position in `file` of the first error; 0 when none */
  unsigned column;
} rf_error;

/* Never NULL. Valid until the next rf_* call on this thread that fails, or rf_error_clear(). */
RF_API const rf_error* rf_error_last(void);
RF_API void rf_error_clear(void);

/* ---- version ------------------------------------------------------------------------------ */

/* The library's version, e.g. "0.1.0" (compare with RF_VERSION_STRING to detect a mismatch). */
RF_API const char* rf_version(void);
RF_API void rf_version_numbers(int* major, int* minor, int* patch);

/* ---- handles ------------------------------------------------------------------------------ */

typedef struct rf_ruleset rf_ruleset;
typedef struct rf_diagnostics rf_diagnostics;
typedef struct rf_answers rf_answers;
typedef struct rf_result rf_result;

/* ---- loading a rule set ------------------------------------------------------------------- */

/*
 * Loads a rule file (and the files it `use`s). On success *out is a new rule set (free it with
 * rf_ruleset_free). On failure *out is NULL and the status is RF_ELOAD or RF_EIO.
 * `diagnostics` may be NULL; otherwise *diagnostics receives every error and warning of the load
 * (also on success, for warnings); free it with rf_diagnostics_free.
 */
RF_API int rf_ruleset_load_file(rf_ruleset** out, const char* path, rf_diagnostics** diagnostics);

/* The same from text: `length` bytes of `text` (need not be NUL-terminated); `source_name`
 * names it in diagnostics and anchors relative `use` paths (may be NULL: "<string>"). */
RF_API int rf_ruleset_load_string(rf_ruleset** out, const char* text, size_t length,
                                  const char* source_name, rf_diagnostics** diagnostics);

RF_API void rf_ruleset_free(rf_ruleset* ruleset);

/* ---- load options ------------------------------------------------------------------------- */

/*
 * Options for rf_ruleset_load_file_ext and rf_ruleset_load_string_ext. Initialize with
 * RF_LOAD_OPTIONS_INIT or rf_load_options_init(), then set the fields you need. `version` says
 * which fields the caller's struct has: a later release appends fields and bumps
 * RF_LOAD_OPTIONS_VERSION, and keeps reading the structs of earlier versions as they were.
 */
#define RF_LOAD_OPTIONS_VERSION 1

typedef struct rf_load_options {
  unsigned int version; /* RF_LOAD_OPTIONS_VERSION */

  /* Limits; 0 keeps the default. A limit exceeded is a load error (RF_ELOAD) with the
   * diagnostic code "limit-exceeded" at the place it was exceeded. */
  size_t max_source_bytes;  /* bytes per file (default 4 MiB) */
  size_t max_nesting_depth; /* nesting of brackets, `not` and unary minus (default 64) */
  size_t max_rules;         /* rules, the `on missing` rule included (default 10000) */
  size_t max_questions;     /* questions, of every file (default 10000) */
  size_t max_use_depth;     /* files in a chain of `use` (default 16) */
  size_t max_string_bytes;  /* bytes of one string literal (default 4096) */

  /* Non-zero: rf_ruleset_load_file_ext also loads NAME.test.rf beside NAME.rf when it exists
   * (ignored by rf_ruleset_load_string_ext). */
  int load_tests;

  /* Parameter overrides: parameter_count pairs of `param` id and value (parallel arrays; NULL
   * when parameter_count is 0). An id the rule set does not declare is a load error (RF_ELOAD,
   * diagnostic code "unknown-name"); an id that is NULL, not UTF-8 or given twice, or a value
   * that is NaN, is RF_EINVALID. rf_ruleset_parameter_value() shows the value in effect. */
  const char* const* parameter_ids;
  const double* parameter_values;
  size_t parameter_count;
} rf_load_options;

#define RF_LOAD_OPTIONS_INIT \
  { RF_LOAD_OPTIONS_VERSION, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, 0 }

/* Sets *opts to the defaults of `version` (pass RF_LOAD_OPTIONS_VERSION). RF_EINVALID for a NULL
 * opts or a version this library does not know. */
RF_API int rf_load_options_init(rf_load_options* opts, unsigned int version);

/* rf_ruleset_load_file and rf_ruleset_load_string with options (NULL: the defaults, as the
 * functions without _ext). An opts whose version this library does not know is RF_EINVALID. */
RF_API int rf_ruleset_load_file_ext(rf_ruleset** out, const char* path, const rf_load_options* opts,
                                    rf_diagnostics** diagnostics);
RF_API int rf_ruleset_load_string_ext(rf_ruleset** out, const char* text, size_t length,
                                      const char* source_name, const rf_load_options* opts,
                                      rf_diagnostics** diagnostics);

/* Diagnostics of a load, in file order. Severity: 0 error, 1 warning (-1 for a bad index). */
RF_API size_t rf_diagnostics_count(const rf_diagnostics* diagnostics);
RF_API int rf_diagnostics_severity(const rf_diagnostics* diagnostics, size_t i);
RF_API const char* rf_diagnostics_code(const rf_diagnostics* diagnostics, size_t i);
RF_API const char* rf_diagnostics_message(const rf_diagnostics* diagnostics, size_t i);
RF_API const char* rf_diagnostics_file(const rf_diagnostics* diagnostics, size_t i);
RF_API unsigned rf_diagnostics_line(const rf_diagnostics* diagnostics, size_t i);
RF_API unsigned rf_diagnostics_column(const rf_diagnostics* diagnostics, size_t i);
/* "file:line:col: error[code]: message", the source line and a caret, for every diagnostic. */
RF_API const char* rf_diagnostics_formatted(const rf_diagnostics* diagnostics);
RF_API void rf_diagnostics_free(rf_diagnostics* diagnostics);

/* ---- what a rule set declares (to build a form from) --------------------------------------- */

enum { RF_BOOLEAN = 0, RF_CHOICE = 1, RF_INTEGER = 2, RF_NUMBER = 3, RF_TEXT = 4 };

RF_API const char* rf_ruleset_id(const rf_ruleset* ruleset);
RF_API const char* rf_ruleset_version(const rf_ruleset* ruleset);
RF_API const char* rf_ruleset_title(const rf_ruleset* ruleset);
/* "sha256:" and 64 hex digits: the hash of the rule files (line endings normalised) and of any
 * parameter override, which names the rules behind a result (docs/provenance.md). */
RF_API const char* rf_ruleset_content_hash(const rf_ruleset* ruleset);

/* Who the rule set is for (`scope`): "" when the rule file declares no scope. What it does not
 * assess: one sentence per exclusion. Source: "" when none is given. */
RF_API const char* rf_ruleset_scope(const rf_ruleset* ruleset);
RF_API size_t rf_ruleset_scope_exclusion_count(const rf_ruleset* ruleset);
RF_API const char* rf_ruleset_scope_exclusion(const rf_ruleset* ruleset, size_t i);
RF_API const char* rf_ruleset_scope_source(const rf_ruleset* ruleset);

/* Levels, lowest first. Indicator: "info", "warning" or "critical". */
RF_API size_t rf_ruleset_level_count(const rf_ruleset* ruleset);
RF_API const char* rf_ruleset_level_id(const rf_ruleset* ruleset, size_t level);
RF_API const char* rf_ruleset_level_advice(const rf_ruleset* ruleset, size_t level);
RF_API const char* rf_ruleset_level_indicator(const rf_ruleset* ruleset, size_t level);

/* Questions, in declaration order. Type: RF_BOOLEAN..RF_TEXT, or -1 for a bad index.
 * Required: 1 or 0 (also 0 for a bad index). Unit: "" when none is declared. */
RF_API size_t rf_ruleset_question_count(const rf_ruleset* ruleset);
RF_API const char* rf_ruleset_question_id(const rf_ruleset* ruleset, size_t question);
RF_API int rf_ruleset_question_type(const rf_ruleset* ruleset, size_t question);
RF_API const char* rf_ruleset_question_prompt(const rf_ruleset* ruleset, size_t question);
RF_API int rf_ruleset_question_required(const rf_ruleset* ruleset, size_t question);
RF_API const char* rf_ruleset_question_unit(const rf_ruleset* ruleset, size_t question);
/* 1 and the bounds when the question declares a range; 0 when it does not (or bad input).
 * A bound the range leaves open is -HUGE_VAL or HUGE_VAL; min and max may be NULL. */
RF_API int rf_ruleset_question_range(const rf_ruleset* ruleset, size_t question, double* min,
                                     double* max);
RF_API size_t rf_ruleset_option_count(const rf_ruleset* ruleset, size_t question);
RF_API const char* rf_ruleset_option_id(const rf_ruleset* ruleset, size_t question, size_t option);
RF_API const char* rf_ruleset_option_label(const rf_ruleset* ruleset, size_t question,
                                           size_t option);

/* Parameters (`param`): named thresholds, in declaration order, with the value in effect (an
 * rf_load_options override applied). Value: NaN for a bad index (a parameter is never NaN).
 * Description: "" when none is declared. */
RF_API size_t rf_ruleset_parameter_count(const rf_ruleset* ruleset);
RF_API const char* rf_ruleset_parameter_id(const rf_ruleset* ruleset, size_t parameter);
RF_API double rf_ruleset_parameter_value(const rf_ruleset* ruleset, size_t parameter);
RF_API const char* rf_ruleset_parameter_description(const rf_ruleset* ruleset, size_t parameter);

/* All of the above as one JSON document (see docs/c-api.md). Owned by the rule set. */
RF_API const char* rf_ruleset_json(const rf_ruleset* ruleset);

/* ---- answers ------------------------------------------------------------------------------ */

/* A set of answers bound to one rule set (which must outlive it). */
RF_API int rf_answers_new(rf_answers** out, const rf_ruleset* ruleset);
RF_API void rf_answers_free(rf_answers* answers);
/* Forgets every answer and every recorded error, keeping the storage. */
RF_API int rf_answers_clear(rf_answers* answers);

/*
 * Each setter checks the answer against the question's declared type, range and options and
 * returns RF_OK, or RF_EANSWER with rf_error_last() naming the question and the reason (an
 * unknown question id, a wrong type, a value out of range, an undeclared option). A rejected
 * answer leaves the question unanswered and is recorded: an evaluation of these answers is then
 * an error result (no level), never a lower urgency. rf_answers_clear() forgets it.
 * A NULL handle or string, or a string that is not UTF-8, gives RF_EINVALID (not recorded).
 * rf_answers_set_choice on a text question, or rf_answers_set_text on a choice question, is a
 * wrong type.
 */
RF_API int rf_answers_set_boolean(rf_answers* answers, const char* question, int value);
RF_API int rf_answers_set_integer(rf_answers* answers, const char* question, long long value);
RF_API int rf_answers_set_number(rf_answers* answers, const char* question, double value);
RF_API int rf_answers_set_choice(rf_answers* answers, const char* question, const char* option);
RF_API int rf_answers_set_text(rf_answers* answers, const char* question, const char* text);
/* Marks a question unanswered again. */
RF_API int rf_answers_unset(rf_answers* answers, const char* question);

/* ---- evaluation --------------------------------------------------------------------------- */

/* Flags for rf_evaluate*. */
enum { RF_EXPLAIN = 1 }; /* also record why rules above the result level did not fire */

/* A result to evaluate into; reuse it to avoid allocation. */
RF_API int rf_result_new(rf_result** out);
RF_API void rf_result_free(rf_result* result);

/*
 * Evaluates `answers` (bound to `ruleset`) into `result`. Returns RF_OK when the result has a
 * level, RF_EANSWER when the answers had errors (the result is then an error result: no level,
 * the errors listed), RF_EINVALID for NULL arguments or answers bound to another rule set
 * (the result is then an error result too: no level).
 */
RF_API int rf_evaluate(rf_result* result, const rf_ruleset* ruleset, const rf_answers* answers,
                       unsigned flags);

/* The same from a JSON object {"question_id": value, ...} of `length` bytes (need not be
 * NUL-terminated). Invalid JSON is an error result (error code "invalid-json"), RF_EANSWER. */
RF_API int rf_evaluate_json(rf_result* result, const rf_ruleset* ruleset, const char* json,
                            size_t length, unsigned flags);

/* ---- results ------------------------------------------------------------------------------ */

/* 1 when the result has a level (the answers had no errors), else 0. */
RF_API int rf_result_ok(const rf_result* result);
/* The level id, advice and indicator; NULL for an error result. */
RF_API const char* rf_result_level(const rf_result* result);
/* The level's rank (0 = lowest), or -1 for an error result. */
RF_API int rf_result_level_rank(const rf_result* result);
RF_API const char* rf_result_advice(const rf_result* result);
RF_API const char* rf_result_indicator(const rf_result* result);
/* The advice items of the result's level, in declaration order: a list to show the patient
 * (0 items for an error result). Source: "" when none is given. */
RF_API size_t rf_result_advice_item_count(const rf_result* result);
RF_API const char* rf_result_advice_item_id(const rf_result* result, size_t i);
RF_API const char* rf_result_advice_item_text(const rf_result* result, size_t i);
RF_API const char* rf_result_advice_item_source(const rf_result* result, size_t i);
/* 1 when no unanswered question could raise the level, else 0. */
RF_API int rf_result_complete(const rf_result* result);

/* Fired rules, with the answers that made each one true (values as JSON text: true, 42,
 * "both_legs", null). */
RF_API size_t rf_result_fired_count(const rf_result* result);
RF_API const char* rf_result_fired_id(const rf_result* result, size_t i);
RF_API const char* rf_result_fired_title(const rf_result* result, size_t i);
RF_API const char* rf_result_fired_level(const rf_result* result, size_t i);
RF_API const char* rf_result_fired_because(const rf_result* result, size_t i);
RF_API const char* rf_result_fired_source(const rf_result* result, size_t i);
RF_API size_t rf_result_fired_evidence_count(const rf_result* result, size_t i);
RF_API const char* rf_result_fired_evidence_question(const rf_result* result, size_t i, size_t j);
RF_API const char* rf_result_fired_evidence_value(const rf_result* result, size_t i, size_t j);

/* Unresolved rules (above the level, condition unknown) and the questions they still need. */
RF_API size_t rf_result_unresolved_count(const rf_result* result);
RF_API const char* rf_result_unresolved_id(const rf_result* result, size_t i);
RF_API const char* rf_result_unresolved_level(const rf_result* result, size_t i);
RF_API size_t rf_result_unresolved_missing_count(const rf_result* result, size_t i);
RF_API const char* rf_result_unresolved_missing(const rf_result* result, size_t i, size_t j);

/* Derived values (`let`), values as JSON text ("null" when unknown). */
RF_API size_t rf_result_value_count(const rf_result* result);
RF_API const char* rf_result_value_name(const rf_result* result, size_t i);
RF_API const char* rf_result_value(const rf_result* result, size_t i);

/* Rejected answers. */
RF_API size_t rf_result_error_count(const rf_result* result);
RF_API const char* rf_result_error_question(const rf_result* result, size_t i);
RF_API const char* rf_result_error_code(const rf_result* result, size_t i);
RF_API const char* rf_result_error_message(const rf_result* result, size_t i);

/* The whole result as JSON (docs/result-json.md). */
RF_API const char* rf_result_json(const rf_result* result);

#ifdef __cplusplus
}
#endif

#endif /* REDFLAG_H */
