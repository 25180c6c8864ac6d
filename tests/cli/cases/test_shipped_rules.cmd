test rules/low_back_pain.rf rules/low_back_pain.test.rf rules/start_back.rf rules/start_back.test.rf --min-coverage 100
