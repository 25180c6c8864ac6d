test tests/fixtures/rules/start_back.rf --min-coverage 101
