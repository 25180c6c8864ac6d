batch tests/fixtures/rules/low_back_pain.rf tests/batch/data/stray_quote.csv --id-column id --output-format ndjson
