"""A server's bulk write holds its search prefix tallies back and adds them once, at its end.

The triggers of ``search_prefix_tally`` (schemas 3 and 13) add each statement's prefixes to
their rows with an upsert. An import sends a ``COPY`` every 5,000 accounts, and each upsert
of the same thousands of rows in one transaction leaves another version of each behind, which
the next one's uniqueness check reads again: 55 µs an account at 5,000 a statement against
21 µs at 25,000 (50,000 accounts inserted, the trigger's own time). Inside a bulk write the
trigger sums each statement's prefixes into a temporary table instead (schema 13: when
:data:`SETTING` is on), and :data:`APPLY` adds them all with one upsert before it commits,
which also locks the shared tally rows for a moment at the end rather than from the first
batch on (another member's new account waits for them). Until then the transaction's own
count of a short search leaves its new accounts out (nobody else sees them before it commits).
"""

from __future__ import annotations

from typing import Final

SETTING: Final = "desktop_app.held_tallies"
"""When ``on``, the prefix tally's insert trigger adds to :data:`TABLE` instead."""
TABLE: Final = "held_prefix_tally"
"""The session's temporary table of the prefixes held back (dropped when the write ends)."""

MAY_HOLD: Final = "SELECT has_database_privilege(current_database(), 'TEMPORARY')"
"""Whether the connected role may make the temporary table (PUBLIC may unless revoked)."""
HOLD: Final = (
    f'CREATE TEMPORARY TABLE IF NOT EXISTS {TABLE} (type text COLLATE "C" NOT NULL,'
    ' prefix text COLLATE "C" NOT NULL, n bigint NOT NULL) ON COMMIT DROP',
    f"SET LOCAL {SETTING} = on",
)
APPLY: Final = (
    # in (type, prefix) order, so that two writers lock the rows they share in one order
    f"WITH held AS (DELETE FROM pg_temp.{TABLE} RETURNING type, prefix, n)"
    " INSERT INTO search_prefix_tally (type, prefix, n) SELECT type, prefix, sum(n) FROM held"
    " GROUP BY type, prefix HAVING sum(n) <> 0 ORDER BY type, prefix"
    " ON CONFLICT (type, prefix) DO UPDATE SET n = search_prefix_tally.n + excluded.n",
    f"SET LOCAL {SETTING} = off",
)
