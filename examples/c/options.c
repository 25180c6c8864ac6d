/* options.c [PARAMETER]: load a rule file with a parameter override and a limit. */
#include <stdio.h>
#include <string.h>

#include "redflag/redflag.h"

int main(int argc, char** argv) {
  const char* ids[] = {"fever_threshold_c"};
  const double values[] = {38.5};
  rf_load_options opts = RF_LOAD_OPTIONS_INIT;
  rf_ruleset* rules = NULL;
  rf_diagnostics* diagnostics = NULL;
  size_t i;

  if (argc > 1) ids[0] = argv[1]; /* another parameter to set */
  opts.parameter_ids = ids;       /* parallel arrays: ids[i] is set to values[i] */
  opts.parameter_values = values;
  opts.parameter_count = 1;
  if (rf_ruleset_load_file_ext(&rules, "rules/low_back_pain.rf", &opts, NULL) != RF_OK) {
    const rf_error* e = rf_error_last();
    fprintf(stderr, "%s:%u:%u: %s\n", e->file, e->line, e->column, e->message);
    return 1;
  }
  for (i = 0; i < rf_ruleset_parameter_count(rules); ++i) {
    if (strcmp(rf_ruleset_parameter_id(rules, i), ids[0]) == 0) {
      printf("%s = %g\n", ids[0], rf_ruleset_parameter_value(rules, i));
    }
  }
  rf_ruleset_free(rules);

  opts.max_rules = 5; /* fewer rules than the file has */
  if (rf_ruleset_load_file_ext(&rules, "rules/low_back_pain.rf", &opts, &diagnostics) == RF_ELOAD) {
    printf("with max_rules = 5: %s\n", rf_diagnostics_code(diagnostics, 0));
  }
  rf_diagnostics_free(diagnostics);
  rf_ruleset_free(rules);
  return 0;
}
