"""The Overview tab: charts of the workspace whose bars open the rows they count."""
