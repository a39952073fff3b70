"""Use cases over repository protocols: accounts, requests, products, directory queries, roles."""
