check tests/fixtures/rules/low_back_pain.rf examples/answers/saddle_numbness.json
