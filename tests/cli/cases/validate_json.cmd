check --json tests/cli/fixtures/warning.rf
