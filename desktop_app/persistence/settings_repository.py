"""The workspace's key/value settings, in plain SQL."""

from __future__ import annotations

from desktop_app.persistence.repository_base import Repository


class SqlSettingsRepository(Repository):
    """Key/value settings of the workspace."""

    def get(self, key: str) -> str | None:
        """The value or None."""
        value = self._scalar("SELECT value FROM setting WHERE key = ?", (key,))
        return None if value is None else str(value)

    def put(self, key: str, value: str) -> None:
        """Set a value."""
        self._run(
            "INSERT INTO setting (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
