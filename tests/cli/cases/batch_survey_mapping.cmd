batch tests/fixtures/rules/low_back_pain.rf examples/exports/survey.csv --mapping examples/mappings/survey.json --quiet
