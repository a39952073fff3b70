"""The Directory tab: search, type filter and the table of tier accounts."""
