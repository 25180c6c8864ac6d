batch tests/fixtures/rules/low_back_pain.rf - --format csv --id-column id --quiet
