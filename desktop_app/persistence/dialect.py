"""What differs between the two backends, in one place: SQLite files and PostgreSQL servers."""

from __future__ import annotations

import re
from typing import Final

from peewee import Database as PeeweeDatabase
from peewee import PostgresqlDatabase

ASCII_UPPER: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ASCII_LOWER: Final = ASCII_UPPER.lower()

POSTGRES_FUNCTIONS: Final = (
    # SQLite's NOCASE: ASCII letters folded, every other character compared by its bytes
    # (the "C" collation), so both backends sort names and cities in the same order
    "CREATE FUNCTION nocase(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT"
    f" PARALLEL SAFE AS $$ SELECT translate(value, '{ASCII_UPPER}', '{ASCII_LOWER}')"
    ' COLLATE "C" $$',
)


def is_postgres(db: PeeweeDatabase) -> bool:
    """True for a team workspace on a PostgreSQL server."""
    return isinstance(db, PostgresqlDatabase)


def postgres_ddl(statement: str) -> str:
    """A frozen SQLite ``CREATE TABLE``/``CREATE INDEX`` as PostgreSQL says it.

    Text compares by its bytes as in SQLite (``COLLATE "C"``, whatever the server's locale),
    and a VARCHAR's length binds no more than SQLite's does (TEXT: ids are checked by the
    domain; a tier config request's id is longer than its frozen VARCHAR(18));
    SQLite's NOCASE columns are plain text there, sorted through ``nocase()`` indexes.
    """
    statement = statement.replace(" COLLATE NOCASE", "")
    statement = re.sub(r"\bVARCHAR\(\d+\)", "TEXT", statement)
    return re.sub(r"\bTEXT( NOT NULL| PRIMARY KEY|,|\))", r'TEXT COLLATE "C"\1', statement)
