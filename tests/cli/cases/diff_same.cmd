diff tests/fixtures/rules/low_back_pain.rf tests/fixtures/rules/low_back_pain.rf --fail-on-downgrade
