batch tests/fixtures/rules/low_back_pain.rf examples/exports/answers.ndjson --id-column id --output-format ndjson --quiet
