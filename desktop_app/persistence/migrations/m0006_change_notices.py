"""Schema version 6: on a server, every committed change is counted and announced.

A file needs nothing (SQLite's ``PRAGMA data_version`` tells a window that another connection
wrote). On PostgreSQL one row counts the statements that changed the workspace, and each
such transaction sends a ``NOTIFY`` naming the tables it touched, which other windows listen to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database

CHANNEL: Final = "workspace_changes"
WATCHED: Final = (
    "tier_account",
    "tier_account_request",
    "tier_account_version",
    "product",
    "operator_account",
    "hub",
    "marketplace",
    "subscription",
    "fulfillment_request",
    "tier_config",
    "tier_config_request",
    "app_user",
    "setting",
)
POSTGRES_STATEMENTS: Final = (
    "CREATE TABLE change_counter (value BIGINT NOT NULL)",
    "INSERT INTO change_counter (value) VALUES (0)",
    "CREATE FUNCTION note_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " UPDATE change_counter SET value = value + 1;"
    f" PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$",
    *(
        f"CREATE TRIGGER {table}_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
        f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION note_change()"
        for table in WATCHED
    ),
)


def apply(db: Database) -> None:
    """On a server, the counter, its trigger on each table, and the notices; else nothing."""
    if is_postgres(db):
        for statement in POSTGRES_STATEMENTS:
            db.execute_sql(statement)
