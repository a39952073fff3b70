"""Find icon files under ``resources/icons/`` in a source checkout and in a packaged bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Final

from PySide6.QtGui import QIcon

from desktop_app.config import DESKTOP_FILE_NAME

ICON_SUFFIXES: Final = (".svg", ".png")


def icon_dirs() -> list[Path]:
    """Folders searched for icons, the packaged bundle's first."""
    dirs: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(Path(bundle) / "resources" / "icons")
    package = Path(__file__).resolve().parents[1]
    dirs.append(package / "resources" / "icons")  # installed as package data
    dirs.append(package.parent / "resources" / "icons")  # repository checkout
    return dirs


@cache
def icon_path(name: str) -> Path | None:
    """The file of icon ``name`` (with or without its suffix), None when there is none."""
    candidates = [name] if Path(name).suffix in ICON_SUFFIXES else [name + s for s in ICON_SUFFIXES]
    for folder in icon_dirs():
        for candidate in candidates:
            path = folder / candidate
            if path.is_file():
                return path
    return None


def icon(name: str) -> QIcon:
    """The icon ``name`` from the icon folders; an empty icon when the file is missing."""
    path = icon_path(name)
    return QIcon(str(path)) if path is not None else QIcon()


def app_icon() -> QIcon:
    """The application's icon (windows, task bar), named after the desktop entry."""
    return icon(DESKTOP_FILE_NAME)
