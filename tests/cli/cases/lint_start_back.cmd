lint tests/fixtures/rules/start_back.rf
