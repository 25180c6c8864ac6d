doc tests/fixtures/rules/low_back_pain.rf
