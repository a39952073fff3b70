"""The directory's search index: SQLite FTS5 over each account's folded search text.

Words are matched by prefix (``mü`` and ``mul`` both find "Müller", as does ``muller``), so one-
and two-letter terms work; a term with punctuation (an id, an email) must match consecutive
words, the last one by prefix. Triggers keep the index in step with every write path.

The queries over the index are built here (:func:`matching`, :func:`matching_row`,
:func:`count_matching`, :func:`row_bound`), so that the repositories hold no SQLite-specific
text and another database can supply the same functions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, Final

from peewee import (
    SQL,
    Column,
    Expression,
    ModelAlias,
    ModelSelect,
    Node,
    NodeList,
    Select,
    Table,
    fn,
)
from peewee import Database as PeeweeDatabase

from desktop_app.domain.text import SEARCH_WORD_LENGTH_MAX, SEARCH_WORDS_MAX, fold_for_search
from desktop_app.persistence import triggers
from desktop_app.persistence.connection import Database
from desktop_app.persistence.dialect import is_postgres

WALK_HINT: Final = True
"""SQLite walks a sort index only when told: a walked equality is written ``col || ''``."""
TABLE: Final = "account_search"

STATEMENTS: Final = (
    # contentless: the index keeps only words, keyed by the account's rowid; what it holds is
    # exactly the live accounts, so no check ever compares it with the table itself
    "CREATE VIRTUAL TABLE account_search USING fts5(search_text, content='',"
    " tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
    # only live accounts are indexed, so counting matches needs no look at the table
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
)
REFILL: Final = (
    "INSERT INTO account_search (account_search) VALUES ('delete-all')",
    "INSERT INTO account_search (rowid, search_text)"
    " SELECT rowid, search_text FROM tier_account WHERE decommissioned_at IS NULL",
)

TRIGGERS: Final = tuple(triggers.named(STATEMENTS[1:]))


def suspended(db: PeeweeDatabase) -> AbstractContextManager[None]:
    """For bulk loads: no per-row index upkeep inside, one full rebuild at the end.

    On PostgreSQL the search index is an ordinary index: a bulk load drops and builds it
    again with the others.
    """
    if is_postgres(db):
        return nullcontext()
    return triggers.suspended(db, TRIGGERS, (*STATEMENTS[1:], *REFILL))


DEFAULT_AUTOMERGE: Final = 4
"""FTS5's own default for how many segments of a level are merged as writes go."""
_JOURNAL: Final = "account_search_journal"


def _defer(first_new: int) -> tuple[str, ...]:
    """The journal of the accounts present before row ``first_new`` that a bulk write touches.

    The first text each such row had in the index (NULL: it was not there) is kept in the
    connection's temp schema, which commits and rolls back with the transaction. Rows added
    from ``first_new`` on need no note: the catch-up takes them by rowid (a trigger a new row
    cost ~14 µs, a seventh of writing it).
    """
    old = f"old.rowid < {int(first_new)}"
    return (
        f"CREATE TEMP TABLE {_JOURNAL} (row INTEGER PRIMARY KEY, old_text TEXT)",
        "CREATE TEMP TRIGGER account_search_defer_update"
        f" AFTER UPDATE OF search_text, decommissioned_at ON main.tier_account WHEN {old} BEGIN"
        f" INSERT OR IGNORE INTO {_JOURNAL} (row, old_text) VALUES (old.rowid,"
        " CASE WHEN old.decommissioned_at IS NULL THEN old.search_text END); END",
        "CREATE TEMP TRIGGER account_search_defer_delete"
        f" AFTER DELETE ON main.tier_account WHEN {old} BEGIN"
        f" INSERT OR IGNORE INTO {_JOURNAL} (row, old_text) VALUES (old.rowid,"
        " CASE WHEN old.decommissioned_at IS NULL THEN old.search_text END); END",
    )


# each in rowid order: FTS5 writes its pending words out whenever a rowid comes below the one
# before, which SQLite's own plan (the accounts through an index of their ids) made nearly
# every row, 5.3 s for 97,293 new rows where this takes 1.5 s
_CATCH_UP: Final = (
    "INSERT INTO account_search (account_search, rowid, search_text)"
    f" SELECT 'delete', row, old_text FROM {_JOURNAL} WHERE old_text IS NOT NULL",
    # the rows noted (CROSS JOIN keeps the journal outside; each account found by its rowid)
    "INSERT INTO account_search (rowid, search_text) SELECT a.rowid, a.search_text"
    f" FROM {_JOURNAL} j CROSS JOIN tier_account a NOT INDEXED ON a.rowid = j.row"
    " WHERE a.decommissioned_at IS NULL ORDER BY j.row",
    # then the rows added (one that took the rowid of a row deleted before is among those noted)
    "INSERT INTO account_search (rowid, search_text) SELECT a.rowid, a.search_text"
    " FROM tier_account a NOT INDEXED WHERE a.rowid >= ? AND a.decommissioned_at IS NULL"
    " ORDER BY a.rowid",
)
_UNDEFER: Final = (
    "DROP TRIGGER temp.account_search_defer_update",
    "DROP TRIGGER temp.account_search_defer_delete",
    f"DROP TABLE temp.{_JOURNAL}",
)


def _next_rowid(db: Database) -> int:
    """Above every account's rowid: where SQLite numbers the rows added next."""
    return int(db.execute_sql("SELECT coalesce(max(rowid), 0) + 1 FROM tier_account").fetchone()[0])


@contextmanager
def deferred(db: Database) -> Iterator[None]:
    """For many writes in one transaction (an import): the index catches up once, at the end.

    FTS5 writes its pending words out at every statement that touches it, which makes a
    row-by-row upkeep cost ~0.3 ms a row; here the rows changed are only noted (new ones not
    even that), and indexed together before the caller commits. A failure inside rolls
    everything back with the caller's transaction, the triggers and the index included.
    """
    for name in TRIGGERS:
        db.execute_sql(f"DROP TRIGGER {name}")
    first_new = _next_rowid(db)
    for statement in _defer(first_new):
        db.execute_sql(statement)
    yield
    noted = db.execute_sql(f"SELECT 1 FROM {_JOURNAL} LIMIT 1").fetchone() is not None
    if not noted and _next_rowid(db) <= first_new:
        for statement in (*_UNDEFER, *STATEMENTS[1:]):  # nothing to catch up with
            db.execute_sql(statement)
        return
    row = db.execute_sql("SELECT v FROM account_search_config WHERE k = 'automerge'").fetchone()
    automerge = int(row[0]) if row is not None else DEFAULT_AUTOMERGE
    # one long insert: merging segments as it goes costs a third of it; later writes merge
    db.execute_sql(f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('automerge', 0)")
    db.execute_sql(_CATCH_UP[0])
    db.execute_sql(_CATCH_UP[1])
    db.execute_sql(_CATCH_UP[2], (first_new,))
    for statement in (*_UNDEFER, *STATEMENTS[1:]):
        db.execute_sql(statement)
    db.execute_sql(f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('automerge', ?)", (automerge,))
    if row is None:  # it was FTS5's default: leave no setting behind (the same value)
        db.execute_sql("DELETE FROM account_search_config WHERE k = 'automerge'")


WALK_COST: Final = 133
"""A row tested while walking a sort index costs about 133 times a match collected (0.2 ms and
1.5 µs at a million accounts): walk when reach × rows / matches × 133 < matches."""
SET_WALK_COSTS: Final = (1 / 10, 1 / 6)
"""A match collected into a set (~0.12 µs), and a row walked in a sort index looked up in that
set (~0.2 µs), against a match collected and sorted (~1.2 µs; 0.9-2), at a million accounts:
for a search matching from a few thousand accounts to about a third of them, the set and the
walk together cost least (the benchmark's 139 typed texts: 1,319 ms in all before, 688 now)."""
MAX_TERMS: Final = SEARCH_WORDS_MAX
MAX_TERM_LENGTH: Final = SEARCH_WORD_LENGTH_MAX


def _is_token_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN" or unicodedata.category(char) == "Co"


def tokens(text: str) -> list[str]:
    """The words the index holds for ``text``: folded runs of letters and digits."""
    folded = fold_for_search(text)
    words: list[str] = []
    current: list[str] = []
    for char in folded:
        if _is_token_char(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def match_expression(search: str) -> str | None:
    """An FTS5 query for a search box text; None when it has no word to look for.

    Each whitespace-separated term becomes a phrase of its words with the last one a prefix;
    every term must match. Words are quoted, so no input can use FTS5 syntax.
    """
    phrases = ['"' + " ".join(words) + '"*' for words in search_terms(search)]
    return " ".join(phrases) if phrases else None


def search_terms(search: str) -> list[list[str]]:
    """The words of each term of a search box text, as the index is asked for them."""
    terms = [[w[:MAX_TERM_LENGTH] for w in tokens(t)] for t in search.split()[:MAX_TERMS]]
    return [t for t in terms if t]


def matches(search_text: str, search: str) -> bool:
    """The same rule as the index, in plain Python (for checks and tests)."""
    return matches_terms(tokens(search_text), search_terms(search))


def matches_terms(haystack: list[str], terms: list[list[str]]) -> bool:
    """:func:`matches` for text and search already split into words."""
    if not terms:
        return False
    for words in terms:
        last = len(words) - 1
        if not any(
            haystack[i : i + last] == words[:last] and haystack[i + last].startswith(words[last])
            for i in range(len(haystack) - last)
        ):
            return False
    return True


# -- the index in queries --------------------------------------------------------------------

_INDEX: Final = Table(TABLE)


def _row_key(source: Node) -> Column:
    # SQLite's implicit rowid keys the contentless index: no model field names it
    return Column(source, "rowid")


def _match(index: Node, expression: Node) -> Expression:
    # FTS5's MATCH on its hidden column named as the table: peewee's core has no operator for it
    return Expression(Column(index, TABLE), "MATCH", expression)


def search_params(search: str) -> list[str] | None:
    """The parameters of a search: its one FTS5 query; None when it has no word to look for."""
    expression = match_expression(search)
    return None if expression is None else [expression]


def matching(account: ModelAlias[Any], params: Sequence[Node]) -> Expression:
    """The accounts the search ``expression`` (a :func:`match_expression`) matches, as a set.

    Every match is collected from the index first: the cheaper way for a narrow search.
    """
    matched = _INDEX.select(_row_key(_INDEX)).where(_match(_INDEX, params[0]))
    return _row_key(account).in_(matched)


def matching_row(account: ModelAlias[Any], params: Sequence[Node]) -> Node:
    """:func:`matching` tested row by row: each account looked up in the index.

    For walking a sort index under a search that matches a large share of the accounts.
    """
    index = _INDEX.alias("f")
    return fn.EXISTS(
        index.select(_row_key(index)).where(
            _match(index, params[0]), _row_key(index) == _row_key(account)
        )
    )


def matching_walked(account: ModelAlias[Any], params: Sequence[Node]) -> Node:
    """:func:`matching` for a walk of a sort index: each row looked up in the matches' set.

    The matches are collected once (SQLite keeps them in a set for the statement); the unary
    plus keeps the planner from seeking the matches by rowid, so that the sort index is walked.
    """
    matched = _INDEX.select(_row_key(_INDEX)).where(_match(_INDEX, params[0]))
    return NodeList((SQL("+"), _row_key(account))).in_(matched)


def matched_rows(params: Sequence[Node], limit: int) -> Select:
    """How many accounts the search ``expression`` matches, at most ``limit``, and their rowids.

    The rowids as a JSON list, made by SQLite (a Python object a match cost twice as much).
    """
    found = (
        _INDEX.select(_row_key(_INDEX).alias("r"))
        .where(_match(_INDEX, params[0]))
        .limit(limit)
        .alias("m")
    )
    return Select([found], [fn.COUNT(SQL("*")), fn.json_group_array(found.c.r)])


def matching_given(
    account: ModelAlias[Any], params: Sequence[Node], *, walked: bool = False
) -> Expression:
    """:func:`matching` from the matches read before: their rowids, a JSON list.

    The search index is not asked again. Each account is found by its rowid, or, ``walked``,
    each row a sort index walks is looked up in the list (as :func:`matching_walked` does).
    """
    given = Select([fn.json_each(params[0])], [SQL("value")])
    row = NodeList((SQL("+"), _row_key(account))) if walked else _row_key(account)
    return row.in_(given)


def count_matching(params: Sequence[Node]) -> Select:
    """How many live accounts the search ``expression`` matches.

    The index holds live accounts only: counting needs no look at the accounts' table.
    """
    return _INDEX.select(fn.COUNT(SQL("*"))).where(_match(_INDEX, params[0]))


def line_key(account: ModelAlias[Any]) -> Node:
    """What a directory page gives for each row and its lines are read by: the rowid.

    Each line is then found by the table's own key, not through the ids' index (one more
    b-tree a row: 1.6 -> 1.0 ms for 200 lines at a million accounts).
    """
    return _row_key(account)


def row_bound(account: ModelAlias[Any]) -> ModelSelect[Any]:
    """At least the number of accounts, live or not, read without a scan (the largest rowid)."""
    return account.select(fn.MAX(_row_key(account)))
