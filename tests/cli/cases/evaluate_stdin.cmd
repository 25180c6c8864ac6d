check tests/cli/fixtures/triage.rf -
