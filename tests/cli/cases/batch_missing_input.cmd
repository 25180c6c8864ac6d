batch tests/fixtures/rules/low_back_pain.rf tests/batch/data/no_such_file.csv
