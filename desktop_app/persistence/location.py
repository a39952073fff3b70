"""Where a workspace lives: a local SQLite file, or a team database on a PostgreSQL server.

``--db`` takes either a path or a ``postgresql://user@host:port/dbname`` URL. A password is
never kept: libpq finds it itself (``PGPASSWORD``, ``~/.pgpass``, a ``PGSERVICE`` entry), and
one written into the URL is taken out of everything shown, logged or saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit, urlunsplit

SCHEMES: Final = ("postgresql", "postgres")


class LocationError(ValueError):
    """A ``--db`` value that names no usable workspace; the message says why."""


@dataclass(frozen=True)
class ServerAddress:
    """A team workspace: one database on a PostgreSQL server."""

    url: str
    """As given, password included (only ever handed to libpq)."""
    host: str
    port: int | None
    database: str
    user: str | None
    password: str | None = field(default=None, repr=False, compare=False)
    """Typed in by the user when the server asked for it: kept in memory only, never shown."""

    def with_password(self, password: str | None) -> ServerAddress:
        """The same address, connecting with ``password`` (over any in the URL)."""
        return replace(self, password=password)

    @property
    def display(self) -> str:
        """The URL without a password: what titles, messages, logs and settings show."""
        parts = urlsplit(self.url)
        netloc = parts.hostname or ""
        if ":" in netloc:  # an IPv6 address
            netloc = f"[{netloc}]"
        if parts.port is not None:
            netloc = f"{netloc}:{parts.port}"
        if parts.username:
            netloc = f"{parts.username}@{netloc}"
        return urlunsplit(("postgresql", netloc, parts.path, parts.query, ""))

    @property
    def name(self) -> str:
        """A short name: the database and its host."""
        return f"{self.database} on {self.host}"

    def __str__(self) -> str:
        return self.display


Location = Path | ServerAddress


def is_server_url(text: str) -> bool:
    """True when ``text`` is a PostgreSQL URL rather than a file name."""
    return any(text.lower().startswith(f"{scheme}://") for scheme in SCHEMES)


def parse_location(text: str | Path) -> Location:
    """A file path, or a server address for a ``postgresql://`` URL (checked, not connected)."""
    if isinstance(text, Path) or not is_server_url(text):
        return Path(text).expanduser()
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        raise LocationError(f"The port in {_without_password(text)} is not a number.") from None
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise LocationError(
            f"{_without_password(text)} names no database: add it at the end, as in "
            "postgresql://user@host:5432/dbname."
        )
    return ServerAddress(
        url=text,
        host=parts.hostname or "localhost",
        port=port,
        database=database,
        user=unquote(parts.username) if parts.username else None,
    )


def _without_password(text: str) -> str:
    parts = urlsplit(text)
    if parts.password is None:
        return text
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}@{netloc}", parts.path, parts.query, ""))


def describe(location: Location) -> str:
    """How messages name the workspace: the file's path or the URL without a password."""
    return str(location)
