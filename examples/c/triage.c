/* triage.c: load the bundled rules, answer two questions, print the urgency and why.
 * Run from the repository root: `triage [AGE]` (45 by default; an age outside 16..120 is
 * rejected, and the program prints why and exits 1). */
#include <redflag/redflag.h> /* cc triage.c $(pkg-config --cflags --libs redflag) */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  long long age = argc > 1 ? atoll(argv[1]) : 45;
  rf_ruleset* rules = NULL;
  rf_diagnostics* diagnostics = NULL;
  rf_answers* answers = NULL;
  rf_result* result = NULL;
  int status = 1;

  if (rf_ruleset_load_file(&rules, "rules/low_back_pain.rf", &diagnostics) != RF_OK) {
    const rf_error* e = rf_error_last();
    fprintf(stderr, "%s:%u:%u: %s\n", e->file, e->line, e->column, e->message);
    if (diagnostics) fputs(rf_diagnostics_formatted(diagnostics), stderr); /* with carets */
    goto done;
  }
  printf("%s %s (redflag %s)\n", rf_ruleset_id(rules), rf_ruleset_version(rules), rf_version());
  if (rf_answers_new(&answers, rules) != RF_OK || rf_result_new(&result) != RF_OK) {
    fprintf(stderr, "%s\n", rf_error_last()->message);
    goto done;
  }

  rf_answers_set_integer(answers, "age_years", age); /* a rejected answer (300) is recorded */
  rf_answers_set_boolean(answers, "saddle_numbness", 1);
  rf_evaluate(result, rules, answers, 0);
  if (!rf_result_ok(result)) { /* the answers had errors: there is no level */
    for (size_t i = 0; i < rf_result_error_count(result); ++i) {
      fprintf(stderr, "%s\n", rf_result_error_message(result, i));
    }
    goto done;
  }
  printf("level: %s (%s)\n", rf_result_level(result), rf_result_indicator(result));
  printf("advice: %s\n", rf_result_advice(result));

  for (size_t i = 0; i < rf_result_fired_count(result); ++i) {
    printf("fired: %s [%s]: %s\n", rf_result_fired_id(result, i), rf_result_fired_level(result, i),
           rf_result_fired_title(result, i));
    for (size_t j = 0; j < rf_result_fired_evidence_count(result, i); ++j) {
      printf("  because %s = %s\n", rf_result_fired_evidence_question(result, i, j),
             rf_result_fired_evidence_value(result, i, j));
    }
  }
  printf("complete: %s\n", rf_result_complete(result) ? "yes" : "no");
  status = 0;

done:
  rf_result_free(result);
  rf_answers_free(answers);
  rf_diagnostics_free(diagnostics);
  rf_ruleset_free(rules);
  return status;
}
