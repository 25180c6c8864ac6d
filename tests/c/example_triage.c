/* triage.c: load a rule file, answer two questions, print the urgency and why. */
#include <stdio.h>

#include "redflag/redflag.h"

int main(void) {
  rf_ruleset* rules = NULL;
  rf_diagnostics* diagnostics = NULL;
  rf_answers* answers = NULL;
  rf_result* result = NULL;
  size_t i, j;
  int status = 1;

  if (rf_ruleset_load_file(&rules, "rules/low_back_pain.rf", &diagnostics) != RF_OK) {
    const rf_error* e = rf_error_last();
    fprintf(stderr, "%s:%u:%u: %s\n%s", e->file, e->line, e->column, e->message,
            rf_diagnostics_formatted(diagnostics));
    goto done;
  }
  printf("%s %s (redflag %s)\n", rf_ruleset_id(rules), rf_ruleset_version(rules), rf_version());

  if (rf_answers_new(&answers, rules) != RF_OK || rf_result_new(&result) != RF_OK) goto done;
  if (rf_answers_set_integer(answers, "age_years", 45) != RF_OK ||
      rf_answers_set_boolean(answers, "saddle_numbness", 1) != RF_OK ||
      rf_answers_set_integer(answers, "age_years", 300) != RF_EANSWER) {
    fprintf(stderr, "%s\n", rf_error_last()->message);
    goto done;
  }
  /* The rejected age (300) is recorded: evaluating now gives an error result, not a level. */
  if (rf_evaluate(result, rules, answers, 0) == RF_EANSWER) {
    printf("rejected: %s\n", rf_error_last()->message);
  }
  if (rf_answers_clear(answers) != RF_OK ||
      rf_answers_set_integer(answers, "age_years", 45) != RF_OK ||
      rf_answers_set_boolean(answers, "saddle_numbness", 1) != RF_OK) {
    goto done;
  }
  if (rf_evaluate(result, rules, answers, 0) != RF_OK) {
    fprintf(stderr, "%s\n", rf_error_last()->message);
    goto done;
  }

  printf("level: %s (%s)\n", rf_result_level(result), rf_result_indicator(result));
  printf("advice: %s\n", rf_result_advice(result));
  for (i = 0; i < rf_result_fired_count(result); ++i) {
    printf("fired: %s [%s]: %s\n", rf_result_fired_id(result, i), rf_result_fired_level(result, i),
           rf_result_fired_title(result, i));
    for (j = 0; j < rf_result_fired_evidence_count(result, i); ++j) {
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
