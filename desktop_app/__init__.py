"""Offline workstation for CloudBlue Connect tier accounts."""

__version__ = "0.1.0"
"""The one place the version is kept: the package metadata and the installers take it from here."""
