check --frobnicate tests/cli/fixtures/triage.rf
