test tests/fixtures/rules/start_back.rf --junit
