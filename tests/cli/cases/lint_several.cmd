lint tests/fixtures/rules/start_back.rf tests/fixtures/rules/start_back.test.rf tests/cli/fixtures/semantic_errors.rf tests/cli/fixtures/lint_findings.rf
