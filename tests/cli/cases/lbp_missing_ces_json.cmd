check --json tests/fixtures/rules/low_back_pain.rf tests/fixtures/answers/missing_ces.json
