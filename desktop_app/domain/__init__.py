"""Plain-Python domain of tier accounts: values, identifiers, rules and validation."""
