"""The external UIDs of an import's rows: made from a create row's data, and looked up ahead."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from itertools import islice
from typing import Final, TypeVar

from desktop_app.interop.cells import imported
from desktop_app.interop.layout import ACTION_CREATE, CRITERIA_EXTERNAL_UID
from desktop_app.interop.reading import SheetRow
from desktop_app.interop.rows import read_action, read_criteria
from desktop_app.interop.workbook_columns import FIELDS, cell_value, row_fields
from desktop_app.services.accounts import AccountService

IMPORTED_ROW_NAMESPACE: Final = uuid.UUID("7d3c1f0e-5b7a-4f3e-9a51-2f8d6c4b1e09")
"""The namespace of the external UIDs made from a create row's data (UUID version 5)."""

LOOK_AHEAD: Final = 500
"""Rows whose external UIDs are looked up together (one query, as the account look-ups)."""

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
    """Looks up the external UIDs of the rows to come, :data:`LOOK_AHEAD` rows at a time.

    An import asks who holds a create row's external UID twice a row (whether the row was
    imported before, then the service's uniqueness check), and a parent's by external UID:
    on a server each would be a round trip a row. The answers are kept by the account
    repository for the bulk write (any write forgets them); a derived UID is kept for its row.
    """

    def __init__(self, accounts: AccountService) -> None:
        self._accounts = accounts
        self._derived: dict[int, str] = {}

    def rows(self, rows: Iterator[_Row]) -> Iterator[_Row]:
        """``rows``, each chunk's external UIDs looked up before its first row goes on."""
        while chunk := list(islice(rows, LOOK_AHEAD)):
            self._derived = {}
            uids = [uid for row, _checked in chunk for uid in self._uids(row)]
            self._accounts.look_up_external_uids(uids)
            yield from chunk

    def derived(self, number: int, cells: dict[str, str]) -> str:
        """The UID made from row ``number``'s data (``cells``): the one made ahead, if it was."""
        return self._derived.pop(number, None) or row_external_uid(cells)

    def _uids(self, row: SheetRow) -> list[str]:
        if row.blank or row.problems:
            return []
        cells = row_fields(row.cells)
        found = []
        if read_criteria(cells) == CRITERIA_EXTERNAL_UID:
            found.append(cell_value(cells, "parent_id"))
        if read_action(row.cells) != ACTION_CREATE:
            return found
        given = cell_value(cells, "external_uid")
        if not given:
            self._derived[row.number] = derived = row_external_uid(cells)
            return [*found, derived]
        try:
            return [*found, str(uuid.UUID(given))]  # as validation writes it
        except ValueError:
            return found
