check tests/fixtures/rules/low_back_pain.rf tests/fixtures/answers/saddle_numbness.json
