graph tests/cli/fixtures/syntax_error.rf
