check no_such_ruleset tests/fixtures/answers/saddle_numbness.json
