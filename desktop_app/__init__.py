"""Offline workstation for CloudBlue Connect tier accounts."""
