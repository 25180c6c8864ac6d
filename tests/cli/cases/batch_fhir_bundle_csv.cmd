batch tests/fixtures/rules/low_back_pain.rf tests/batch/data/bundle_entries.json --quiet
