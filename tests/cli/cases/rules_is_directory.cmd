check tests/cli/fixtures
