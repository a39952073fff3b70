"""The directory's search on PostgreSQL: the same rule as FTS5, through a GIN index of words.

An account's search text is already folded (case and accents); ``search_words()`` (schema
version 2) turns it into its words one space apart, with one in front, kept in a generated
column of the same name, and ``search_vector()`` makes those words the lexemes of a
``tsvector`` (no parser, no stemming), which a GIN index holds for every live account.

Each term of the search box becomes its words the same way (:func:`search_index.search_terms`)
and must appear as a phrase at a word start, the last word as a prefix: ``LIKE '% w1 w2%'``.
The index finds the accounts holding every word (``'w1' & 'w2':*``) and ``LIKE`` checks each
exactly, so a server finds what a file finds (a test compares 100 searches on both).

The functions mirror :mod:`search_index`'s, so the directory's queries read the same on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from peewee import SQL, Cast, Column, Expression, ModelAlias, Node, Select, Table, fn

from desktop_app.persistence import models, tallies
from desktop_app.persistence.prepared import slot
from desktop_app.persistence.search_index import search_terms

WALK_HINT: Final = False
"""PostgreSQL's planner weighs a walked equality itself: no ``col || ''`` there (it hid the
vendor held in the sort index: a vendor's pending requests by account, 48-56 ms a first page
at a million accounts; 0.3-0.5 ms without)."""
TALLIED_PREFIX_MAX: Final = 3
"""Searches of one word this short are counted from ``search_prefix_tally`` (schema 3)."""
_PREFIXES: Final = Table("search_prefix_tally", ("type", "prefix", "n"))
SHORT_PREFIX: Final = 2
"""A last word this short is left to ``LIKE`` when another word narrows the search enough.

As a prefix it stands for thousands of the index's words, each a list to read and merge.
"""
WALK_COST: Final = 8
"""A row tested while walking a sort index (``LIKE`` over its stored words, ~4.5 µs) against a
match collected through the index (~1 µs, up to 8 when the matches are scattered), at a
million accounts; the margin covers searches whose matches cluster in the sort order."""
SET_WALK_COSTS: Final = None
"""No walk over a set of the matches here: the planner joins a set of them as it sees fit."""
INDEX_WORDS_MAX: Final = 8
"""The longest words of a search asked of the index; ``LIKE`` checks the others."""


def _lexemes(terms: list[list[str]]) -> str:
    """The index's query: full words, and each term's last word as a prefix.

    Words are letters and digits only, so each is quoted as it is. A short last word is
    left out when a longer word is asked for anyway, and only the longest words are asked
    for (a phrase of thousands of words would be as many lists to merge): the ``LIKE``
    checks every word.
    """
    longest = max(len(word) for words in terms for word in words)
    asked: dict[str, str] = {}
    for words in terms:
        for word in words[:-1]:
            asked[word] = f"'{word}'"
        last = words[-1]
        if len(last) > SHORT_PREFIX or longest <= SHORT_PREFIX:  # else a longer word is asked
            asked.setdefault(last, f"'{last}':*")
    chosen = sorted(asked, key=len, reverse=True)[:INDEX_WORDS_MAX]
    return " & ".join(asked[word] for word in chosen)


def search_params(search: str) -> list[str] | None:
    """The index's query, then one ``LIKE`` pattern a term; None when there is no word.

    Words are letters and digits only, so no pattern holds ``%``, ``_`` or ``\\``.
    """
    terms = search_terms(search)
    if not terms:
        return None
    return [_lexemes(terms), *("% " + " ".join(words) + "%" for words in terms)]


def _words(account: ModelAlias[Any]) -> Node:
    # a column of PostgreSQL's schema only (generated from search_text), not of the model
    return Column(account, "search_words")


def _phrases(account: ModelAlias[Any], patterns: Sequence[Node]) -> Node:
    words = _words(account)
    condition: Node = Expression(words, "LIKE", patterns[0])
    for more in patterns[1:]:
        condition = condition & Expression(words, "LIKE", more)
    return condition


def matching(account: ModelAlias[Any], params: Sequence[Node]) -> Node:
    """The accounts the search's parameters match: found in the index, checked by ``LIKE``."""
    found = Expression(fn.search_vector(_words(account)), "@@", Cast(params[0], "tsquery"))
    return found & _phrases(account, params[1:])


def matching_row(account: ModelAlias[Any], params: Sequence[Node]) -> Node:
    """:func:`matching` tested row by row, walking a sort index: the ``LIKE`` checks alone."""
    return _phrases(account, params[1:])


def count_matching(params: Sequence[Node]) -> Select:
    """How many live accounts the search's parameters match."""
    a = models.TierAccount.alias("a")
    return a.select(fn.COUNT(SQL("*"))).where(a.decommissioned_at.is_null(), matching(a, params))


def line_key(account: ModelAlias[Any]) -> Node:
    """What a directory page gives for each row and its lines are read by: the id."""
    key: Node = account.id
    return key


def row_bound(account: ModelAlias[Any]) -> Node:
    """How many live accounts there are, from their tallies (no scan)."""
    return SQL(tallies.LIVE_ACCOUNTS)  # the tallies' own statement (tallies.py holds their SQL)


def tallied_prefix(search: str) -> str | None:
    """The folded word of a search of one word of up to three characters; None otherwise.

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
