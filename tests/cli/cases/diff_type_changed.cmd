diff tests/cli/fixtures/diff_old.rf tests/cli/fixtures/diff_type_changed.rf
