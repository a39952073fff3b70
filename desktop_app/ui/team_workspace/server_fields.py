"""A team workspace's address as the dialog's fields hold it, checked and turned into a URL."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, unquote, urlsplit

DEFAULT_PORT: Final = 5432
SCHEMES: Final = ("postgresql", "postgres")
HOST: Final = "host"
PORT: Final = "port"
DATABASE: Final = "database"
USER: Final = "user"


def login_name() -> str:
    """The OS user name (libpq's own default user); empty when there is none."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes and services
        return ""


class UrlError(ValueError):
    """Pasted text that is no usable postgresql:// URL; the message says why."""


@dataclass(frozen=True)
class ServerFields:
    """Host, port, database and user as typed (the port as text: it may be wrong)."""

    host: str = ""
    port: str = str(DEFAULT_PORT)
    database: str = ""
    user: str = ""

    def issues(self) -> dict[str, str]:
        """A message per field in error (``host``, ``port``, ``database``); empty when valid."""
        found: dict[str, str] = {}
        if not self.host.strip():
            found[HOST] = "Enter the server's host name or address."
        elif any(c in self.host for c in "/@?# ") or self.host.strip().count(":") == 1:
            found[HOST] = "A host name or address only: the port goes in its own field."
        port = self.port.strip()
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            found[PORT] = "The port is a number from 1 to 65535 (PostgreSQL's is 5432)."
        if not self.database.strip():
            found[DATABASE] = "Enter the name of the team workspace's database."
        return found

    @property
    def url(self) -> str:
        """``postgresql://user@host:port/database``: never with a password."""
        host = self.host.strip()
        if ":" in host:  # an IPv6 address
            host = f"[{host.strip('[]')}]"
        user = quote(self.user.strip(), safe="")
        who = f"{user}@" if user else ""
        database = quote(self.database.strip(), safe="")
        return f"postgresql://{who}{host}:{int(self.port.strip())}/{database}"

    @classmethod
    def from_url(cls, text: str) -> tuple[ServerFields, str | None]:
        """The fields of a pasted URL, and the password it holds (None when it holds none)."""
        text = text.strip()
        if not any(text.lower().startswith(f"{scheme}://") for scheme in SCHEMES):
            raise UrlError("A team workspace's URL starts with postgresql://")
        parts = urlsplit(text)
        try:
            port = parts.port
        except ValueError:
            raise UrlError("The port in this URL is not a number from 1 to 65535.") from None
        database = unquote(parts.path.lstrip("/"))
        if not database or "/" in database:
            raise UrlError("This URL names no database: add /dbname at its end.")
        fields = cls(
            host=parts.hostname or "localhost",
            port=str(port or DEFAULT_PORT),
            database=database,
            user=unquote(parts.username) if parts.username else login_name(),
        )
        password = unquote(parts.password) if parts.password is not None else None
        return fields, password
