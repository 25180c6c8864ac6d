diff tests/fixtures/rules/low_back_pain.rf tests/cli/fixtures/lbp_ces_urgent.rf --fail-on-downgrade
