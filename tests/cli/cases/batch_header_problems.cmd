batch tests/fixtures/rules/low_back_pain.rf examples/exports/redcap.csv --mapping tests/batch/data/typo_mapping.json
