test tests/fixtures/rules/low_back_pain.rf tests/fixtures/rules/low_back_pain.test.rf tests/fixtures/rules/start_back.rf tests/fixtures/rules/start_back.test.rf --min-coverage 100
