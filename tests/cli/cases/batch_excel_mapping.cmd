batch tests/fixtures/rules/low_back_pain.rf tests/batch/data/excel.csv --mapping tests/batch/data/excel.json --quiet
