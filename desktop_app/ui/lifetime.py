"""Letting go of a closing workspace: the timers, models and views under a widget stop reading."""

from __future__ import annotations

import weakref
from typing import Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QObject, QTimer

_T = TypeVar("_T")


@runtime_checkable
class WorkspaceReader(Protocol):
    """Something that reads the workspace (a model, a lazily filled tab) until told to let go."""

    def release_workspace(self) -> None:
        """Read nothing of the workspace from now on: it is being closed."""


def release_workspace(root: QObject) -> None:
    """Stop every timer under ``root``; every reader under it (and itself) lets go.

    Call it before the workspace these objects read is closed, while they may still live on
    (hidden, or waiting for ``deleteLater``): their models then hold no rows and read
    nothing, and a search or refresh that comes later reads nothing either.
    """
    for timer in root.findChildren(QTimer):
        timer.stop()
    for found in (root, *root.findChildren(QObject)):
        if isinstance(found, WorkspaceReader):
            found.release_workspace()


def alive(ref: weakref.ref[_T]) -> _T:
    """What a window's helper holds weakly (the window, which outlives its helpers)."""
    held = ref()
    if held is None:
        raise RuntimeError("The window of this helper is gone")
    return held
