"""An import looks up a small first chunk of rows, so that a server's first batch goes soon."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from desktop_app.interop import row_uids
from desktop_app.interop.row_uids import UidsAhead
from desktop_app.interop.sheet_rows import SheetRow


class _Accounts:
    """Notes how many rows had been read at each look-up of external UIDs."""

    def __init__(self, read: list[int]) -> None:
        self.read = read
        self.looked_up_after: list[int] = []

    def look_up_external_uids(self, uids: Collection[str]) -> None:
        self.looked_up_after.append(self.read[0])

    def look_up_parents(self, ids: Collection[str]) -> None:
        pass

    def reserve_ids(self, count: int) -> None:
        pass


def test_the_first_chunk_is_small_and_the_others_full(monkeypatch):
    monkeypatch.setattr(row_uids, "FIRST_LOOK_AHEAD", 2)
    monkeypatch.setattr(row_uids, "LOOK_AHEAD", 3)
    read = [0]

    def rows() -> Iterator[tuple[SheetRow, object]]:
        for number in range(2, 10):
            read[0] += 1
            yield SheetRow(number, ("",) * 20), None

    accounts = _Accounts(read)
    numbers = [row.number for row, _ in UidsAhead(accounts).rows(rows())]  # type: ignore[arg-type]
    assert numbers == list(range(2, 10))
    assert accounts.looked_up_after == [2, 5, 8]
