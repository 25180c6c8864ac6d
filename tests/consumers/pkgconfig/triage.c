/* A C program built with `cc triage.c $(pkg-config --cflags --libs redflag)`. */
#include <redflag/redflag.h>
#include <stdio.h>

int main(int argc, char** argv) {
  rf_ruleset* rules = NULL;
  rf_answers* answers = NULL;
  rf_result* result = NULL;
  int status = 1;
  if (argc != 2) return 64;
  if (rf_ruleset_load_file(&rules, argv[1], NULL) != RF_OK) {
    fprintf(stderr, "%s\n", rf_error_last()->message);
    return 2;
  }
  if (rf_answers_new(&answers, rules) == RF_OK && rf_result_new(&result) == RF_OK &&
      rf_answers_set_boolean(answers, "saddle_numbness", 1) == RF_OK &&
      rf_evaluate(result, rules, answers, 0) == RF_OK && rf_result_fired_count(result) > 0) {
    printf("redflag %s: %s (%s)\n", rf_version(), rf_result_level(result),
           rf_result_fired_id(result, 0));
    status = 0;
  } else {
    fprintf(stderr, "%s\n", rf_error_last()->message);
  }
  rf_result_free(result);
  rf_answers_free(answers);
  rf_ruleset_free(rules);
  return status;
}
