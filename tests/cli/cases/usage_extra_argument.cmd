check tests/cli/fixtures/triage.rf tests/cli/fixtures/emergency.json tests/cli/fixtures/self_care.json
