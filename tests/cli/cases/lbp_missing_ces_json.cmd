check --json tests/fixtures/rules/low_back_pain.rf examples/answers/missing_ces.json
