"""Performance benchmarks at a million accounts (not in the default test run)."""
