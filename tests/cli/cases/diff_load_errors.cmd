diff tests/cli/fixtures/diff_old.rf tests/cli/fixtures/semantic_errors.rf
