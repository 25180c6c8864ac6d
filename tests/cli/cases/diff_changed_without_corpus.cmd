diff tests/cli/fixtures/diff_old.rf tests/cli/fixtures/diff_new.rf --changed changed.csv
