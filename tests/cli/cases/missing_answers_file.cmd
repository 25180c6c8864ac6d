check tests/cli/fixtures/triage.rf tests/cli/fixtures/no_such_file.json
