check --json --explain tests/cli/fixtures/triage.rf tests/cli/fixtures/self_care.json
