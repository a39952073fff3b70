"""The Qt widgets: the only package that imports PySide6; it reaches data through services."""

from desktop_app.ui.pyside_scan import skip_source_scan

skip_source_scan("desktop_app")  # before the package's modules load (see pyside_scan)
