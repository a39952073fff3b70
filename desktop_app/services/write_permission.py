"""The read-only rule, written once: whether the workspace may be written, and every word about it.

A write-protected file, a SELECT-only database role, a damaged file or ``--read-only`` each give
a reason; this module turns it into the one decision the window enables actions by, the one
error the store raises, and every sentence the user reads about it.
"""

from __future__ import annotations

from typing import Final

from desktop_app.domain.errors import StorageError
from desktop_app.services.decision import Decision

READ_ONLY_BADGE: Final = "Read-only"
"""The status bar's badge of a read-only workspace."""
NOTHING_SAVED: Final = "Nothing was saved."
NOTHING_IMPORTED: Final = "Nothing was imported."
NOTHING_RESTORED: Final = "Nothing was restored."
NOTHING_REPAIRED: Final = "Nothing was repaired."
NOTHING_CHANGES: Final = "Nothing can be changed."
"""What a refusal before any input (the wizard) adds to the statement."""


def read_only_statement(reason: str) -> str:
    """``This workspace is read-only: the file … is write-protected.``"""
    return f"This workspace is read-only: {reason}."


def write_permission(reason: str | None) -> Decision:
    """Writing is allowed when there is no read-only ``reason``; else refused with the statement."""
    if reason is None:
        return Decision(True, "")
    return Decision(False, read_only_statement(reason))


class ReadOnlyError(StorageError):
    """A write refused because the workspace can only be read; ``reason`` says why."""

    def __init__(self, reason: str, outcome: str = NOTHING_SAVED) -> None:
        super().__init__(f"{read_only_statement(reason)} {outcome}")
        self.reason = reason


def read_only_banner(reason: str) -> str:
    """The banner above the tabs of a read-only workspace."""
    return (
        f"{read_only_statement(reason)} You can look through it and back it up; "
        "nothing can be changed until it is opened again with write access."
    )


def opened_message(label: str, reason: str | None) -> str:
    """The status bar after another workspace opened in the window."""
    return f"Opened {label}" if reason is None else f"Opened {label}. {read_only_statement(reason)}"


def open_read_only_notice(label: str, reason: str) -> str:
    """What the command line says when the window opens a workspace that can only be read."""
    return f"{label} is open read-only: {reason}."
