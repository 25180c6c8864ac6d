lint tests/cli/fixtures/version_unchanged.rf --against tests/cli/fixtures/diff_old.rf
