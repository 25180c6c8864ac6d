test tests/cli/fixtures/malformed_test.rf
