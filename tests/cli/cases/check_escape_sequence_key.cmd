check tests/bad_input/answers/ruleset.rf tests/bad_input/answers/escape_sequence_key.json
