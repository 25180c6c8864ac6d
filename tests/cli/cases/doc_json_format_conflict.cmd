doc tests/cli/fixtures/diff_new.rf --json --format md
