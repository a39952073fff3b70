"""The Directory's keyset anchors: which lists have them, their statements, a page read from them.

Part of :class:`~desktop_app.persistence.query_repository.SqlQueryRepository`, apart as the
rest of it is about which statement answers a question plainly.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from desktop_app.persistence import directory_statements
from desktop_app.persistence.directory_statements import Searcher, Shape, shape_of
from desktop_app.persistence.keyset import After
from desktop_app.persistence.keyset_reads import KeysetRepository
from desktop_app.persistence.prepared import Prepared
from desktop_app.services.listing import Anchors, Waiting, nobody_waits
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec


class DirectoryKeyset(KeysetRepository):
    """The Directory's far pages from keys read ahead (:mod:`keyset`)."""

    _searcher: Searcher

    def account_keyset(self, query: DirectoryQuery, sort: SortSpec) -> Anchors:
        """The anchors of the listing of ``query`` in ``sort``'s order (kept between listings)."""
        return self._kept_anchors(("accounts", query, sort))

    def account_anchors(
        self,
        query: DirectoryQuery,
        sort: SortSpec,
        anchors: Anchors,
        total: int,
        waiting: Waiting = nobody_waits,
    ) -> bool:
        """Read ``anchors`` of the listing ahead for one short step; True while more remain.

        Only the whole directory or one type of it, unsearched, has them: a search or a
        filter reads its far pages as before.
        """
        keyed = self._keyed(query)
        if keyed is None:
            anchors.done = True
            return False
        shape, params = keyed

        def statement(start: After, backwards: bool) -> Prepared:
            descending = sort.descending != backwards
            return self._prepare(
                partial(
                    directory_statements.key_query,
                    shape,
                    sort.column,
                    descending,
                    self._searcher,
                    start,
                ),
                ("key", shape, sort.column, descending, start),
            )

        return self._keys_ahead(anchors, total, statement, params, waiting)

    def _keyed(self, query: DirectoryQuery) -> tuple[Shape, list[Any]] | None:
        """The shape and parameters of a listing read through anchors; None for the others."""
        if query.search.strip() or query.narrowed or query.roots_only:
            return None
        if query.parent_id is not None:
            return None  # a reseller's children are sorted, not walked: see details_statements
        return shape_of(query, self._searcher)

    def _page_statement(
        self, shape: Shape, column: DirectoryColumn, descending: bool, start: After
    ) -> Prepared:
        return self._prepare(
            partial(
                directory_statements.page_ids_query,
                shape,
                column,
                descending,
                self._searcher,
                start,
            ),
            ("page", shape, column, descending, start),
        )

    def _anchored_ids(
        self,
        query: DirectoryQuery,
        sort: SortSpec,
        window: tuple[int, int],
        total: int | None,
        anchors: Anchors | None,
        skipped: int,
    ) -> list[str] | None:
        """The line keys of the page ``window`` read after a key; None: read it plainly."""
        keyed = self._keyed(query) if anchors is not None else None
        if keyed is None:
            return None
        shape, params = keyed
        return self._keyed_ids(
            anchors,
            total,
            window,
            skipped,
            lambda start: self._page_statement(shape, sort.column, sort.descending, start),
            params,
        )
