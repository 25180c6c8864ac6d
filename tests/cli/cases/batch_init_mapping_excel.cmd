batch tests/fixtures/rules/low_back_pain.rf --init-mapping tests/batch/data/excel.csv
