diff tests/cli/fixtures/diff_new.rf tests/cli/fixtures/diff_old.rf --corpus tests/cli/fixtures/diff_corpus.csv
