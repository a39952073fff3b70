"""The directory's search on PostgreSQL: the same rule as FTS5, through a trigram index.

An account's search text is already folded (case and accents); ``search_words()`` (schema
version 2) turns it into its words one space apart, with one in front, kept in a generated
column of the same name. Each term of the
search box becomes its words the same way (:func:`search_index.search_terms`) and must appear
as a phrase at a word start, the last word as a prefix: ``LIKE '% w1 w2%'``. pg_trgm's GIN
index finds the candidates from the words' trigrams and ``LIKE`` checks each exactly, so a
server finds what a file finds (a test compares 100 searches on both).

The functions mirror :mod:`search_index`'s, so the directory's queries read the same on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from peewee import SQL, Column, Expression, ModelAlias, Node, Select, Table, fn

from desktop_app.persistence import models, tallies
from desktop_app.persistence.repository_base import slot
from desktop_app.persistence.search_index import search_terms

TALLIED_PREFIX_MAX: Final = 2
"""Searches of one word this short are counted from ``search_prefix_tally`` (schema 3)."""
_PREFIXES: Final = Table("search_prefix_tally", ("type", "prefix", "n"))


def search_params(search: str) -> list[str] | None:
    """One ``LIKE`` pattern a term; None when the text has no word to look for.

    Words are letters and digits only, so no pattern holds ``%``, ``_`` or ``\\``.
    """
    patterns = ["% " + " ".join(words) + "%" for words in search_terms(search)]
    return patterns or None


def _words(account: ModelAlias[Any]) -> Node:
    # a column of PostgreSQL's schema only (generated from search_text), not of the model
    return Column(account, "search_words")


def matching(account: ModelAlias[Any], patterns: Sequence[Node]) -> Node:
    """The accounts every pattern matches (the trigram index narrows them first)."""
    words = _words(account)
    conditions = [Expression(words, "LIKE", pattern) for pattern in patterns]
    condition: Node = conditions[0]
    for more in conditions[1:]:
        condition = condition & more
    return condition


matching_row = matching
"""Row by row the condition is the same: PostgreSQL's planner chooses how to use the index."""


def count_matching(patterns: Sequence[Node]) -> Select:
    """How many live accounts every pattern matches."""
    a = models.TierAccount.alias("a")
    return a.select(fn.COUNT(SQL("*"))).where(a.decommissioned_at.is_null(), matching(a, patterns))


def row_bound(account: ModelAlias[Any]) -> Node:
    """How many live accounts there are, from their tallies (no scan)."""
    return SQL(tallies.LIVE_ACCOUNTS)  # the tallies' own statement (tallies.py holds their SQL)


def tallied_prefix(search: str) -> str | None:
    """The folded word of a search of one word of one or two characters; None otherwise.

    Such a search matches the accounts with a word starting so, which the triggers of
    ``search_prefix_tally`` count for each account type.
    """
    terms = search_terms(search)
    if len(terms) == 1 and len(terms[0]) == 1 and len(terms[0][0]) <= TALLIED_PREFIX_MAX:
        return terms[0][0]
    return None


def count_by_prefix(typed: bool) -> Select:
    """Live accounts with a word starting as parameter 0 (of type parameter 1 when ``typed``).

    One or two rows of the tally, summed.
    """
    condition = Column(_PREFIXES, "prefix") == slot(0)
    if typed:
        condition &= Column(_PREFIXES, "type") == slot(1)
    return _PREFIXES.select(fn.COALESCE(fn.SUM(Column(_PREFIXES, "n")), 0)).where(condition)
