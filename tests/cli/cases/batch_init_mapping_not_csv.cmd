batch tests/fixtures/rules/low_back_pain.rf --init-mapping examples/exports/answers.ndjson
