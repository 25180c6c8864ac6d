test tests/cli/fixtures/bad_tests.rf
