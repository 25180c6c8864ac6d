lint tests/cli/fixtures/lint_findings.rf
