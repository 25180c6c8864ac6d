check tests/cli/fixtures/warning.rf
