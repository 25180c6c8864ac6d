check lbp_ces_urgent tests/fixtures/answers/saddle_numbness.json
