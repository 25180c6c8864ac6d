test tests/cli/fixtures/rule_tests.rf --coverage --json
