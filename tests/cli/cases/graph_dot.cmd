graph tests/cli/fixtures/diff_new.rf
