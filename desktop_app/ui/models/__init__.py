"""Table models over the paged directory queries."""
