diff tests/cli/fixtures/diff_old.rf tests/cli/fixtures/version_unchanged.rf
