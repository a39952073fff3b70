"""Demo data: random but coherent accounts for trying the application out."""
