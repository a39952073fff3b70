"""What an import's rows look up, looked up ahead: external UIDs (made from data) and parents."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from itertools import islice
from typing import Final, TypeVar

from desktop_app.domain.ids import is_tier_account_id
from desktop_app.interop.cells import imported
from desktop_app.interop.layout import ACTION_CREATE, CRITERIA_EXTERNAL_UID, CRITERIA_ID
from desktop_app.interop.reading import SheetRow
from desktop_app.interop.rows import read_action, read_criteria
from desktop_app.interop.workbook_columns import FIELDS, cell_value, row_fields
from desktop_app.services.accounts import AccountService

IMPORTED_ROW_NAMESPACE: Final = uuid.UUID("7d3c1f0e-5b7a-4f3e-9a51-2f8d6c4b1e09")
"""The namespace of the external UIDs made from a create row's data (UUID version 5)."""

LOOK_AHEAD: Final = 5000
"""Rows whose external UIDs, parents and new ids are looked up together (a server's batch of
held rows: see :meth:`UidsAhead.rows`)."""
FIRST_LOOK_AHEAD: Final = 1000
"""The first chunk's rows: a server's first batch is as small (``pending.FIRST_SERVER_BATCH``),
so that it starts writing once these are read and checked."""

_DATA_FIELDS: Final = tuple(f for f in FIELDS if f not in {"id", "external_uid", "action"})

_Row = TypeVar("_Row", bound=tuple[SheetRow, object])


def row_external_uid(cells: dict[str, str]) -> str:
    """The external UID of a create row that has none: made from the row's data.

    The same data gives the same UID, so importing a row a second time is recognised;
    the ID, action and (empty) external UID columns take no part.
    """
    # each cell as written, not lower-cased by its column's parser: earlier UIDs stay the same
    parts = (imported(cells[name]) for name in _DATA_FIELDS)
    return str(uuid.uuid5(IMPORTED_ROW_NAMESPACE, "\x1f".join(parts)))


class UidsAhead:
    """Looks up the external UIDs and the parents of the rows to come, :data:`LOOK_AHEAD` at once.

    An import asks who holds a create row's external UID twice a row (whether the row was
    imported before, then the service's uniqueness check), and reads each row's parent: on a
    server each would be a round trip a row. The account repository keeps the UIDs' answers
    for the bulk write (any write forgets them), the service the parents; a derived UID is
    kept for its row.
    """

    def __init__(self, accounts: AccountService) -> None:
        self._accounts = accounts
        self._derived: dict[int, str] = {}

    def rows(self, rows: Iterator[_Row]) -> Iterator[_Row]:
        """``rows``, each chunk's external UIDs, parents and new ids looked up ahead.

        The next chunk is looked up before the last row of this one goes: that row's write
        may send a batch of held rows, which a server writes while the next rows are made
        (a look-up would wait for it).
        """
        chunk = self._ahead(rows, 0, min(FIRST_LOOK_AHEAD, LOOK_AHEAD))
        while chunk:
            yield from chunk[:-1]
            following = self._ahead(rows, chunk[0][0].number)
            yield chunk[-1]
            # the chunk's accounts go now, right after the look-ups: a batch that filled up
            # in the middle of a chunk left the server idle while the rest of it was made
            self._accounts.send_held()
            chunk = following

    def _ahead(self, rows: Iterator[_Row], kept_from: int, size: int = 0) -> list[_Row]:
        """The next chunk of ``size`` rows (else :data:`LOOK_AHEAD`), looked up.

        UIDs made for rows before ``kept_from`` are forgotten.
        """
        chunk = list(islice(rows, size or LOOK_AHEAD))
        self._derived = {n: uid for n, uid in self._derived.items() if n >= kept_from}
        uids: list[str] = []
        parents: list[str] = []
        creates = 0
        for row, checked in chunk:
            creates += self._look_at(row, getattr(checked, "derived_uid", ""), uids, parents)
        if chunk:
            self._accounts.look_up_external_uids(uids)
            self._accounts.look_up_parents(parents)
            self._accounts.reserve_ids(creates + 1)  # + the last row of the chunk before
        return chunk

    def derived(self, number: int, cells: dict[str, str]) -> str:
        """The UID made from row ``number``'s data (``cells``): the one made ahead, if it was."""
        return self._derived.pop(number, None) or row_external_uid(cells)

    def _look_at(self, row: SheetRow, made: str, uids: list[str], parents: list[str]) -> bool:
        """Note the row's look-ups; ``made`` is its UID made already (by the second process).

        True for a create row (it will need a new id).
        """
        if row.blank or row.problems:
            return False
        cells = row_fields(row.cells)
        criteria = read_criteria(cells)
        if criteria == CRITERIA_EXTERNAL_UID:
            uids.append(cell_value(cells, "parent_id"))
        elif criteria == CRITERIA_ID and is_tier_account_id(cell_value(cells, "parent_id")):
            parents.append(cell_value(cells, "parent_id"))
        if read_action(row.cells) != ACTION_CREATE:
            return False
        given = cell_value(cells, "external_uid")
        if not given:
            self._derived[row.number] = derived = made or row_external_uid(cells)
            uids.append(derived)
            return True
        with contextlib.suppress(ValueError):  # a wrong UID: the row's own error says so
            uids.append(str(uuid.UUID(given)))  # as validation writes it
        return True
