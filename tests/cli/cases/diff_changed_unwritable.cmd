diff tests/cli/fixtures/diff_old.rf tests/cli/fixtures/diff_new.rf --corpus tests/cli/fixtures/diff_corpus.csv --changed tests/cli/no-such-directory/changed.csv
