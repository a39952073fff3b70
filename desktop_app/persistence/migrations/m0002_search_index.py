"""Schema version 2: the FTS5 search index over live accounts, and sort indexes by type and parent."""

from __future__ import annotations

from typing import Final

from peewee import SqliteDatabase

STATEMENTS: Final = (
    # contentless: the index keeps only words, keyed by the account's rowid; what it holds is
    # exactly the live accounts, so no check ever compares it with the table itself
    "CREATE VIRTUAL TABLE account_search USING fts5(search_text, content='',"
    " tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
    "CREATE TRIGGER tier_account_search_insert AFTER INSERT ON tier_account"
    " WHEN new.decommissioned_at IS NULL BEGIN"
    " INSERT INTO account_search (rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER tier_account_search_delete AFTER DELETE ON tier_account"
    " WHEN old.decommissioned_at IS NULL BEGIN"
    " INSERT INTO account_search (account_search, rowid, search_text)"
    " VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER tier_account_search_update"
    " AFTER UPDATE OF search_text, decommissioned_at ON tier_account BEGIN"
    " INSERT INTO account_search (account_search, rowid, search_text)"
    " SELECT 'delete', old.rowid, old.search_text WHERE old.decommissioned_at IS NULL;"
    " INSERT INTO account_search (rowid, search_text)"
    " SELECT new.rowid, new.search_text WHERE new.decommissioned_at IS NULL; END",
    "INSERT INTO account_search (rowid, search_text)"
    " SELECT rowid, search_text FROM tier_account WHERE decommissioned_at IS NULL",
    # sorting by type or parent walks an index to its first page instead of sorting a group
    'DROP INDEX "tier_account_type_name"',
    'CREATE INDEX "tier_account_type_id" ON "tier_account" ("type", "id")',
    'CREATE INDEX "tier_account_parent_id_id" ON "tier_account" ("parent_id", "id")',
)


def apply(db: SqliteDatabase) -> None:
    """Create the index and its triggers, then index every account."""
    for statement in STATEMENTS:
        db.execute_sql(statement)
