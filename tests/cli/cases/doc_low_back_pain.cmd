doc rules/low_back_pain.rf
