"""The team workspaces opened lately, kept in the window's settings: addresses, no passwords."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QSettings

from desktop_app.ui.team_workspace.server_fields import ServerFields, UrlError

KEY_RECENT: Final = "team_workspaces/recent"
KEPT: Final = 8


def recent_team_workspaces(settings: QSettings | None) -> list[str]:
    """The URLs opened lately, the latest first (each checked again: none holds a password)."""
    if settings is None:
        return []
    stored = settings.value(KEY_RECENT, [])
    values = [stored] if isinstance(stored, str) else stored if isinstance(stored, list) else []
    found: list[str] = []
    for value in values:
        try:
            fields, _password = ServerFields.from_url(str(value))
        except UrlError:
            continue
        if not fields.issues() and fields.url not in found:
            found.append(fields.url)
    return found


def remember_team_workspace(settings: QSettings | None, fields: ServerFields) -> None:
    """Put ``fields``' URL (which never holds a password) first in the recent list."""
    if settings is None:
        return
    url = fields.url
    kept = [url, *(u for u in recent_team_workspaces(settings) if u != url)][:KEPT]
    settings.setValue(KEY_RECENT, kept)
    settings.sync()
