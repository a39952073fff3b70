"""The workspace's key/value settings, through peewee."""

from __future__ import annotations

from peewee import Insert, Select

from desktop_app.persistence.models import Setting
from desktop_app.persistence.prepared import slot
from desktop_app.persistence.repository_base import Repository


def _value_of() -> Select:
    return Setting.select(Setting.value).where(Setting.key == slot(0))


def _put() -> Insert:
    return Setting.insert(key=slot(0), value=slot(1)).on_conflict(
        conflict_target=[Setting.key], preserve=[Setting.value]
    )


class SqlSettingsRepository(Repository):
    """Key/value settings of the workspace."""

    def get(self, key: str) -> str | None:
        """The value or None."""
        value = self._scalar(self._prepare(_value_of), (key,))
        return None if value is None else str(value)

    def put(self, key: str, value: str) -> None:
        """Set a value."""
        self._run(self._prepare(_put), (key, value))
