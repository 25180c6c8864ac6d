check tests/cli/fixtures/triage.rf tests/cli/fixtures/bad_answers.json
