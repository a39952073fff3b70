"""Exchange with Connect: the connect-cli customers workbook and CSV (import and export)."""
