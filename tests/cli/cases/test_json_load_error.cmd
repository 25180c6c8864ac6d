test tests/cli/fixtures/bad_tests.rf tests/cli/fixtures/triage.rf --json --min-coverage 90
