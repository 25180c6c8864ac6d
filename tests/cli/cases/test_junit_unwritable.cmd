test tests/cli/fixtures/rule_tests.rf --junit tests/cli/fixtures/no/such/dir/report.xml
