test tests/cli/fixtures/no_such_rules.rf
