"""Schema version 3: live accounts of each type and pending requests, one row each, by triggers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database

STATEMENTS: Final = (
    "CREATE TABLE tally (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'live_customer', count(*) FROM tier_account WHERE decommissioned_at IS NULL AND type = 'customer'",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'live_reseller', count(*) FROM tier_account WHERE decommissioned_at IS NULL AND type = 'reseller'",
    "INSERT OR REPLACE INTO tally (name, value) SELECT 'pending_requests', count(*) FROM tier_account_request WHERE status = 'pending'",
    "CREATE TRIGGER tally_account_insert AFTER INSERT ON tier_account WHEN new.decommissioned_at IS NULL BEGIN UPDATE tally SET value = value + 1 WHERE name = 'live_' || new.type; END",
    "CREATE TRIGGER tally_account_delete AFTER DELETE ON tier_account WHEN old.decommissioned_at IS NULL BEGIN UPDATE tally SET value = value - 1 WHERE name = 'live_' || old.type; END",
    "CREATE TRIGGER tally_account_update AFTER UPDATE OF type, decommissioned_at ON tier_account WHEN old.type IS NOT new.type OR (old.decommissioned_at IS NULL) != (new.decommissioned_at IS NULL) BEGIN UPDATE tally SET value = value - 1 WHERE old.decommissioned_at IS NULL AND name = 'live_' || old.type; UPDATE tally SET value = value + 1 WHERE new.decommissioned_at IS NULL AND name = 'live_' || new.type; END",
    "CREATE TRIGGER tally_request_insert AFTER INSERT ON tier_account_request WHEN new.status = 'pending' BEGIN UPDATE tally SET value = value + 1 WHERE name = 'pending_requests'; END",
    "CREATE TRIGGER tally_request_delete AFTER DELETE ON tier_account_request WHEN old.status = 'pending' BEGIN UPDATE tally SET value = value - 1 WHERE name = 'pending_requests'; END",
    "CREATE TRIGGER tally_request_update AFTER UPDATE OF status ON tier_account_request WHEN (old.status = 'pending') != (new.status = 'pending') BEGIN UPDATE tally SET value = value + (new.status = 'pending') - (old.status = 'pending') WHERE name = 'pending_requests'; END",
)


def _counted(rows: str, sign: str) -> str:
    """Add (``+``) or take away (``-``) the live accounts of each type among ``rows``."""
    return (
        f"UPDATE tally t SET value = t.value {sign} n.c FROM (SELECT 'live_' || type AS name,"
        f" count(*) AS c FROM {rows} WHERE decommissioned_at IS NULL GROUP BY type) n"
        " WHERE t.name = n.name;"
    )


def _pending(rows: str, sign: str) -> str:
    return (
        f"UPDATE tally SET value = value {sign} (SELECT count(*) FROM {rows}"
        " WHERE status = 'pending') WHERE name = 'pending_requests';"
    )


def _prefixes(rows: str, sign: str) -> str:
    """Each live account among ``rows`` counted once under each of its search prefixes."""
    return (
        f"SELECT r.type, p.prefix, {sign}1 AS d FROM {rows} r,"
        " search_prefixes(r.search_text) AS p(prefix) WHERE r.decommissioned_at IS NULL"
    )


def _tally_prefixes(parts: str) -> str:
    # in (type, prefix) order, so that two writers lock the rows they share in one order
    return (
        "INSERT INTO search_prefix_tally (type, prefix, n) SELECT type, prefix, sum(d)"
        f" FROM ({parts}) c GROUP BY type, prefix HAVING sum(d) <> 0 ORDER BY type, prefix"
        " ON CONFLICT (type, prefix) DO UPDATE SET n = search_prefix_tally.n + excluded.n;"
    )


# The live accounts of each type whose search text has a word starting with each one-, two-
# or three-character prefix: what a search of one such word counts. Such a search matches
# thousands of accounts or half of them, which an index of words finds only by visiting
# each (tens of milliseconds to seconds at a million); SQLite's FTS5 counts them in its
# prefix index. Typing a word asks for its first three letters one after the other.
_PREFIX_STATEMENTS: Final = (
    'CREATE TABLE search_prefix_tally (type TEXT COLLATE "C" NOT NULL,'
    ' prefix TEXT COLLATE "C" NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (type, prefix))',
    # the distinct first one, two and three characters of each word, as search_words() splits them
    "CREATE FUNCTION search_prefixes(value text) RETURNS SETOF text LANGUAGE sql IMMUTABLE"
    ' STRICT PARALLEL SAFE AS $$ SELECT DISTINCT left(w, l) COLLATE "C"'
    " FROM unnest(string_to_array(trim(search_words(value)), ' ')) AS w,"
    " (VALUES (1), (2), (3)) AS s(l) WHERE w <> '' $$",
    "INSERT INTO search_prefix_tally (type, prefix, n) SELECT type, prefix, count(*)"
    " FROM tier_account, search_prefixes(search_text) AS p(prefix)"
    " WHERE decommissioned_at IS NULL GROUP BY type, prefix",
    "CREATE FUNCTION tally_search_prefixes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF TG_OP = 'INSERT' THEN " + _tally_prefixes(_prefixes("new_rows", "+")) + ""
    " ELSIF TG_OP = 'DELETE' THEN " + _tally_prefixes(_prefixes("old_rows", "-")) + ""
    " ELSE "
    + _tally_prefixes(_prefixes("old_rows", "-") + " UNION ALL " + _prefixes("new_rows", "+"))
    + " END IF; RETURN NULL; END $$",
    "CREATE TRIGGER tally_prefix_insert AFTER INSERT ON tier_account"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION tally_search_prefixes()",
    "CREATE TRIGGER tally_prefix_update AFTER UPDATE ON tier_account"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION tally_search_prefixes()",
    "CREATE TRIGGER tally_prefix_delete AFTER DELETE ON tier_account"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION tally_search_prefixes()",
)


# once per statement, over the rows it wrote (transition tables): a seed of a million
# accounts pays one update of each tally, not a million
POSTGRES_STATEMENTS: Final = (
    'CREATE TABLE tally (name TEXT COLLATE "C" PRIMARY KEY, value BIGINT NOT NULL)',
    "INSERT INTO tally (name, value) VALUES ('live_customer', 0), ('live_reseller', 0),"
    " ('pending_requests', 0)",
    "UPDATE tally t SET value = n.c FROM (SELECT 'live_' || type AS name, count(*) AS c"
    " FROM tier_account WHERE decommissioned_at IS NULL GROUP BY type) n WHERE t.name = n.name",
    "UPDATE tally SET value = (SELECT count(*) FROM tier_account_request"
    " WHERE status = 'pending') WHERE name = 'pending_requests'",
    "CREATE FUNCTION tally_accounts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF TG_OP IN ('UPDATE', 'DELETE') THEN " + _counted("old_rows", "-") + " END IF;"
    " IF TG_OP IN ('UPDATE', 'INSERT') THEN " + _counted("new_rows", "+") + " END IF;"
    " RETURN NULL; END $$",
    "CREATE FUNCTION tally_requests() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF TG_OP IN ('UPDATE', 'DELETE') THEN " + _pending("old_rows", "-") + " END IF;"
    " IF TG_OP IN ('UPDATE', 'INSERT') THEN " + _pending("new_rows", "+") + " END IF;"
    " RETURN NULL; END $$",
    "CREATE TRIGGER tally_account_insert AFTER INSERT ON tier_account"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_accounts()",
    "CREATE TRIGGER tally_account_update AFTER UPDATE ON tier_account"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION tally_accounts()",
    "CREATE TRIGGER tally_account_delete AFTER DELETE ON tier_account"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_accounts()",
    "CREATE TRIGGER tally_request_insert AFTER INSERT ON tier_account_request"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_requests()",
    "CREATE TRIGGER tally_request_update AFTER UPDATE ON tier_account_request"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION tally_requests()",
    "CREATE TRIGGER tally_request_delete AFTER DELETE ON tier_account_request"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_requests()",
    *_PREFIX_STATEMENTS,
)


def apply(db: Database) -> None:
    """Create the tallies and their triggers, counting each once."""
    for statement in POSTGRES_STATEMENTS if is_postgres(db) else STATEMENTS:
        db.execute_sql(statement)
