"""The Overview's figures, kept by triggers in one table (schema 10): no scan of a million rows.

``overview_tally`` holds one row a (name, key): accounts by state, type and country
(``accounts``, key ``live|customer|DE``), live accounts created and last edited each week
(``created_week`` / ``edited_week``, key the Monday ``YYYY-MM-DD`` of the UTC week), live
children of each parent (``children``, key the parent's id), requests by status
(``requests``), by vendor and status (``vendor_requests``, key ``VA-…|pending``; schema 12),
pending requests by product (``pending_product``) and a checksum of where
every account sits in the trees (``structure``). Every trigger subtracts
the facts of the row before and adds those after, grouped, so an edit that moves nothing
writes nothing. SQLite keeps them row by row; PostgreSQL once a statement (transition tables).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Final

from peewee import Database as PeeweeDatabase

from desktop_app.persistence import triggers
from desktop_app.persistence.dialect import is_postgres

TABLE: Final = "overview_tally"
ACCOUNT_COLUMNS: Final = (
    "type",
    "country",
    "parent_id",
    "decommissioned_at",
    "created_at",
    "updated_at",
    "version",
)
REQUEST_COLUMNS: Final = ("status", "product_id", "vendor_id")
CHECKSUM_MODULUS: Final = 1_000_000_007
"""Keeps each account's part of the trees' checksum under 2^32 (a million fit in 64 bits)."""

Facts = Callable[[str, str, str], str]
"""The (name, key, ±1) rows a table of rows adds (``+``) or takes away (``-``); the week dialect."""


def sqlite_week(column: str) -> str:
    """The Monday (``YYYY-MM-DD``) of the UTC week of a stored time, as SQLite says it."""
    return f"date(substr({column}, 1, 10), '-6 days', 'weekday 1')"


def postgres_week(column: str) -> str:
    """The same on PostgreSQL."""
    return f"to_char(date_trunc('week', substr({column}, 1, 10)::date), 'YYYY-MM-DD')"


def _account_facts(rows: str, sign: str, week: str = "sqlite") -> str:
    weekly = sqlite_week if week == "sqlite" else postgres_week
    live = "r.decommissioned_at IS NULL"
    return (
        "SELECT 'accounts' AS name, CASE WHEN r.decommissioned_at IS NULL THEN 'live'"
        f" ELSE 'deleted' END || '|' || r.type || '|' || r.country AS key, {sign}1 AS d"
        f" FROM {rows} r"
        f" UNION ALL SELECT 'created_week', {weekly('r.created_at')}, {sign}1 FROM {rows} r"
        f" WHERE {live}"
        f" UNION ALL SELECT 'edited_week', {weekly('r.updated_at')}, {sign}1 FROM {rows} r"
        f" WHERE {live} AND r.version > 1"
        f" UNION ALL SELECT 'children', r.parent_id, {sign}1 FROM {rows} r"
        f" WHERE {live} AND r.parent_id IS NOT NULL"
        f" UNION ALL SELECT 'structure', 'checksum', {sign}({_shape_of('r', week)}) FROM {rows} r"
    )


def _shape_of(row: str, week: str) -> str:
    """A number of a row's place in the trees (live, type, parent): the trees' checksum.

    The sum over every account changes when one is created, deleted, moved to another parent
    or changes type, and not when a name or an address is edited: the Overview reads its
    reseller trees again (a walk of every reseller) only when this sum moved.
    """
    digits = f"replace(substr({row}.parent_id, 4), '-', '')"
    if week == "sqlite":
        part = f"CAST({digits} AS INTEGER) % {CHECKSUM_MODULUS}"
    else:  # psycopg reads % as a placeholder
        part = f"mod(CAST({digits} AS BIGINT), {CHECKSUM_MODULUS})"
    return (
        f"(CASE WHEN {row}.decommissioned_at IS NULL THEN 1 ELSE 0 END)"
        f" * (CASE WHEN {row}.type = 'reseller' THEN 3 ELSE 2 END)"
        f" * (1 + coalesce({part}, 0))"
    )


def _request_facts(rows: str, sign: str, _week: str = "") -> str:
    return (
        f"SELECT 'requests' AS name, r.status AS key, {sign}1 AS d FROM {rows} r"
        f" UNION ALL SELECT 'vendor_requests', r.vendor_id || '|' || r.status, {sign}1"
        f" FROM {rows} r"
        f" UNION ALL SELECT 'pending_product', r.product_id, {sign}1 FROM {rows} r"
        " WHERE r.status = 'pending'"
    )


def _tally(facts: str) -> str:
    # in (name, key) order, so that two writers lock the rows they share in one order
    return (
        f"INSERT INTO {TABLE} (name, key, value) SELECT name, key, sum(d) FROM ({facts}) f"
        " GROUP BY name, key HAVING sum(d) <> 0 ORDER BY name, key"
        f" ON CONFLICT (name, key) DO UPDATE SET value = {TABLE}.value + excluded.value;"
    )


def _row(prefix: str, columns: tuple[str, ...]) -> str:
    """One trigger row (``new`` or ``old``) as a table of one row SQLite can select from."""
    return "(SELECT " + ", ".join(f"{prefix}.{c} AS {c}" for c in columns) + ")"


def _sqlite_triggers(table: str, short: str, columns: tuple[str, ...], make: Facts) -> list[str]:
    old, new = _row("old", columns), _row("new", columns)
    return [
        f"CREATE TRIGGER overview_{short}_insert AFTER INSERT ON {table} BEGIN "
        + _tally(make(new, "+", "sqlite"))
        + " END",
        f"CREATE TRIGGER overview_{short}_delete AFTER DELETE ON {table} BEGIN "
        + _tally(make(old, "-", "sqlite"))
        + " END",
        f"CREATE TRIGGER overview_{short}_update AFTER UPDATE OF {', '.join(columns)}"
        f" ON {table} BEGIN "
        + _tally(make(old, "-", "sqlite") + " UNION ALL " + make(new, "+", "sqlite"))
        + " END",
    ]


CREATE_TABLE: Final = (
    f"CREATE TABLE {TABLE} (name TEXT NOT NULL, key TEXT NOT NULL, value INTEGER NOT NULL,"
    " PRIMARY KEY (name, key))"
)
CREATE_INDEXES: Final = (
    # the resellers with the most children: the largest values of one name, from an index
    f'CREATE INDEX "{TABLE}_name_value" ON {TABLE} (name, value)',
    # live accounts last edited in a week (the Directory's filter of the edited chart)
    'CREATE INDEX "tier_account_edited" ON "tier_account" ("updated_at", "id",'
    ' "decommissioned_at", "version") WHERE ("decommissioned_at" IS NULL AND "version" > 1)',
    # deleted accounts (few): the Directory's filter of the deleted ones, by type and country
    'CREATE INDEX "tier_account_deleted" ON "tier_account" ("type", "country", "id")'
    ' WHERE ("decommissioned_at" IS NOT NULL)',
    # deleted accounts newest first (the Directory's order): walked, type and country at hand
    'CREATE INDEX "tier_account_deleted_created_at" ON "tier_account" ("created_at", "id",'
    ' "type", "country") WHERE ("decommissioned_at" IS NOT NULL)',
    # the oldest pending request of a product
    'CREATE INDEX "tier_account_request_pending_product" ON "tier_account_request"'
    ' ("product_id", "created_at") WHERE ("status" = \'pending\')',
)
RECOUNT: Final = (
    f"DELETE FROM {TABLE}",
    f"INSERT INTO {TABLE} (name, key, value) SELECT name, key, sum(d) FROM"
    f" ({_account_facts('tier_account', '+')}) f GROUP BY name, key",
    f"INSERT INTO {TABLE} (name, key, value) SELECT name, key, sum(d) FROM"
    f" ({_request_facts('tier_account_request', '+')}) f GROUP BY name, key",
)
REQUEST_TRIGGER_STATEMENTS: Final = tuple(
    _sqlite_triggers("tier_account_request", "request", REQUEST_COLUMNS, _request_facts)
)
TRIGGER_STATEMENTS: Final = (
    *_sqlite_triggers("tier_account", "account", ACCOUNT_COLUMNS, _account_facts),
    *REQUEST_TRIGGER_STATEMENTS,
)
TRIGGERS: Final = tuple(triggers.named(TRIGGER_STATEMENTS))
STATEMENTS: Final = (CREATE_TABLE, *CREATE_INDEXES, *RECOUNT, *TRIGGER_STATEMENTS)
"""What a new file or the migration runs (SQLite)."""


def postgres_function(name: str, make: Facts) -> str:
    """The statement trigger's function that keeps the facts ``make`` says (made or replaced)."""
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF TG_OP = 'INSERT' THEN " + _tally(make("new_rows", "+", "pg")) + ""
        " ELSIF TG_OP = 'DELETE' THEN " + _tally(make("old_rows", "-", "pg")) + ""
        " ELSE "
        + _tally(make("old_rows", "-", "pg") + " UNION ALL " + make("new_rows", "+", "pg"))
        + " END IF; RETURN NULL; END $$"
    )


def _postgres_triggers(table: str, short: str, function: str) -> list[str]:
    return [
        f"CREATE TRIGGER overview_{short}_insert AFTER INSERT ON {table}"
        f" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER overview_{short}_update AFTER UPDATE ON {table}"
        " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER overview_{short}_delete AFTER DELETE ON {table}"
        f" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


POSTGRES_REQUEST_FUNCTION: Final = postgres_function("overview_requests", _request_facts)
"""The requests' statement triggers' function, replaced by schema 12 (the vendors' figures)."""
POSTGRES_STATEMENTS: Final = (
    f'CREATE TABLE {TABLE} (name TEXT COLLATE "C" NOT NULL, key TEXT COLLATE "C" NOT NULL,'
    " value BIGINT NOT NULL, PRIMARY KEY (name, key))",
    *(s.replace(', "decommissioned_at", "version")', ")") for s in CREATE_INDEXES),
    f"INSERT INTO {TABLE} (name, key, value) SELECT name, key, sum(d) FROM"
    f" ({_account_facts('tier_account', '+', 'pg')}) f GROUP BY name, key",
    f"INSERT INTO {TABLE} (name, key, value) SELECT name, key, sum(d) FROM"
    f" ({_request_facts('tier_account_request', '+')}) f GROUP BY name, key",
    postgres_function("overview_accounts", _account_facts),
    POSTGRES_REQUEST_FUNCTION,
    *_postgres_triggers("tier_account", "account", "overview_accounts"),
    *_postgres_triggers("tier_account_request", "request", "overview_requests"),
    # a superuser migrating the workspace hands the table to the owner of the others; the
    # roles that may write the accounts may write their tallies too (the triggers run as
    # they do): the privileges they hold on tier_account, on the new table (%% is psycopg's %)
    "DO $$ DECLARE owner name := (SELECT tableowner FROM pg_tables"
    " WHERE schemaname = current_schema() AND tablename = 'tier_account'); r record;"
    f" BEGIN IF owner <> current_user AND pg_has_role(current_user, owner, 'MEMBER') THEN"
    f" EXECUTE format('ALTER TABLE {TABLE} OWNER TO %%I', owner); END IF;"
    " FOR r IN SELECT pg_get_userbyid(a.grantee) AS who, a.privilege_type AS what"
    " FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = 'tier_account'::regclass"
    " AND a.grantee <> c.relowner AND a.grantee <> 0"
    " AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE') LOOP"
    f" EXECUTE format('GRANT %%s ON {TABLE} TO %%I', r.what, r.who); END LOOP; END $$",
)


def added_accounts(first_rowid: int) -> str:
    """The statement adding the facts of the accounts from rowid ``first_rowid`` on (SQLite).

    For a bulk write that set the accounts' insert trigger aside and changed no row it added.
    """
    rows = f"(SELECT * FROM tier_account WHERE rowid >= {int(first_rowid)})"
    return _tally(_account_facts(rows, "+"))


VENDOR_RECOUNT: Final = (
    f"DELETE FROM {TABLE} WHERE name = 'vendor_requests'",
    f"INSERT INTO {TABLE} (name, key, value) SELECT 'vendor_requests',"
    " vendor_id || '|' || status, count(*) FROM tier_account_request GROUP BY vendor_id, status",
)
"""Count the requests of each vendor and status once (schema 12; the triggers keep them)."""

EXPECTED: Final = (
    "SELECT name, key, sum(d) FROM ("
    f"{_account_facts('tier_account', '+')} UNION ALL {_request_facts('tier_account_request', '+')}"
    ") f GROUP BY name, key"
)
"""Every figure counted from the rows (a scan): what the table should hold (SQLite)."""


def out_of_step(db: PeeweeDatabase) -> list[str]:
    """The names whose stored figures differ from a count of the rows (a file's check)."""
    expected: dict[tuple[str, str], int] = {}
    for name, key, value in db.execute_sql(EXPECTED).fetchall():
        if value:
            expected[(str(name), str(key))] = int(value)
    stored = {
        (str(name), str(key)): int(value)
        for name, key, value in db.execute_sql(f"SELECT name, key, value FROM {TABLE}").fetchall()
        if value
    }
    return sorted({name for (name, _key), _value in set(expected.items()) ^ set(stored.items())})


def suspended(db: PeeweeDatabase) -> AbstractContextManager[None]:
    """For bulk loads: no per-row upkeep inside, one count of each at the end (SQLite)."""
    if is_postgres(db):
        return nullcontext()
    return triggers.suspended(db, TRIGGERS, (*TRIGGER_STATEMENTS, *RECOUNT))
