diff tests/cli/fixtures/diff_old.rf tests/cli/fixtures/diff_new.rf --corpus tests/cli/fixtures/diff_export.csv --mapping tests/cli/fixtures/diff_export_mapping.json --changed -
