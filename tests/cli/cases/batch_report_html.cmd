batch tests/fixtures/rules/low_back_pain.rf tests/batch/data/errors.csv --id-column id -o /dev/null --report /dev/stdout --quiet
