diff rules/low_back_pain.rf rules/low_back_pain.rf --fail-on-downgrade
