check --json tests/cli/fixtures/triage.rf tests/cli/fixtures/incomplete.json
