diff tests/cli/fixtures/diff_old.rf tests/cli/fixtures/diff_new.rf --corpus tests/cli/fixtures/diff_corpus.ndjson --changed - --changed-format ndjson
