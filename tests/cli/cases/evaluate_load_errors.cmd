check tests/cli/fixtures/syntax_error.rf tests/cli/fixtures/emergency.json
