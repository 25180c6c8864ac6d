lint tests/cli/fixtures/version_unchanged.rf tests/cli/fixtures/diff_old.rf --against tests/cli/fixtures/previous
