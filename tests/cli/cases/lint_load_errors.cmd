lint tests/cli/fixtures/semantic_errors.rf
