"""Export to and import from the connect-cli customers workbook and CSV, in the window."""
