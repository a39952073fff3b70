"""Open a team workspace on PostgreSQL: create its schema, migrate it, see what the role may do.

The schema's version is kept in ``schema_version``; the numbered migrations are those of the
SQLite files, each saying its statements as PostgreSQL needs them. Migrations run under an
advisory lock, so two people opening an old workspace at once migrate it once; only the
workspace's owner migrates it (the tables stay its own). A member without any operator account
granted to it opens the workspace read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from desktop_app.persistence.location import ServerAddress
from desktop_app.persistence.migrations import LATEST_VERSION, MIGRATIONS
from desktop_app.persistence.operator_grants import connected, granted
from desktop_app.persistence.postgres_connection import PostgresDatabase
from desktop_app.persistence.workspace_file import DatabaseOpenError
from desktop_app.services.workspace import no_grant_reason

MIGRATION_LOCK: Final = 0x54416363  # the advisory lock's key ("TAcc", as the files' id)
VERSION_TABLE: Final = "schema_version"


@dataclass(frozen=True)
class OpenedServerDatabase:
    """An open team workspace and, when the role may only read it, why."""

    db: PostgresDatabase
    read_only_reason: str | None


def schema_version(db: PostgresDatabase) -> int | None:
    """The workspace's schema version; None when the database holds no workspace."""
    exists = db.execute_sql("SELECT to_regclass(%s) IS NOT NULL", (VERSION_TABLE,)).fetchone()[0]
    if not exists:
        return None
    row = db.execute_sql(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
    return int(row[0] or 0)


def _has_tables(db: PostgresDatabase) -> bool:
    row = db.execute_sql(
        "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() LIMIT 1"
    ).fetchone()
    return row is not None


def _check_character_classes(db: PostgresDatabase) -> None:
    """Refuse a database whose locale does not know letters beyond ASCII (search needs them)."""
    row = db.execute_sql(
        "SELECT 'ü' ~ '[[:alnum:]]' COLLATE \"default\", current_setting('server_encoding')"
    ).fetchone()
    if not row[0] or row[1] != "UTF8":
        raise DatabaseOpenError(
            f"The database {db.address.display} cannot hold a workspace: its encoding or "
            "character type does not know letters beyond ASCII, so the search could not find "
            "words like “Müller”. Create it with UTF-8, for instance: CREATE DATABASE name "
            "ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8' TEMPLATE template0. "
            "Nothing was changed."
        )


def migrate(db: PostgresDatabase, *, create: bool) -> int:
    """Bring the database to the latest schema (from nothing when ``create``), step by step."""
    with db.atomic():
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        version = schema_version(db)
        if version is None:
            if not create:
                raise DatabaseOpenError(
                    f"The database {db.address.display} holds no workspace yet. Create one "
                    f"with: desktop-app init --db {db.address.display}"
                )
            if _has_tables(db):
                raise DatabaseOpenError(
                    f"The database {db.address.display} already holds other tables; a team "
                    "workspace needs an empty database of its own. Nothing was changed."
                )
            _check_character_classes(db)
            db.execute_sql(
                f"CREATE TABLE {VERSION_TABLE} (version INTEGER PRIMARY KEY,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            version = 0
        if version > LATEST_VERSION:
            raise DatabaseOpenError(
                f"This workspace was saved by a newer version of the application (schema "
                f"{version}; this version knows up to {LATEST_VERSION}). Update the application."
            )
        for step in range(version + 1, LATEST_VERSION + 1):
            with db.atomic():
                MIGRATIONS[step](db)
                db.execute_sql(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", (step,))
    return LATEST_VERSION


def write_refusal(db: PostgresDatabase) -> str | None:
    """Why the connected role may not write the workspace; None when it may."""
    row = db.execute_sql(
        "SELECT has_table_privilege('tier_account', 'INSERT, UPDATE')"
        " AND has_table_privilege('tier_account_request', 'INSERT, UPDATE')"
    ).fetchone()
    if row[0]:
        return None
    user = db.execute_sql("SELECT current_user").fetchone()[0]
    return f"the database role {user} may only read it"


def grant_refusal(db: PostgresDatabase) -> str | None:
    """Why a role that may write has to read only: no operator account was granted to it."""
    who = connected(db)
    if who.is_owner or granted(db, who):
        return None
    return no_grant_reason(who.role)


def open_server_database(
    address: ServerAddress, *, create: bool = False, read_only: bool = False
) -> OpenedServerDatabase:
    """Connect to the team workspace at ``address``, migrated to the latest schema.

    ``create`` makes the schema in an empty database (``desktop-app init``). A role that may
    only read opens it read-only, as a write-protected file does.
    """
    db = PostgresDatabase(address).open()
    try:
        version = schema_version(db)
        refusal = write_refusal(db) if version is not None else None
        if read_only or refusal is not None:
            if version is None:
                raise DatabaseOpenError(
                    f"The database {address.display} holds no workspace yet, and "
                    f"{refusal or 'it was opened for reading only'}."
                )
            if version != LATEST_VERSION:
                raise DatabaseOpenError(
                    f"The workspace {address.display} is at schema {version} and "
                    f"{refusal or 'it was opened for reading only'}: someone who may write it "
                    "must open it once with this version first."
                )
            return OpenedServerDatabase(db, refusal or "it was opened for reading only")
        if version != LATEST_VERSION:  # a workspace at the latest schema takes no lock
            if version and version < LATEST_VERSION:  # the new tables must be the owner's too
                who = connected(db)
                if not who.is_owner:
                    raise DatabaseOpenError(
                        f"The workspace {address.display} is at schema {version}: its owner "
                        f"(the database role {who.owner}) must open it once with this version "
                        "first. Nothing was changed."
                    )
            migrate(db, create=create)
        return OpenedServerDatabase(db, grant_refusal(db))
    except BaseException as exc:
        db.close()
        if isinstance(exc, DatabaseOpenError):
            raise
        if isinstance(exc, Exception):
            raise db.connection_error(exc) from exc
        raise
