check tests/cli/fixtures/no_such_file.rf
