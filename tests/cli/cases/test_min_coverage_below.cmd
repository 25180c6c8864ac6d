test tests/cli/fixtures/rule_tests.rf --min-coverage=75
