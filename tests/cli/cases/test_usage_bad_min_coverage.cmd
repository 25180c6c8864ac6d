test rules/start_back.rf --min-coverage 101
