check tests/cli/fixtures/triage.rf tests/cli/fixtures/emergency.json
