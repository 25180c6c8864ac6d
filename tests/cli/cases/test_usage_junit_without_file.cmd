test rules/start_back.rf --junit
