batch tests/fixtures/rules/low_back_pain.rf examples/exports/bundle.json --id-column id --output-format ndjson --rationale --quiet
