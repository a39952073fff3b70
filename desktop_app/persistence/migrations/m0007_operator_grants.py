"""Schema version 7: on a server, which database role may act as which operator account.

A file has one user and needs nothing. On PostgreSQL ``operator_grant`` holds one row per
role and vendor or provider account it may act as; only the workspace's owner (the role owning
its tables) writes it, members get ``SELECT`` from ``desktop-app grant``. Its changes are
counted and announced like the other tables', so open windows follow a grant or a revoke.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database

POSTGRES_STATEMENTS: Final = (
    'CREATE TABLE operator_grant (role TEXT COLLATE "C" NOT NULL,'
    ' operator_id TEXT COLLATE "C" NOT NULL REFERENCES operator_account (id),'
    " PRIMARY KEY (role, operator_id))",
    "CREATE INDEX operator_grant_operator_id ON operator_grant (operator_id)",
    "REVOKE ALL ON operator_grant FROM PUBLIC",
    # a superuser migrating the workspace hands the table to the owner of the others (%% is
    # psycopg's %)
    "DO $$ DECLARE owner name := (SELECT tableowner FROM pg_tables"
    " WHERE schemaname = current_schema() AND tablename = 'tier_account');"
    " BEGIN IF owner <> current_user AND pg_has_role(current_user, owner, 'MEMBER') THEN"
    " EXECUTE format('ALTER TABLE operator_grant OWNER TO %%I', owner); END IF; END $$",
    "CREATE TRIGGER operator_grant_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
    " ON operator_grant FOR EACH STATEMENT EXECUTE FUNCTION note_change()",
)


def apply(db: Database) -> None:
    """On a server, the grants table (the owner's alone to write); on a file nothing."""
    if is_postgres(db):
        for statement in POSTGRES_STATEMENTS:
            db.execute_sql(statement)
