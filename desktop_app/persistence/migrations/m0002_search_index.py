"""Schema version 2: the FTS5 search index over accounts, filled from the existing rows."""

from __future__ import annotations

from typing import Final

from peewee import SqliteDatabase

STATEMENTS: Final = (
    "CREATE VIRTUAL TABLE account_search USING fts5(search_text, content='tier_account',"
    " content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
    "CREATE TRIGGER tier_account_search_insert AFTER INSERT ON tier_account BEGIN"
    " INSERT INTO account_search (rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER tier_account_search_delete AFTER DELETE ON tier_account BEGIN"
    " INSERT INTO account_search (account_search, rowid, search_text)"
    " VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER tier_account_search_update AFTER UPDATE OF search_text ON tier_account BEGIN"
    " INSERT INTO account_search (account_search, rowid, search_text)"
    " VALUES ('delete', old.rowid, old.search_text);"
    " INSERT INTO account_search (rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "INSERT INTO account_search (account_search) VALUES ('rebuild')",
)


def apply(db: SqliteDatabase) -> None:
    """Create the index and its triggers, then index every account."""
    for statement in STATEMENTS:
        db.execute_sql(statement)
