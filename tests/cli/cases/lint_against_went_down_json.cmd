lint tests/cli/fixtures/diff_old.rf --against tests/cli/fixtures/diff_new.rf --json
