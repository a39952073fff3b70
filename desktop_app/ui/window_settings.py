"""The window's state kept in QSettings: its geometry and tool bars, and each pinned view's layout.

Window state only (``QSettings``); the open tabs are remembered by :mod:`tab_memory`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Protocol

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

KEY_GEOMETRY: Final = "main_window/geometry"
KEY_STATE: Final = "main_window/state"
KEY_OVERVIEW_FIRST: Final = "overview/first"
# The Overview is the first tab, and the window opens on it, until the user says otherwise.
OVERVIEW_FIRST_BY_DEFAULT: Final = True


class RemembersLayout(Protocol):
    """A view that keeps its columns, sort and search in the settings."""

    def save_settings(self, settings: QSettings) -> None:
        """Write the view's layout."""

    def restore_settings(self, settings: QSettings) -> None:
        """Read the view's layout back."""


def save_window(settings: QSettings, window: QMainWindow, views: Sequence[RemembersLayout]) -> None:
    """Keep the geometry, the tool bars' state and each view's layout."""
    settings.setValue(KEY_GEOMETRY, window.saveGeometry())
    settings.setValue(KEY_STATE, window.saveState())
    for view in views:
        view.save_settings(settings)


def restore_window(
    settings: QSettings, window: QMainWindow, views: Sequence[RemembersLayout]
) -> None:
    """Put the geometry, tool bars and views back as :func:`save_window` kept them."""
    geometry = settings.value(KEY_GEOMETRY)
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    state = settings.value(KEY_STATE)
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
    for view in views:
        view.restore_settings(settings)


def overview_first(settings: QSettings | None) -> bool:
    """Whether the user wants the Overview as the first tab (the window opening on it)."""
    if settings is None:
        return OVERVIEW_FIRST_BY_DEFAULT
    return bool(settings.value(KEY_OVERVIEW_FIRST, OVERVIEW_FIRST_BY_DEFAULT, type=bool))


def keep_overview_first(settings: QSettings | None, first: bool) -> None:
    """Remember whether the Overview is the first tab."""
    if settings is not None:
        settings.setValue(KEY_OVERVIEW_FIRST, first)
