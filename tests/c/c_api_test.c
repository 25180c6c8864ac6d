/*
 * c_api_test.c: every function of redflag.h, with its error paths, from pure C99
 * (-std=c99 -pedantic -Werror). Run from the repository root (it reads
 * tests/fixtures/rules/low_back_pain.rf).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "redflag/redflag.h"

static int passed = 0;
static int failed = 0;

#define CHECK(expr)                                                            \
  do {                                                                         \
    if (expr) {                                                                \
      ++passed;                                                                \
    } else {                                                                   \
      ++failed;                                                                \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #expr); \
    }                                                                          \
  } while (0)

/* Strings equal, both non-NULL. */
static int str_eq(const char* a, const char* b) {
  return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int starts_with(const char* s, const char* prefix) {
  return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int contains(const char* s, const char* part) {
  return s != NULL && strstr(s, part) != NULL;
}

/* The last error has `code` and a message containing `part`. */
static int last_error_is(int code, const char* part) {
  const rf_error* e = rf_error_last();
  if (e->code != code || !contains(e->message, part)) {
    fprintf(stderr, "  last error: code %d, message \"%s\"\n", e->code, e->message);
    return 0;
  }
  return 1;
}

/* Every evidence and derived value text of `r` appears as `"id":text` in rf_result_json: the
 * getters and the JSON write values alike. */
static int values_agree_with_json(const rf_result* r) {
  char pair[256];
  const char* json = rf_result_json(r);
  size_t i, j;
  int ok = 1;
  for (i = 0; i < rf_result_fired_count(r); ++i) {
    for (j = 0; j < rf_result_fired_evidence_count(r, i); ++j) {
      sprintf(pair, "\"%.100s\":%.100s", rf_result_fired_evidence_question(r, i, j),
              rf_result_fired_evidence_value(r, i, j));
      if (!contains(json, pair)) ok = 0, fprintf(stderr, "  not in the JSON: %s\n", pair);
    }
  }
  for (i = 0; i < rf_result_value_count(r); ++i) {
    sprintf(pair, "\"%.100s\":%.100s", rf_result_value_name(r, i), rf_result_value(r, i));
    if (!contains(json, pair)) ok = 0, fprintf(stderr, "  not in the JSON: %s\n", pair);
  }
  return ok;
}

/* A small rule set with a question of every type. */
static const char mini_rules[] =
    "ruleset mini \"Mini rule set\"\n"
    "version \"2.3.4\"\n"
    "levels {\n"
    "  low \"Stay at home\" indicator info\n"
    "  high \"See a doctor today\" indicator critical\n"
    "}\n"
    "default low\n"
    "question fever: boolean required \"Fever?\"\n"
    "question temp: number 30..45 unit \"Cel\" \"Temperature\"\n"
    "question kind: choice { dry \"Dry cough\", wet \"Wet cough\" } \"Cough\"\n"
    "question note: text \"Anything else?\"\n"
    "question age: integer 0..120 \"Age\"\n"
    "let hot = temp >= 39\n"
    "rule hot_fever \"Hot fever\" -> high\n"
    "  when fever and hot\n"
    "  because \"A high fever needs a doctor\"\n"
    "  source \"Common sense\"\n";

/* The same with an error on line 3: an undeclared level. */
static const char broken_rules[] =
    "ruleset broken \"Broken\"\n"
    "version \"1.0.0\"\n"
    "levels { low \"Low\" indicator info }\n"
    "default low\n"
    "question q: boolean \"Q?\"\n"
    "rule r \"R\" -> nowhere\n"
    "  when q\n"
    "  because \"b\"\n";

static void test_version(void) {
  int major = -1, minor = -1, patch = -1;
  CHECK(str_eq(rf_version(), RF_VERSION_STRING));
  CHECK(str_eq(rf_version(), RF_EXPECTED_VERSION));
  rf_version_numbers(&major, &minor, &patch);
  CHECK(major == RF_VERSION_MAJOR && minor == RF_VERSION_MINOR && patch == RF_VERSION_PATCH);
  CHECK(major == RF_EXPECTED_MAJOR && minor == RF_EXPECTED_MINOR && patch == RF_EXPECTED_PATCH);
  rf_version_numbers(NULL, NULL, NULL); /* NULL-safe */
}

static void test_errors(void) {
  const rf_error* e;
  rf_error_clear();
  e = rf_error_last();
  CHECK(e != NULL);
  CHECK(e->code == RF_OK && str_eq(e->message, "") && str_eq(e->file, ""));
  CHECK(e->line == 0 && e->column == 0);
  CHECK(rf_ruleset_id(NULL) == NULL);
  CHECK(last_error_is(RF_EINVALID, "ruleset"));
  /* a successful call leaves the last error alone */
  CHECK(str_eq(rf_version(), RF_VERSION_STRING));
  CHECK(last_error_is(RF_EINVALID, "ruleset"));
  rf_error_clear();
  CHECK(rf_error_last()->code == RF_OK && str_eq(rf_error_last()->message, ""));
  CHECK(str_eq(rf_error_last()->file, "") && rf_error_last()->line == 0);
}

static void test_free_null(void) {
  rf_ruleset_free(NULL);
  rf_diagnostics_free(NULL);
  rf_answers_free(NULL);
  rf_result_free(NULL);
  CHECK(1);
}

static void test_load_errors(void) {
  rf_ruleset* rs = (rf_ruleset*)1;
  rf_diagnostics* diags = (rf_diagnostics*)1;
  const rf_error* e;
  size_t i;
  size_t errors = 0;

  /* NULL arguments */
  CHECK(rf_ruleset_load_file(NULL, "tests/fixtures/rules/low_back_pain.rf", NULL) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "out"));
  CHECK(rf_ruleset_load_file(&rs, NULL, &diags) == RF_EINVALID);
  CHECK(rs == NULL && diags == NULL);
  CHECK(last_error_is(RF_EINVALID, "path"));
  rs = (rf_ruleset*)1;
  CHECK(rf_ruleset_load_string(&rs, NULL, 3, "x.rf", NULL) == RF_EINVALID);
  CHECK(rs == NULL);
  CHECK(last_error_is(RF_EINVALID, "text"));
  CHECK(rf_ruleset_load_string(NULL, mini_rules, sizeof mini_rules - 1, NULL, NULL) == RF_EINVALID);

  /* non-UTF-8 */
  CHECK(rf_ruleset_load_file(&rs, "rules/\xff\xfe.rf", NULL) == RF_EINVALID);
  CHECK(rs == NULL);
  CHECK(last_error_is(RF_EINVALID, "UTF-8"));
  CHECK(rf_ruleset_load_string(&rs, "ruleset x \"\xff\xfe\"\n", 16, "bad.rf", NULL) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "UTF-8"));
  CHECK(str_eq(rf_error_last()->file, "bad.rf"));
  CHECK(rf_error_last()->line == 1 && rf_error_last()->column == 12);
  CHECK(rf_ruleset_load_string(&rs, mini_rules, sizeof mini_rules - 1, "\xc0\xaf", NULL) ==
        RF_EINVALID); /* an overlong '/' */
  CHECK(last_error_is(RF_EINVALID, "source_name"));

  /* an unreadable file */
  diags = NULL;
  CHECK(rf_ruleset_load_file(&rs, "rules/no_such_file.rf", &diags) == RF_EIO);
  CHECK(rs == NULL);
  e = rf_error_last();
  CHECK(e->code == RF_EIO);
  CHECK(contains(e->file, "no_such_file.rf"));
  CHECK(strlen(e->message) > 0);
  CHECK(diags != NULL);
  CHECK(rf_diagnostics_count(diags) >= 1);
  CHECK(str_eq(rf_diagnostics_code(diags, 0), "read-failed"));
  rf_diagnostics_free(diags);

  /* a rule text with an error: line and column in rf_error_last and rf_diagnostics */
  diags = NULL;
  CHECK(rf_ruleset_load_string(&rs, broken_rules, sizeof broken_rules - 1, "broken.rf", &diags) ==
        RF_ELOAD);
  CHECK(rs == NULL);
  e = rf_error_last();
  CHECK(e->code == RF_ELOAD);
  CHECK(str_eq(e->file, "broken.rf"));
  CHECK(e->line == 6);
  CHECK(e->column > 1);
  CHECK(contains(e->message, "nowhere"));
  printf("load error: %s:%u:%u: %s\n", e->file, e->line, e->column, e->message);
  CHECK(diags != NULL);
  CHECK(rf_diagnostics_count(diags) >= 1);
  for (i = 0; i < rf_diagnostics_count(diags); ++i) {
    CHECK(rf_diagnostics_severity(diags, i) == 0 || rf_diagnostics_severity(diags, i) == 1);
    if (rf_diagnostics_severity(diags, i) == 0) ++errors;
    CHECK(rf_diagnostics_code(diags, i) != NULL && strlen(rf_diagnostics_code(diags, i)) > 0);
    CHECK(rf_diagnostics_message(diags, i) != NULL);
    CHECK(str_eq(rf_diagnostics_file(diags, i), "broken.rf"));
  }
  CHECK(errors >= 1);
  /* in file order: the warning (no source) at 6:6 comes before the error at 6:15 */
  CHECK(rf_diagnostics_count(diags) == 2);
  CHECK(rf_diagnostics_severity(diags, 0) == 1);
  CHECK(str_eq(rf_diagnostics_code(diags, 0), "missing-source"));
  CHECK(rf_diagnostics_severity(diags, 1) == 0);
  CHECK(str_eq(rf_diagnostics_code(diags, 1), "unknown-level"));
  CHECK(str_eq(rf_diagnostics_message(diags, 1), e->message));
  CHECK(rf_diagnostics_line(diags, 1) == e->line);
  CHECK(rf_diagnostics_column(diags, 1) == e->column);
  CHECK(e->column == 15);
  CHECK(starts_with(rf_diagnostics_formatted(diags), "broken.rf:6:"));
  CHECK(contains(rf_diagnostics_formatted(diags), "error["));
  CHECK(contains(rf_diagnostics_formatted(diags), "^"));
  printf("%s", rf_diagnostics_formatted(diags));

  /* diagnostics getters: bad index, NULL */
  CHECK(rf_diagnostics_severity(diags, 1000) == -1);
  CHECK(last_error_is(RF_EINVALID, "out of range"));
  CHECK(rf_diagnostics_code(diags, 1000) == NULL);
  CHECK(rf_diagnostics_message(diags, 1000) == NULL);
  CHECK(rf_diagnostics_file(diags, 1000) == NULL);
  CHECK(rf_diagnostics_line(diags, 1000) == 0);
  CHECK(rf_diagnostics_column(diags, 1000) == 0);
  CHECK(rf_diagnostics_count(NULL) == 0);
  CHECK(last_error_is(RF_EINVALID, "diagnostics"));
  CHECK(rf_diagnostics_severity(NULL, 0) == -1);
  CHECK(rf_diagnostics_code(NULL, 0) == NULL);
  CHECK(rf_diagnostics_message(NULL, 0) == NULL);
  CHECK(rf_diagnostics_file(NULL, 0) == NULL);
  CHECK(rf_diagnostics_line(NULL, 0) == 0);
  CHECK(rf_diagnostics_column(NULL, 0) == 0);
  CHECK(rf_diagnostics_formatted(NULL) == NULL);
  rf_diagnostics_free(diags);

  /* diagnostics may be NULL */
  CHECK(rf_ruleset_load_string(&rs, broken_rules, sizeof broken_rules - 1, NULL, NULL) == RF_ELOAD);
  CHECK(str_eq(rf_error_last()->file, "<string>"));
}

static void test_introspection(const rf_ruleset* rs) {
  size_t q, n;
  double min = 0, max = 0;
  int seen_types[5] = {0, 0, 0, 0, 0};
  const char* json;

  CHECK(str_eq(rf_ruleset_id(rs), "low_back_pain"));
  CHECK(str_eq(rf_ruleset_version(rs), "1.0.0"));
  CHECK(contains(rf_ruleset_title(rs), "low back pain"));

  /* levels, lowest first */
  CHECK(rf_ruleset_level_count(rs) == 5);
  CHECK(str_eq(rf_ruleset_level_id(rs, 0), "self_care"));
  CHECK(str_eq(rf_ruleset_level_id(rs, 4), "emergency"));
  CHECK(str_eq(rf_ruleset_level_indicator(rs, 0), "info"));
  CHECK(str_eq(rf_ruleset_level_indicator(rs, 2), "warning"));
  CHECK(str_eq(rf_ruleset_level_indicator(rs, 4), "critical"));
  CHECK(contains(rf_ruleset_level_advice(rs, 4), "A&E"));
  CHECK(rf_ruleset_level_id(rs, 5) == NULL);
  CHECK(last_error_is(RF_EINVALID, "level index 5 is out of range"));
  CHECK(rf_ruleset_level_advice(rs, 5) == NULL);
  CHECK(rf_ruleset_level_indicator(rs, 5) == NULL);

  /* questions */
  n = rf_ruleset_question_count(rs);
  CHECK(n > 30);
  for (q = 0; q < n; ++q) {
    int type = rf_ruleset_question_type(rs, q);
    CHECK(type >= RF_BOOLEAN && type <= RF_TEXT);
    if (type >= RF_BOOLEAN && type <= RF_TEXT) seen_types[type] = 1;
    CHECK(rf_ruleset_question_id(rs, q) != NULL);
    CHECK(rf_ruleset_question_prompt(rs, q) != NULL);
    CHECK(rf_ruleset_question_unit(rs, q) != NULL);
    CHECK(rf_ruleset_question_required(rs, q) == 0 || rf_ruleset_question_required(rs, q) == 1);
    if (type == RF_CHOICE) {
      CHECK(rf_ruleset_option_count(rs, q) >= 2);
    } else {
      CHECK(rf_ruleset_option_count(rs, q) == 0);
    }
    if (str_eq(rf_ruleset_question_id(rs, q), "age_years")) {
      CHECK(type == RF_INTEGER);
      CHECK(rf_ruleset_question_range(rs, q, &min, &max) == 1);
      CHECK(min == 16 && max == 120);
      CHECK(rf_ruleset_question_range(rs, q, NULL, NULL) == 1);
      CHECK(str_eq(rf_ruleset_question_unit(rs, q), "a"));
      CHECK(str_eq(rf_ruleset_question_prompt(rs, q), "How old are you?"));
      CHECK(rf_ruleset_question_required(rs, q) == 0);
    }
    if (str_eq(rf_ruleset_question_id(rs, q), "saddle_numbness")) {
      CHECK(type == RF_BOOLEAN);
      CHECK(rf_ruleset_question_required(rs, q) == 1);
      CHECK(rf_ruleset_question_range(rs, q, &min, &max) == 0);
    }
    if (str_eq(rf_ruleset_question_id(rs, q), "leg_pain")) {
      CHECK(type == RF_CHOICE);
      CHECK(rf_ruleset_option_count(rs, q) == 3);
      CHECK(str_eq(rf_ruleset_option_id(rs, q, 2), "both_legs"));
      CHECK(str_eq(rf_ruleset_option_label(rs, q, 2), "Into both legs"));
      CHECK(rf_ruleset_option_id(rs, q, 3) == NULL);
      CHECK(last_error_is(RF_EINVALID, "option index 3"));
      CHECK(rf_ruleset_option_label(rs, q, 3) == NULL);
    }
  }
  CHECK(seen_types[RF_BOOLEAN] && seen_types[RF_CHOICE] && seen_types[RF_INTEGER] &&
        seen_types[RF_NUMBER] && seen_types[RF_TEXT]);

  /* bad question index */
  CHECK(rf_ruleset_question_id(rs, n) == NULL);
  CHECK(last_error_is(RF_EINVALID, "question index"));
  CHECK(rf_ruleset_question_type(rs, n) == -1);
  CHECK(rf_ruleset_question_prompt(rs, n) == NULL);
  CHECK(rf_ruleset_question_required(rs, n) == 0);
  CHECK(rf_ruleset_question_unit(rs, n) == NULL);
  CHECK(rf_ruleset_question_range(rs, n, &min, &max) == 0);
  CHECK(rf_ruleset_option_count(rs, n) == 0);
  CHECK(rf_ruleset_option_id(rs, n, 0) == NULL);
  CHECK(rf_ruleset_option_label(rs, n, 0) == NULL);

  /* NULL rule set */
  rf_error_clear();
  CHECK(rf_ruleset_id(NULL) == NULL);
  CHECK(last_error_is(RF_EINVALID, "ruleset"));
  CHECK(rf_ruleset_version(NULL) == NULL);
  CHECK(rf_ruleset_title(NULL) == NULL);
  CHECK(rf_ruleset_level_count(NULL) == 0);
  CHECK(rf_ruleset_level_id(NULL, 0) == NULL);
  CHECK(rf_ruleset_level_advice(NULL, 0) == NULL);
  CHECK(rf_ruleset_level_indicator(NULL, 0) == NULL);
  CHECK(rf_ruleset_question_count(NULL) == 0);
  CHECK(rf_ruleset_question_id(NULL, 0) == NULL);
  CHECK(rf_ruleset_question_type(NULL, 0) == -1);
  CHECK(rf_ruleset_question_prompt(NULL, 0) == NULL);
  CHECK(rf_ruleset_question_required(NULL, 0) == 0);
  CHECK(rf_ruleset_question_unit(NULL, 0) == NULL);
  CHECK(rf_ruleset_question_range(NULL, 0, &min, &max) == 0);
  CHECK(rf_ruleset_option_count(NULL, 0) == 0);
  CHECK(rf_ruleset_option_id(NULL, 0, 0) == NULL);
  CHECK(rf_ruleset_option_label(NULL, 0, 0) == NULL);
  CHECK(rf_ruleset_json(NULL) == NULL);
  CHECK(last_error_is(RF_EINVALID, "ruleset"));

  json = rf_ruleset_json(rs);
  CHECK(json != NULL && json[0] == '{');
  CHECK(contains(json, "\"low_back_pain\""));
  CHECK(contains(json, "saddle_numbness"));
  CHECK(rf_ruleset_json(rs) == json); /* owned by the rule set, stable */
}

static void test_answers_errors(const rf_ruleset* rs) {
  rf_answers* a = (rf_answers*)1;

  CHECK(rf_answers_new(NULL, rs) == RF_EINVALID);
  CHECK(rf_answers_new(&a, NULL) == RF_EINVALID);
  CHECK(a == NULL);
  CHECK(last_error_is(RF_EINVALID, "ruleset"));
  CHECK(rf_answers_new(&a, rs) == RF_OK);
  CHECK(a != NULL);

  /* NULL handle and strings */
  CHECK(rf_answers_set_boolean(NULL, "saddle_numbness", 1) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "answers"));
  CHECK(rf_answers_set_boolean(a, NULL, 1) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "question"));
  CHECK(rf_answers_set_integer(NULL, "age_years", 40) == RF_EINVALID);
  CHECK(rf_answers_set_integer(a, NULL, 40) == RF_EINVALID);
  CHECK(rf_answers_set_number(NULL, "temperature_c", 37.0) == RF_EINVALID);
  CHECK(rf_answers_set_number(a, NULL, 37.0) == RF_EINVALID);
  CHECK(rf_answers_set_choice(NULL, "leg_pain", "none") == RF_EINVALID);
  CHECK(rf_answers_set_choice(a, NULL, "none") == RF_EINVALID);
  CHECK(rf_answers_set_choice(a, "leg_pain", NULL) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "option"));
  CHECK(rf_answers_set_text(NULL, "cancer_type", "x") == RF_EINVALID);
  CHECK(rf_answers_set_text(a, NULL, "x") == RF_EINVALID);
  CHECK(rf_answers_set_text(a, "cancer_type", NULL) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "text"));
  CHECK(rf_answers_unset(NULL, "age_years") == RF_EINVALID);
  CHECK(rf_answers_unset(a, NULL) == RF_EINVALID);
  CHECK(rf_answers_clear(NULL) == RF_EINVALID);

  /* non-UTF-8 */
  CHECK(rf_answers_set_boolean(a, "\xff\xfe", 1) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "UTF-8"));
  CHECK(rf_answers_set_choice(a, "leg_pain", "\xff\xfe") == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "UTF-8"));
  CHECK(rf_answers_set_text(a, "cancer_type", "\xed\xa0\x80") == RF_EINVALID);     /* surrogate */
  CHECK(rf_answers_set_text(a, "cancer_type", "abc\xe2\x82") == RF_EINVALID);      /* truncated */
  CHECK(rf_answers_set_text(a, "cancer_type", "\xf4\x90\x80\x80") == RF_EINVALID); /* >10FFFF */

  /* unknown question, wrong type, out of range, not an integer, undeclared option */
  CHECK(rf_answers_set_boolean(a, "no_such_question", 1) == RF_EANSWER);
  CHECK(last_error_is(RF_EANSWER, "no_such_question"));
  CHECK(rf_answers_set_integer(a, "saddle_numbness", 1) == RF_EANSWER);
  CHECK(last_error_is(RF_EANSWER, "saddle_numbness"));
  CHECK(rf_answers_set_boolean(a, "age_years", 1) == RF_EANSWER);
  CHECK(last_error_is(RF_EANSWER, "age_years"));
  CHECK(rf_answers_set_integer(a, "age_years", 200) == RF_EANSWER);
  CHECK(last_error_is(RF_EANSWER, "age_years"));
  CHECK(rf_answers_set_number(a, "age_years", 40.5) == RF_EANSWER);
  CHECK(rf_answers_set_number(a, "pain_duration_weeks", -1.0) == RF_EANSWER);
  CHECK(rf_answers_set_number(a, "pain_duration_weeks", HUGE_VAL) == RF_EANSWER);
  CHECK(rf_answers_set_choice(a, "leg_pain", "three_legs") == RF_EANSWER);
  CHECK(last_error_is(RF_EANSWER, "leg_pain"));
  CHECK(rf_answers_set_choice(a, "cancer_type", "breast") == RF_EANSWER); /* a text question */
  CHECK(last_error_is(RF_EANSWER, "cancer_type"));
  CHECK(rf_answers_set_text(a, "leg_pain", "both_legs") == RF_EANSWER); /* a choice question */
  CHECK(last_error_is(RF_EANSWER, "leg_pain"));
  CHECK(rf_answers_unset(a, "no_such_question") == RF_EANSWER);

  /* valid answers */
  CHECK(rf_answers_set_integer(a, "age_years", 40) == RF_OK);
  CHECK(rf_answers_set_number(a, "pain_duration_weeks", 2.5) == RF_OK);
  CHECK(rf_answers_set_choice(a, "leg_pain", "both_legs") == RF_OK);
  CHECK(rf_answers_set_text(a, "cancer_type", "caf\xc3\xa9 \"au lait\"") == RF_OK);
  CHECK(rf_answers_unset(a, "age_years") == RF_OK);
  CHECK(rf_answers_clear(a) == RF_OK);
  rf_answers_free(a);
}

static void test_evaluate(const rf_ruleset* rs) {
  rf_answers* a = NULL;
  rf_result* r = NULL;
  size_t i, j, n;
  int found = 0;

  CHECK(rf_result_new(NULL) == RF_EINVALID);
  CHECK(rf_result_new(&r) == RF_OK && r != NULL);
  CHECK(rf_answers_new(&a, rs) == RF_OK);

  /* a fresh result has no level */
  CHECK(rf_result_ok(r) == 0);
  CHECK(rf_result_level(r) == NULL);
  CHECK(rf_result_level_rank(r) == -1);
  CHECK(rf_result_fired_count(r) == 0);

  /* saddle numbness alone: emergency, suspected_ces, with its evidence */
  CHECK(rf_answers_set_boolean(a, "saddle_numbness", 1) == RF_OK);
  CHECK(rf_evaluate(r, rs, a, 0) == RF_OK);
  CHECK(rf_result_ok(r) == 1);
  CHECK(str_eq(rf_result_level(r), "emergency"));
  CHECK(rf_result_level_rank(r) == 4);
  CHECK(str_eq(rf_result_indicator(r), "critical"));
  CHECK(contains(rf_result_advice(r), "A&E"));
  printf("saddle_numbness = true: %s (%s)\n", rf_result_level(r), rf_result_indicator(r));
  n = rf_result_fired_count(r);
  CHECK(n >= 1);
  for (i = 0; i < n; ++i) {
    printf("  fired %s -> %s\n", rf_result_fired_id(r, i), rf_result_fired_level(r, i));
    if (!str_eq(rf_result_fired_id(r, i), "suspected_ces")) continue;
    found = 1;
    CHECK(str_eq(rf_result_fired_title(r, i), "Suspected cauda equina syndrome"));
    CHECK(str_eq(rf_result_fired_level(r, i), "emergency"));
    CHECK(starts_with(rf_result_fired_because(r, i), "Any new saddle"));
    CHECK(contains(rf_result_fired_source(r, i), "NICE"));
    CHECK(rf_result_fired_evidence_count(r, i) == 1);
    for (j = 0; j < rf_result_fired_evidence_count(r, i); ++j) {
      printf("    because %s = %s\n", rf_result_fired_evidence_question(r, i, j),
             rf_result_fired_evidence_value(r, i, j));
    }
    CHECK(str_eq(rf_result_fired_evidence_question(r, i, 0), "saddle_numbness"));
    CHECK(str_eq(rf_result_fired_evidence_value(r, i, 0), "true"));
    CHECK(rf_result_fired_evidence_question(r, i, 1) == NULL);
    CHECK(last_error_is(RF_EINVALID, "evidence index 1"));
    CHECK(rf_result_fired_evidence_value(r, i, 1) == NULL);
  }
  CHECK(found);
  /* fired: bad index */
  CHECK(rf_result_fired_id(r, n) == NULL);
  CHECK(last_error_is(RF_EINVALID, "fired rule index"));
  CHECK(rf_result_fired_title(r, n) == NULL);
  CHECK(rf_result_fired_level(r, n) == NULL);
  CHECK(rf_result_fired_because(r, n) == NULL);
  CHECK(rf_result_fired_source(r, n) == NULL);
  CHECK(rf_result_fired_evidence_count(r, n) == 0);
  CHECK(rf_result_fired_evidence_question(r, n, 0) == NULL);
  CHECK(rf_result_fired_evidence_value(r, n, 0) == NULL);

  /* derived values */
  n = rf_result_value_count(r);
  CHECK(n > 10);
  found = 0;
  for (i = 0; i < n; ++i) {
    CHECK(rf_result_value_name(r, i) != NULL);
    CHECK(rf_result_value(r, i) != NULL);
    if (str_eq(rf_result_value_name(r, i), "ces_features")) {
      found = 1;
      printf("  ces_features = %s\n", rf_result_value(r, i));
      /* 1 or more: not exactly known while 6 of its 7 features are unanswered */
      CHECK(str_eq(rf_result_value(r, i), "null"));
    }
    if (str_eq(rf_result_value_name(r, i), "age_over_50")) {
      CHECK(str_eq(rf_result_value(r, i), "null")); /* age unanswered: unknown */
    }
  }
  CHECK(found);
  CHECK(rf_result_value_name(r, n) == NULL);
  CHECK(last_error_is(RF_EINVALID, "value index"));
  CHECK(rf_result_value(r, n) == NULL);

  /* unresolved rules: none above emergency, so complete */
  CHECK(rf_result_unresolved_count(r) == 0);
  CHECK(rf_result_complete(r) == 1);
  CHECK(rf_result_unresolved_id(r, 0) == NULL);
  CHECK(last_error_is(RF_EINVALID, "unresolved rule index"));
  CHECK(rf_result_unresolved_level(r, 0) == NULL);
  CHECK(rf_result_unresolved_missing_count(r, 0) == 0);
  CHECK(rf_result_unresolved_missing(r, 0, 0) == NULL);
  CHECK(rf_result_error_count(r) == 0);
  CHECK(starts_with(rf_result_json(r), "{"));
  CHECK(contains(rf_result_json(r), "suspected_ces"));
  CHECK(values_agree_with_json(r));

  /* result reuse: all CES questions "no", back pain with one-sided sciatica */
  CHECK(rf_answers_clear(a) == RF_OK);
  CHECK(rf_answers_set_boolean(a, "saddle_numbness", 0) == RF_OK);
  CHECK(rf_answers_set_boolean(a, "urinary_retention", 0) == RF_OK);
  CHECK(rf_answers_set_boolean(a, "bladder_change_new", 0) == RF_OK);
  CHECK(rf_answers_set_boolean(a, "urinary_incontinence_new", 0) == RF_OK);
  CHECK(rf_answers_set_boolean(a, "bowel_incontinence_new", 0) == RF_OK);
  CHECK(rf_answers_set_boolean(a, "sexual_dysfunction_new", 0) == RF_OK);
  CHECK(rf_answers_set_choice(a, "leg_pain", "one_leg") == RF_OK);
  CHECK(rf_answers_set_boolean(a, "leg_pain_below_knee", 1) == RF_OK);
  CHECK(rf_evaluate(r, rs, a, RF_EXPLAIN) == RF_OK);
  CHECK(rf_result_ok(r) == 1);
  CHECK(rf_result_level(r) != NULL && !str_eq(rf_result_level(r), "emergency"));
  CHECK(rf_result_level_rank(r) >= 0 && rf_result_level_rank(r) < 4);
  printf("one-sided sciatica: %s, %u unresolved\n", rf_result_level(r),
         (unsigned)rf_result_unresolved_count(r));
  found = 0;
  for (i = 0; i < rf_result_fired_count(r); ++i) {
    if (str_eq(rf_result_fired_id(r, i), "suspected_ces")) found = 1;
  }
  CHECK(!found);
  /* many questions unanswered: something above could still fire */
  n = rf_result_unresolved_count(r);
  CHECK(n >= 1);
  CHECK(rf_result_complete(r) == 0);
  for (i = 0; i < n; ++i) {
    CHECK(rf_result_unresolved_id(r, i) != NULL);
    CHECK(rf_result_unresolved_level(r, i) != NULL);
    CHECK(rf_result_unresolved_missing_count(r, i) >= 1);
    for (j = 0; j < rf_result_unresolved_missing_count(r, i); ++j) {
      CHECK(rf_result_unresolved_missing(r, i, j) != NULL);
    }
    CHECK(rf_result_unresolved_missing(r, i, rf_result_unresolved_missing_count(r, i)) == NULL);
    CHECK(last_error_is(RF_EINVALID, "missing question index"));
  }
  if (n >= 1) {
    printf("  e.g. %s (%s) needs %s\n", rf_result_unresolved_id(r, 0),
           rf_result_unresolved_level(r, 0), rf_result_unresolved_missing(r, 0, 0));
  }

  /* an error result: a rejected answer means no level, never a lower urgency */
  CHECK(rf_answers_set_integer(a, "age_years", 7) == RF_EANSWER);
  CHECK(rf_evaluate(r, rs, a, 0) == RF_EANSWER);
  CHECK(last_error_is(RF_EANSWER, "age_years"));
  CHECK(rf_result_ok(r) == 0);
  CHECK(rf_result_level(r) == NULL);
  CHECK(rf_result_level_rank(r) == -1);
  CHECK(rf_result_advice(r) == NULL);
  CHECK(rf_result_indicator(r) == NULL);
  CHECK(rf_result_complete(r) == 0);
  CHECK(rf_result_error_count(r) == 1);
  CHECK(str_eq(rf_result_error_question(r, 0), "age_years"));
  CHECK(str_eq(rf_result_error_code(r, 0), "out-of-range"));
  CHECK(contains(rf_result_error_message(r, 0), "age_years"));
  printf("error result: %s: %s\n", rf_result_error_code(r, 0), rf_result_error_message(r, 0));
  CHECK(rf_result_error_question(r, 1) == NULL);
  CHECK(last_error_is(RF_EINVALID, "error index"));
  CHECK(rf_result_error_code(r, 1) == NULL);
  CHECK(rf_result_error_message(r, 1) == NULL);
  CHECK(contains(rf_result_json(r), "out-of-range"));

  /* clear() forgets the error */
  CHECK(rf_answers_clear(a) == RF_OK);
  CHECK(rf_evaluate(r, rs, a, 0) == RF_OK);
  CHECK(rf_result_ok(r) == 1 && rf_result_error_count(r) == 0);
  /* unanswered required questions escalate through the missing-data policy */
  CHECK(str_eq(rf_result_level(r), "urgent"));

  /* rf_evaluate: bad arguments */
  CHECK(rf_evaluate(NULL, rs, a, 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "result"));
  CHECK(rf_evaluate(r, NULL, a, 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "ruleset"));
  CHECK(rf_result_level(r) == NULL && rf_result_ok(r) == 0); /* not a stale level */
  CHECK(rf_evaluate(r, rs, NULL, 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "answers"));

  /* NULL result getters */
  rf_error_clear();
  CHECK(rf_result_ok(NULL) == 0);
  CHECK(last_error_is(RF_EINVALID, "result"));
  CHECK(rf_result_level(NULL) == NULL);
  CHECK(rf_result_level_rank(NULL) == -1);
  CHECK(rf_result_advice(NULL) == NULL);
  CHECK(rf_result_indicator(NULL) == NULL);
  CHECK(rf_result_complete(NULL) == 0);
  CHECK(rf_result_fired_count(NULL) == 0);
  CHECK(rf_result_fired_id(NULL, 0) == NULL);
  CHECK(rf_result_fired_title(NULL, 0) == NULL);
  CHECK(rf_result_fired_level(NULL, 0) == NULL);
  CHECK(rf_result_fired_because(NULL, 0) == NULL);
  CHECK(rf_result_fired_source(NULL, 0) == NULL);
  CHECK(rf_result_fired_evidence_count(NULL, 0) == 0);
  CHECK(rf_result_fired_evidence_question(NULL, 0, 0) == NULL);
  CHECK(rf_result_fired_evidence_value(NULL, 0, 0) == NULL);
  CHECK(rf_result_unresolved_count(NULL) == 0);
  CHECK(rf_result_unresolved_id(NULL, 0) == NULL);
  CHECK(rf_result_unresolved_level(NULL, 0) == NULL);
  CHECK(rf_result_unresolved_missing_count(NULL, 0) == 0);
  CHECK(rf_result_unresolved_missing(NULL, 0, 0) == NULL);
  CHECK(rf_result_value_count(NULL) == 0);
  CHECK(rf_result_value_name(NULL, 0) == NULL);
  CHECK(rf_result_value(NULL, 0) == NULL);
  CHECK(rf_result_error_count(NULL) == 0);
  CHECK(rf_result_error_question(NULL, 0) == NULL);
  CHECK(rf_result_error_code(NULL, 0) == NULL);
  CHECK(rf_result_error_message(NULL, 0) == NULL);
  CHECK(rf_result_json(NULL) == NULL);
  CHECK(last_error_is(RF_EINVALID, "result"));

  rf_answers_free(a);
  rf_result_free(r);
}

static void test_evaluate_json(const rf_ruleset* rs) {
  rf_result* r = NULL;
  static const char good[] =
      "{\"saddle_numbness\": true, \"age_years\": 44, \"leg_pain\": \"both_legs\"}";
  static const char bad[] = "{\"age_years\": \"old\", \"no_such_question\": 1}";
  static const char broken[] = "{\"age_years\": ";
  static const char numbers[] =
      "{\"fever\": true, \"temperature_c\": 38.25, \"age_years\": 120, "
      "\"pain_duration_weeks\": 0.1, \"pain_severity_nrs\": 10}";
  const char* first_json;
  size_t i;
  int found = 0;

  CHECK(rf_result_new(&r) == RF_OK);
  CHECK(rf_evaluate_json(r, rs, good, strlen(good), 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "emergency"));
  for (i = 0; i < rf_result_fired_count(r); ++i) {
    size_t j;
    if (!str_eq(rf_result_fired_id(r, i), "suspected_ces")) continue;
    found = 1;
    CHECK(rf_result_fired_evidence_count(r, i) == 2);
    for (j = 0; j < rf_result_fired_evidence_count(r, i); ++j) {
      const char* q = rf_result_fired_evidence_question(r, i, j);
      const char* v = rf_result_fired_evidence_value(r, i, j);
      CHECK((str_eq(q, "saddle_numbness") && str_eq(v, "true")) ||
            (str_eq(q, "leg_pain") && str_eq(v, "\"both_legs\"")));
    }
  }
  CHECK(found);
  first_json = rf_result_json(r);
  CHECK(starts_with(first_json, "{") && contains(first_json, "emergency"));
  CHECK(values_agree_with_json(r));
  /* numbers with and without a fraction */
  CHECK(rf_evaluate_json(r, rs, numbers, strlen(numbers), 0) == RF_OK);
  CHECK(values_agree_with_json(r));

  /* a length shorter than the buffer: only that much is read */
  CHECK(rf_evaluate_json(r, rs, "{}garbage", 2, 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "urgent")); /* required questions unanswered */

  /* reuse, the same rule set, errors: every bad key reported */
  CHECK(rf_evaluate_json(r, rs, bad, strlen(bad), 0) == RF_EANSWER);
  CHECK(last_error_is(RF_EANSWER, "and 1 more error"));
  CHECK(rf_result_ok(r) == 0 && rf_result_level(r) == NULL && rf_result_level_rank(r) == -1);
  CHECK(rf_result_error_count(r) == 2);
  for (i = 0; i < rf_result_error_count(r); ++i) {
    printf("json error %s: %s\n", rf_result_error_code(r, i), rf_result_error_message(r, i));
  }
  CHECK(rf_evaluate_json(r, rs, broken, strlen(broken), 0) == RF_EANSWER);
  CHECK(rf_result_error_count(r) >= 1 && str_eq(rf_result_error_code(r, 0), "invalid-json"));

  /* bad arguments */
  CHECK(rf_evaluate_json(NULL, rs, good, strlen(good), 0) == RF_EINVALID);
  CHECK(rf_evaluate_json(r, NULL, good, strlen(good), 0) == RF_EINVALID);
  CHECK(rf_evaluate_json(r, rs, NULL, 3, 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "json"));
  CHECK(rf_evaluate_json(r, rs, "{\"\xff\xfe\": true}", 12, 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "UTF-8"));
  CHECK(rf_result_level(r) == NULL && rf_result_error_count(r) == 0);

  /* and good again */
  CHECK(rf_evaluate_json(r, rs, good, strlen(good), RF_EXPLAIN) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "emergency"));
  rf_result_free(r);
}

/* The mini rule set: every value type, a second rule set into the same result, and answers
 * bound to another rule set. */
static void test_mini(const rf_ruleset* lbp) {
  rf_ruleset* rs = NULL;
  rf_diagnostics* diags = NULL;
  rf_answers* a = NULL;
  rf_answers* other = NULL;
  rf_result* r = NULL;
  double min = 0, max = 0;
  size_t i;

  CHECK(rf_ruleset_load_string(&rs, mini_rules, sizeof mini_rules - 1, "mini.rf", &diags) == RF_OK);
  if (rs == NULL) {
    fprintf(stderr, "%s", rf_diagnostics_formatted(diags));
    rf_diagnostics_free(diags);
    return;
  }
  CHECK(diags != NULL && rf_diagnostics_count(diags) == 0);
  CHECK(str_eq(rf_diagnostics_formatted(diags), ""));
  rf_diagnostics_free(diags);
  CHECK(str_eq(rf_ruleset_id(rs), "mini"));
  CHECK(str_eq(rf_ruleset_version(rs), "2.3.4"));
  CHECK(str_eq(rf_ruleset_title(rs), "Mini rule set"));
  CHECK(rf_ruleset_question_count(rs) == 5);
  CHECK(rf_ruleset_question_type(rs, 1) == RF_NUMBER);
  CHECK(rf_ruleset_question_range(rs, 1, &min, &max) == 1 && min == 30 && max == 45);
  CHECK(str_eq(rf_ruleset_question_unit(rs, 1), "Cel"));
  CHECK(rf_ruleset_question_type(rs, 3) == RF_TEXT);
  CHECK(str_eq(rf_ruleset_question_unit(rs, 3), ""));
  CHECK(rf_ruleset_question_type(rs, 4) == RF_INTEGER);
  CHECK(str_eq(rf_ruleset_option_label(rs, 2, 1), "Wet cough"));

  CHECK(rf_answers_new(&a, rs) == RF_OK);
  CHECK(rf_result_new(&r) == RF_OK);
  CHECK(rf_answers_set_boolean(a, "fever", 1) == RF_OK);
  CHECK(rf_answers_set_number(a, "temp", 39.5) == RF_OK);
  CHECK(rf_answers_set_choice(a, "kind", "wet") == RF_OK);
  CHECK(rf_answers_set_text(a, "note", "line\nbreak \"quoted\"") == RF_OK);
  CHECK(rf_answers_set_integer(a, "age", 33) == RF_OK);
  CHECK(rf_evaluate(r, rs, a, 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "high"));
  CHECK(rf_result_complete(r) == 1);
  CHECK(rf_result_fired_count(r) == 1);
  CHECK(str_eq(rf_result_fired_id(r, 0), "hot_fever"));
  CHECK(str_eq(rf_result_fired_source(r, 0), "Common sense"));
  CHECK(rf_result_fired_evidence_count(r, 0) == 2);
  for (i = 0; i < rf_result_fired_evidence_count(r, 0); ++i) {
    const char* q = rf_result_fired_evidence_question(r, 0, i);
    const char* v = rf_result_fired_evidence_value(r, 0, i);
    CHECK((str_eq(q, "fever") && str_eq(v, "true")) || (str_eq(q, "temp") && str_eq(v, "39.5")));
  }
  CHECK(rf_result_value_count(r) == 1);
  CHECK(str_eq(rf_result_value_name(r, 0), "hot"));
  CHECK(str_eq(rf_result_value(r, 0), "true"));
  CHECK(values_agree_with_json(r));

  /* integer values print without a fraction */
  CHECK(rf_answers_set_number(a, "temp", 40) == RF_OK);
  CHECK(rf_evaluate(r, rs, a, 0) == RF_OK);
  for (i = 0; i < rf_result_fired_evidence_count(r, 0); ++i) {
    if (str_eq(rf_result_fired_evidence_question(r, 0, i), "temp")) {
      CHECK(str_eq(rf_result_fired_evidence_value(r, 0, i), "40"));
    }
  }
  CHECK(rf_answers_set_number(a, "temp", 36.6) == RF_OK);
  CHECK(rf_evaluate(r, rs, a, 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "low") && rf_result_level_rank(r) == 0);
  CHECK(str_eq(rf_result_indicator(r), "info"));
  CHECK(str_eq(rf_result_value(r, 0), "false"));

  /* one result, two rule sets in turn (evaluate_json rebinds its answers) */
  CHECK(rf_evaluate_json(r, lbp, "{\"saddle_numbness\": true}", 25, 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "emergency"));
  CHECK(rf_evaluate_json(r, rs, "{\"fever\": true, \"temp\": 41}", 27, 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "high"));
  CHECK(rf_evaluate_json(r, rs, "{\"fever\": false}", 16, 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "low"));
  CHECK(rf_evaluate_json(r, lbp, "{\"saddle_numbness\": true}", 25, 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "emergency"));

  /* answers bound to another rule set */
  CHECK(rf_answers_new(&other, lbp) == RF_OK);
  CHECK(rf_answers_set_boolean(other, "saddle_numbness", 1) == RF_OK);
  CHECK(rf_evaluate(r, rs, other, 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "another rule set"));
  CHECK(rf_result_ok(r) == 0 && rf_result_level(r) == NULL);

  rf_answers_free(other);
  rf_answers_free(a);
  rf_result_free(r);
  rf_ruleset_free(rs);
}

/* A text answer as evidence: its value text escapes what JSON escapes. */
static void test_text_evidence(void) {
  static const char rules[] =
      "ruleset t \"Text\"\n"
      "version \"1.0.0\"\n"
      "levels { low \"Low\" indicator info  high \"High\" indicator critical }\n"
      "default low\n"
      "question note: text \"Note\"\n"
      "rule noted \"Noted\" -> high when answered(note) because \"b\" source \"s\"\n";
  rf_ruleset* rs = NULL;
  rf_answers* a = NULL;
  rf_result* r = NULL;
  CHECK(rf_ruleset_load_string(&rs, rules, sizeof rules - 1, "t.rf", NULL) == RF_OK);
  CHECK(rf_answers_new(&a, rs) == RF_OK && rf_result_new(&r) == RF_OK);
  CHECK(rf_answers_set_text(a, "note", "tab\there \"q\" \\ caf\xc3\xa9 \x01") == RF_OK);
  CHECK(rf_evaluate(r, rs, a, 0) == RF_OK);
  CHECK(str_eq(rf_result_fired_evidence_question(r, 0, 0), "note"));
  CHECK(str_eq(rf_result_fired_evidence_value(r, 0, 0),
               "\"tab\\there \\\"q\\\" \\\\ caf\xc3\xa9 \\u0001\""));
  CHECK(values_agree_with_json(r));
  rf_result_free(r);
  rf_answers_free(a);
  rf_ruleset_free(rs);
}

/* The scope of a rule set, and the advice items a result carries for its level. */
static void test_scope_and_advice(const rf_ruleset* without_scope) {
  static const char rules[] =
      "ruleset t \"Scoped\"\n"
      "version \"1.0.0\"\n"
      "levels { low \"Low\" indicator info  high \"High\" indicator critical }\n"
      "default low\n"
      "scope \"Adults\" excludes \"Children\" excludes \"Neck pain\" source \"NG59\"\n"
      "question a: boolean \"A?\"\n"
      "rule ra \"A\" -> high when a because \"b\" source \"s\"\n"
      "advice move \"Keep moving.\" for low source \"NG59\"\n"
      "advice warn \"Call 999 if worse.\" for low, high\n";
  rf_ruleset* rs = NULL;
  rf_answers* a = NULL;
  rf_result* r = NULL;
  CHECK(rf_ruleset_load_string(&rs, rules, sizeof rules - 1, "t.rf", NULL) == RF_OK);
  CHECK(str_eq(rf_ruleset_scope(rs), "Adults"));
  CHECK(starts_with(rf_ruleset_content_hash(rs), "sha256:") &&
        strlen(rf_ruleset_content_hash(rs)) == 71);
  CHECK(!str_eq(rf_ruleset_content_hash(rs), rf_ruleset_content_hash(without_scope)));
  CHECK(rf_ruleset_content_hash(NULL) == NULL && last_error_is(RF_EINVALID, "ruleset"));
  CHECK(rf_ruleset_scope_exclusion_count(rs) == 2);
  CHECK(str_eq(rf_ruleset_scope_exclusion(rs, 1), "Neck pain"));
  CHECK(rf_ruleset_scope_exclusion(rs, 2) == NULL && last_error_is(RF_EINVALID, "exclusion"));
  CHECK(str_eq(rf_ruleset_scope_source(rs), "NG59"));
  CHECK(contains(rf_ruleset_json(rs), "\"advice_items\":[{\"id\":\"move\""));
  CHECK(str_eq(rf_ruleset_scope(without_scope), "") &&
        rf_ruleset_scope_exclusion_count(without_scope) == 0);
  CHECK(rf_ruleset_scope(NULL) == NULL && last_error_is(RF_EINVALID, "ruleset"));

  CHECK(rf_answers_new(&a, rs) == RF_OK && rf_result_new(&r) == RF_OK);
  CHECK(rf_evaluate(r, rs, a, 0) == RF_OK); /* a unknown: low, two items */
  CHECK(rf_result_advice_item_count(r) == 2);
  CHECK(str_eq(rf_result_advice_item_id(r, 0), "move"));
  CHECK(str_eq(rf_result_advice_item_text(r, 1), "Call 999 if worse."));
  CHECK(str_eq(rf_result_advice_item_source(r, 1), ""));
  CHECK(rf_result_advice_item_text(r, 2) == NULL && last_error_is(RF_EINVALID, "advice item"));
  CHECK(rf_answers_set_boolean(a, "a", 1) == RF_OK && rf_evaluate(r, rs, a, 0) == RF_OK);
  CHECK(rf_result_advice_item_count(r) == 1 && str_eq(rf_result_advice_item_id(r, 0), "warn"));
  CHECK(rf_evaluate_json(r, rs, "{\"a\": 3}", 8, 0) == RF_EANSWER && !rf_result_ok(r));
  CHECK(rf_result_advice_item_count(r) == 0);
  CHECK(rf_result_advice_item_count(NULL) == 0 && last_error_is(RF_EINVALID, "result"));
  rf_result_free(r);
  rf_answers_free(a);
  rf_ruleset_free(rs);
}

/* Loading from memory: `use "start_back.rf"` resolves beside the source name. */
static void test_load_string_with_use(const rf_ruleset* from_file) {
  static char text[1 << 20];
  size_t length;
  const char* use;
  const char* p;
  unsigned use_line = 1; /* the line of `use "start_back.rf"`: the error points at its path */
  rf_ruleset* rs = NULL;
  FILE* f = fopen("tests/fixtures/rules/low_back_pain.rf", "rb");
  CHECK(f != NULL);
  if (f == NULL) return;
  length = fread(text, 1, sizeof text, f);
  fclose(f);
  CHECK(length > 0 && length < sizeof text);
  if (length == 0 || length >= sizeof text) return;
  text[length] = '\0';
  use = strstr(text, "\nuse \"start_back.rf\"");
  CHECK(use != NULL);
  if (use == NULL) return;
  for (p = text; p <= use; ++p) {
    if (*p == '\n') ++use_line;
  }
  CHECK(rf_ruleset_load_string(&rs, text, length, "tests/fixtures/rules/low_back_pain.rf", NULL) ==
        RF_OK);
  CHECK(rf_ruleset_question_count(rs) == rf_ruleset_question_count(from_file));
  CHECK(str_eq(rf_ruleset_json(rs), rf_ruleset_json(from_file)));
  rf_ruleset_free(rs);
  /* with another anchor, start_back.rf is not found: an error of the rule file, at its `use` */
  CHECK(rf_ruleset_load_string(&rs, text, length, "elsewhere/low_back_pain.rf", NULL) == RF_ELOAD);
  CHECK(rs == NULL);
  CHECK(str_eq(rf_error_last()->file, "elsewhere/low_back_pain.rf"));
  CHECK(rf_error_last()->line == use_line && rf_error_last()->column == 5);
  CHECK(contains(rf_error_last()->message, "elsewhere/start_back.rf"));
  printf("use from elsewhere: %s:%u:%u: %s\n", rf_error_last()->file, rf_error_last()->line,
         rf_error_last()->column, rf_error_last()->message);
}

/* A rule set with a parameter: `hot` fires from `hot_temp` up. */
static const char param_rules[] =
    "ruleset params \"Parameters\"\n"
    "version \"1.0.0\"\n"
    "levels {\n"
    "  low \"Stay at home\" indicator info\n"
    "  high \"See a doctor today\" indicator critical\n"
    "}\n"
    "default low\n"
    "question temp: number 30..45 \"Temperature\"\n"
    "param hot_temp = 39 \"Temperature that counts as a high fever\"\n"
    "param unused = 1\n"
    "rule hot \"Hot\" -> high\n"
    "  when temp >= hot_temp\n"
    "  because \"A high fever needs a doctor\"\n"
    "  source \"Common sense\"\n";

/* Loads `text` with `opts`; on RF_ELOAD checks that some error diagnostic has `code` and a
 * message containing `part`, at `line` (0: any line). Returns the status. */
static int load_with(const char* text, const rf_load_options* opts, const char* code,
                     const char* part, unsigned line) {
  rf_ruleset* rs = (rf_ruleset*)1;
  rf_diagnostics* diags = NULL;
  size_t i;
  int found = 0;
  int status = rf_ruleset_load_string_ext(&rs, text, strlen(text), "opts.rf", opts, &diags);
  CHECK((status == RF_OK) == (rs != NULL));
  if (status == RF_ELOAD) {
    for (i = 0; i < rf_diagnostics_count(diags); ++i) {
      if (rf_diagnostics_severity(diags, i) == 0 && str_eq(rf_diagnostics_code(diags, i), code) &&
          contains(rf_diagnostics_message(diags, i), part) &&
          (line == 0 || rf_diagnostics_line(diags, i) == line)) {
        found = 1;
      }
    }
    if (!found)
      fprintf(stderr, "  expected %s (%s):\n%s", code, part, rf_diagnostics_formatted(diags));
    CHECK(found);
    CHECK(str_eq(rf_error_last()->file, "opts.rf"));
  }
  rf_ruleset_free(rs);
  rf_diagnostics_free(diags);
  return status;
}

/* rf_load_options: init, versions, every limit, parameter overrides. */
static void test_load_options(void) {
  rf_load_options opts = RF_LOAD_OPTIONS_INIT;
  rf_load_options init;
  rf_ruleset* rs = NULL;
  rf_ruleset* plain = NULL;
  rf_diagnostics* diags = (rf_diagnostics*)1;
  rf_answers* a = NULL;
  rf_result* r = NULL;
  const char* ids[3] = {"hot_temp", "unused", "hot_temp"};
  double values[3] = {41, 2, 40};
  const size_t mini_length = sizeof mini_rules - 1;
  size_t i;

  /* RF_LOAD_OPTIONS_INIT and rf_load_options_init agree: version 1, every field 0 */
  memset(&init, 0xab, sizeof init);
  CHECK(rf_load_options_init(&init, RF_LOAD_OPTIONS_VERSION) == RF_OK);
  CHECK(init.version == RF_LOAD_OPTIONS_VERSION && opts.version == RF_LOAD_OPTIONS_VERSION);
  CHECK(RF_LOAD_OPTIONS_VERSION == 1);
  CHECK(init.max_source_bytes == 0 && init.max_nesting_depth == 0 && init.max_rules == 0);
  CHECK(init.max_questions == 0 && init.max_use_depth == 0 && init.max_string_bytes == 0);
  CHECK(init.load_tests == 0 && init.parameter_ids == NULL && init.parameter_values == NULL);
  CHECK(init.parameter_count == 0);
  CHECK(rf_load_options_init(NULL, RF_LOAD_OPTIONS_VERSION) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "opts"));
  CHECK(rf_load_options_init(&init, 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID,
                      "version 0 is not supported (the newest this library reads is 1)"));
  CHECK(rf_load_options_init(&init, RF_LOAD_OPTIONS_VERSION + 1) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "version 2 is not supported"));

  /* NULL options and default options are the defaults: the same rule set as without _ext */
  CHECK(rf_ruleset_load_string(&plain, mini_rules, mini_length, "mini.rf", NULL) == RF_OK);
  CHECK(rf_ruleset_load_string_ext(&rs, mini_rules, mini_length, "mini.rf", NULL, &diags) == RF_OK);
  CHECK(diags != NULL && rf_diagnostics_count(diags) == 0);
  CHECK(str_eq(rf_ruleset_json(rs), rf_ruleset_json(plain)));
  rf_diagnostics_free(diags);
  rf_ruleset_free(rs);
  CHECK(rf_ruleset_load_string_ext(&rs, mini_rules, mini_length, "mini.rf", &opts, NULL) == RF_OK);
  CHECK(str_eq(rf_ruleset_json(rs), rf_ruleset_json(plain)));
  rf_ruleset_free(rs);
  rf_ruleset_free(plain);
  CHECK(rf_ruleset_load_file_ext(&rs, "tests/fixtures/rules/low_back_pain.rf", NULL, NULL) ==
        RF_OK);
  CHECK(str_eq(rf_ruleset_id(rs), "low_back_pain"));
  rf_ruleset_free(rs);

  /* a version this library does not know */
  opts.version = 2;
  rs = (rf_ruleset*)1;
  diags = (rf_diagnostics*)1;
  CHECK(rf_ruleset_load_string_ext(&rs, mini_rules, mini_length, "mini.rf", &opts, &diags) ==
        RF_EINVALID);
  CHECK(rs == NULL && diags == NULL);
  CHECK(last_error_is(RF_EINVALID, "rf_ruleset_load_string_ext: rf_load_options version 2"));
  CHECK(rf_ruleset_load_file_ext(&rs, "tests/fixtures/rules/low_back_pain.rf", &opts, NULL) ==
        RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "rf_ruleset_load_file_ext: rf_load_options version 2"));
  opts.version = 0;
  CHECK(rf_ruleset_load_file_ext(&rs, "tests/fixtures/rules/low_back_pain.rf", &opts, NULL) ==
        RF_EINVALID);
  CHECK(rs == NULL);
  CHECK(rf_ruleset_load_file_ext(NULL, "tests/fixtures/rules/low_back_pain.rf", NULL, NULL) ==
        RF_EINVALID);
  CHECK(rf_ruleset_load_string_ext(&rs, NULL, 1, NULL, NULL, NULL) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "text"));
  opts.version = RF_LOAD_OPTIONS_VERSION;

  /* each limit, just met and exceeded */
  opts.max_rules = 1;
  CHECK(load_with(mini_rules, &opts, "", "", 0) == RF_OK);
  CHECK(load_with(param_rules, &opts, "", "", 0) == RF_OK);
  CHECK(load_with(broken_rules, &opts, "unknown-level", "nowhere", 6) == RF_ELOAD);
  opts.max_rules = 0;
  {
    /* two rules: max_rules = 1 refuses them */
    static const char two_rules[] =
        "ruleset two \"Two rules\"\n"
        "version \"1.0.0\"\n"
        "levels { low \"Low\" indicator info  high \"High\" indicator critical }\n"
        "default low\n"
        "question a: boolean \"A?\"\n"
        "rule ra \"A\" -> high when a because \"a\" source \"s\"\n"
        "rule rb \"Not A\" -> high when not a because \"not a\" source \"s\"\n";
    CHECK(load_with(two_rules, &opts, "", "", 0) == RF_OK);
    opts.max_rules = 2;
    CHECK(load_with(two_rules, &opts, "", "", 0) == RF_OK);
    opts.max_rules = 1;
    CHECK(load_with(two_rules, &opts, "limit-exceeded", "max_rules", 0) == RF_ELOAD);
    CHECK(last_error_is(RF_ELOAD, "2 rules; the limit is 1"));
    opts.max_rules = 0;
  }
  opts.max_questions = 5; /* mini has 5 */
  CHECK(load_with(mini_rules, &opts, "", "", 0) == RF_OK);
  opts.max_questions = 4;
  CHECK(load_with(mini_rules, &opts, "limit-exceeded", "max_questions", 0) == RF_ELOAD);
  CHECK(last_error_is(RF_ELOAD, "5 questions; the limit is 4"));
  opts.max_questions = 0;
  opts.max_source_bytes = mini_length;
  CHECK(load_with(mini_rules, &opts, "", "", 0) == RF_OK);
  opts.max_source_bytes = mini_length - 1;
  CHECK(load_with(mini_rules, &opts, "limit-exceeded", "max_source_bytes", 0) == RF_ELOAD);
  opts.max_source_bytes = 0;
  opts.max_string_bytes = 27; /* "A high fever needs a doctor", line 16 */
  CHECK(load_with(mini_rules, &opts, "", "", 0) == RF_OK);
  opts.max_string_bytes = 26;
  CHECK(load_with(mini_rules, &opts, "limit-exceeded", "max_string_bytes", 16) == RF_ELOAD);
  CHECK(rf_error_last()->line == 16 && rf_error_last()->column == 11);
  opts.max_string_bytes = 0;
  {
    static const char nested[] =
        "ruleset nested \"Nested\"\n"
        "version \"1.0.0\"\n"
        "levels { low \"Low\" indicator info }\n"
        "default low\n"
        "question q: boolean \"Q?\"\n"
        "let deep = ((q))\n";
    opts.max_nesting_depth = 2;
    CHECK(load_with(nested, &opts, "", "", 0) == RF_OK);
    opts.max_nesting_depth = 1;
    CHECK(load_with(nested, &opts, "limit-exceeded", "max_nesting_depth", 6) == RF_ELOAD);
    opts.max_nesting_depth = 0;
  }
  /* low_back_pain.rf uses start_back.rf: a chain of two files */
  opts.max_use_depth = 2;
  CHECK(rf_ruleset_load_file_ext(&rs, "tests/fixtures/rules/low_back_pain.rf", &opts, NULL) ==
        RF_OK);
  rf_ruleset_free(rs);
  opts.max_use_depth = 1;
  CHECK(rf_ruleset_load_file_ext(&rs, "tests/fixtures/rules/low_back_pain.rf", &opts, NULL) ==
        RF_ELOAD);
  CHECK(rs == NULL);
  CHECK(last_error_is(RF_ELOAD, "max_use_depth"));
  CHECK(str_eq(rf_error_last()->file, "tests/fixtures/rules/low_back_pain.rf") &&
        rf_error_last()->line > 1);
  opts.max_use_depth = 0;

  /* a parameter override changes the outcome: 40 degrees is hot at 39, not at 41 */
  CHECK(rf_ruleset_load_string_ext(&rs, param_rules, strlen(param_rules), "params.rf", &opts,
                                   NULL) == RF_OK);
  CHECK(rf_ruleset_parameter_count(rs) == 2);
  CHECK(str_eq(rf_ruleset_parameter_id(rs, 0), "hot_temp"));
  CHECK(rf_ruleset_parameter_value(rs, 0) == 39);
  CHECK(str_eq(rf_ruleset_parameter_description(rs, 0), "Temperature that counts as a high fever"));
  CHECK(str_eq(rf_ruleset_parameter_id(rs, 1), "unused"));
  CHECK(str_eq(rf_ruleset_parameter_description(rs, 1), ""));
  CHECK(rf_result_new(&r) == RF_OK);
  CHECK(rf_evaluate_json(r, rs, "{\"temp\": 40}", 12, 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "high"));
  rf_ruleset_free(rs);
  opts.parameter_ids = ids;
  opts.parameter_values = values;
  opts.parameter_count = 2;
  CHECK(rf_ruleset_load_string_ext(&rs, param_rules, strlen(param_rules), "params.rf", &opts,
                                   NULL) == RF_OK);
  CHECK(rf_ruleset_parameter_value(rs, 0) == 41 && rf_ruleset_parameter_value(rs, 1) == 2);
  CHECK(rf_evaluate_json(r, rs, "{\"temp\": 40}", 12, 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "low"));
  CHECK(rf_answers_new(&a, rs) == RF_OK);
  CHECK(rf_answers_set_number(a, "temp", 41) == RF_OK);
  CHECK(rf_evaluate(r, rs, a, 0) == RF_OK);
  CHECK(str_eq(rf_result_level(r), "high"));
  rf_answers_free(a);
  rf_ruleset_free(rs);
  rf_result_free(r);

  /* parameter getters: bad index, NULL */
  CHECK(rf_ruleset_load_file_ext(&rs, "tests/fixtures/rules/low_back_pain.rf", NULL, NULL) ==
        RF_OK);
  CHECK(rf_ruleset_parameter_count(rs) >= 5);
  for (i = 0; i < rf_ruleset_parameter_count(rs); ++i) {
    if (str_eq(rf_ruleset_parameter_id(rs, i), "fever_threshold_c")) {
      CHECK(rf_ruleset_parameter_value(rs, i) == 38);
      CHECK(contains(rf_ruleset_parameter_description(rs, i), "fever"));
    }
  }
  CHECK(rf_ruleset_parameter_id(rs, i) == NULL);
  CHECK(last_error_is(RF_EINVALID, "parameter index"));
  CHECK(isnan(rf_ruleset_parameter_value(rs, i)));
  CHECK(rf_ruleset_parameter_description(rs, i) == NULL);
  rf_ruleset_free(rs);
  rf_error_clear();
  CHECK(rf_ruleset_parameter_count(NULL) == 0);
  CHECK(last_error_is(RF_EINVALID, "ruleset"));
  CHECK(rf_ruleset_parameter_id(NULL, 0) == NULL);
  CHECK(isnan(rf_ruleset_parameter_value(NULL, 0)));
  CHECK(rf_ruleset_parameter_description(NULL, 0) == NULL);

  /* an override of a parameter the file does not declare: the loader's error */
  ids[1] = "no_such_param";
  CHECK(load_with(param_rules, &opts, "unknown-name", "no_such_param", 0) == RF_ELOAD);
  ids[1] = "unused";
  /* overrides the library refuses before loading */
  opts.parameter_count = 3; /* hot_temp twice */
  CHECK(load_with(param_rules, &opts, "", "", 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "'hot_temp' is given twice"));
  opts.parameter_count = 2;
  values[1] = NAN;
  CHECK(load_with(param_rules, &opts, "", "", 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "'unused' is NaN"));
  values[1] = 2;
  ids[1] = NULL;
  CHECK(load_with(param_rules, &opts, "", "", 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "parameter_ids[1] is NULL"));
  ids[1] = "\xff";
  CHECK(load_with(param_rules, &opts, "", "", 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "parameter_ids[1] is not valid UTF-8"));
  ids[1] = "unused";
  opts.parameter_values = NULL;
  CHECK(load_with(param_rules, &opts, "", "", 0) == RF_EINVALID);
  CHECK(last_error_is(RF_EINVALID, "parameter_values is NULL"));
  opts.parameter_ids = NULL;
  opts.parameter_count = 0; /* no overrides: the arrays are not read */
  CHECK(load_with(param_rules, &opts, "", "", 0) == RF_OK);
}

/* load_tests: NAME.test.rf beside NAME.rf is read only when asked for. */
static void test_load_tests(void) {
  static const char* const rules = RF_TEST_DIR "/load_tests.rf";
  static const char* const tests = RF_TEST_DIR "/load_tests.test.rf";
  rf_load_options opts = RF_LOAD_OPTIONS_INIT;
  rf_ruleset* rs = NULL;
  FILE* f = fopen(rules, "wb");
  CHECK(f != NULL);
  if (f == NULL) return;
  fputs(mini_rules, f);
  fclose(f);
  f = fopen(tests, "wb");
  CHECK(f != NULL);
  if (f == NULL) return;
  fputs("this is not a test file\n", f);
  fclose(f);

  CHECK(rf_ruleset_load_file_ext(&rs, rules, &opts, NULL) == RF_OK);
  rf_ruleset_free(rs);
  opts.load_tests = 1;
  CHECK(rf_ruleset_load_file_ext(&rs, rules, &opts, NULL) == RF_ELOAD);
  CHECK(rs == NULL);
  CHECK(contains(rf_error_last()->file, "load_tests.test.rf") && rf_error_last()->line == 1);
  /* text loads have no file beside them */
  CHECK(rf_ruleset_load_string_ext(&rs, mini_rules, sizeof mini_rules - 1, rules, &opts, NULL) ==
        RF_OK);
  rf_ruleset_free(rs);
  /* the bundled tests load */
  CHECK(rf_ruleset_load_file_ext(&rs, "tests/fixtures/rules/low_back_pain.rf", &opts, NULL) ==
        RF_OK);
  rf_ruleset_free(rs);
  remove(rules);
  remove(tests);
}

int main(void) {
  rf_ruleset* rs = NULL;
  rf_diagnostics* diags = NULL;
  int status;

  test_version();
  test_errors();
  test_free_null();
  test_load_errors();

  status = rf_ruleset_load_file(&rs, "tests/fixtures/rules/low_back_pain.rf", &diags);
  CHECK(status == RF_OK);
  CHECK(diags != NULL);
  if (status != RF_OK || rs == NULL) {
    fprintf(
        stderr,
        "cannot load tests/fixtures/rules/low_back_pain.rf (run from the repository root): %s\n",
        rf_error_last()->message);
    rf_diagnostics_free(diags);
    return 1;
  }
  CHECK(rf_diagnostics_count(diags) == 0); /* no warnings either */
  rf_diagnostics_free(diags);

  test_load_string_with_use(rs);
  test_introspection(rs);
  test_answers_errors(rs);
  test_evaluate(rs);
  test_evaluate_json(rs);
  test_mini(rs);
  test_text_evidence();
  test_scope_and_advice(rs);
  test_load_options();
  test_load_tests();

  rf_ruleset_free(rs);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
