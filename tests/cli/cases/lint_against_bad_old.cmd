lint tests/cli/fixtures/diff_old.rf --against tests/cli/fixtures/semantic_errors.rf
