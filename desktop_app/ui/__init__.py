"""The Qt widgets: the only package that imports PySide6; it reaches data through services."""
