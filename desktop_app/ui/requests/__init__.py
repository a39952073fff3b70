"""Tier account requests: the Requests list and the Tier Account Request Details screen."""
