test tests/cli/fixtures/bad_tests.rf tests/cli/fixtures/rule_tests.rf --junit -
