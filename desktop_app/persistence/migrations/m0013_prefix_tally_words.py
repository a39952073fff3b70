"""Schema version 13: a server's search prefix tally splits each account's stored words.

The statement triggers of ``search_prefix_tally`` (schema 3) called ``search_prefixes()`` for
each row, which folds the search text into words again with a regular expression, in a SQL
function call of its own: 33 µs an account inserted, the costliest of the accounts' triggers
(3.2 s of the server's 24 s in an import of 97,293 rows). Each row's ``search_words``
(schema 2's generated column) holds those words already; split there, in the statement
itself, the same prefixes cost 20 µs an account. Inside a server's bulk write the inserts'
prefixes are held back and added once at its end (:mod:`~desktop_app.persistence.
held_tallies`). A file has no such tally: nothing changes on SQLite but the version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from desktop_app.persistence import held_tallies
from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database


def _prefixes(rows: str, sign: str) -> str:
    """Each live account among ``rows`` once under each of its words' first 1-3 characters."""
    return (
        f"SELECT r.type, p.prefix, {sign}1 AS d FROM {rows} r CROSS JOIN LATERAL"
        ' (SELECT DISTINCT left(w, l) COLLATE "C" AS prefix'
        " FROM unnest(string_to_array(trim(r.search_words), ' ')) AS w,"
        " (VALUES (1), (2), (3)) AS s(l) WHERE w <> '') p WHERE r.decommissioned_at IS NULL"
    )


def _tally(parts: str) -> str:
    # in (type, prefix) order, so that two writers lock the rows they share in one order
    return (
        "INSERT INTO search_prefix_tally (type, prefix, n) SELECT type, prefix, sum(d)"
        f" FROM ({parts}) c GROUP BY type, prefix HAVING sum(d) <> 0 ORDER BY type, prefix"
        " ON CONFLICT (type, prefix) DO UPDATE SET n = search_prefix_tally.n + excluded.n;"
    )


def _held(parts: str) -> str:
    """Summed into the bulk write's temporary table (``held_tallies``), added at its end."""
    return (
        f"INSERT INTO pg_temp.{held_tallies.TABLE} (type, prefix, n) SELECT type, prefix,"
        f" sum(d) FROM ({parts}) c GROUP BY type, prefix;"
    )


POSTGRES_STATEMENTS: Final = (
    "CREATE OR REPLACE FUNCTION tally_search_prefixes() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN"
    f" IF TG_OP = 'INSERT' AND current_setting('{held_tallies.SETTING}', true) = 'on' THEN "
    + _held(_prefixes("new_rows", "+"))
    + " ELSIF TG_OP = 'INSERT' THEN "
    + _tally(_prefixes("new_rows", "+"))
    + ""
    " ELSIF TG_OP = 'DELETE' THEN " + _tally(_prefixes("old_rows", "-")) + ""
    " ELSE "
    + _tally(_prefixes("old_rows", "-") + " UNION ALL " + _prefixes("new_rows", "+"))
    + " END IF; RETURN NULL; END $$",
)


def apply(db: Database) -> None:
    """Replace the tally's trigger function on a server; a file needs nothing."""
    if is_postgres(db):
        for statement in POSTGRES_STATEMENTS:
            db.execute_sql(statement)
