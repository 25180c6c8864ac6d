batch tests/fixtures/rules/low_back_pain.rf tests/batch/data/fhir_mixed.ndjson --format ndjson --id-column id --quiet
