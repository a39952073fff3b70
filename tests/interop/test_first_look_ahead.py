"""An import looks up rows a chunk ahead (a small first one) and sends each chunk's accounts
right after the next chunk's look-ups."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from desktop_app.interop import row_uids
from desktop_app.interop.row_uids import UidsAhead
from desktop_app.interop.sheet_rows import SheetRow


class _Accounts:
    """Notes how many rows had been read at each look-up of external UIDs."""

    def __init__(self, read: list[int], events: list[str] | None = None) -> None:
        self.read = read
        self.looked_up_after: list[int] = []
        self.events = [] if events is None else events

    def look_up_external_uids(self, uids: Collection[str]) -> None:
        self.looked_up_after.append(self.read[0])
        self.events.append(f"look-up after {self.read[0]} read")

    def send_held(self) -> None:
        self.events.append("send")

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


def test_each_chunk_goes_after_the_next_chunks_look_ups(monkeypatch):
    """A server writes a chunk's accounts while the next chunk's rows are made: they go once
    its last row is made and the next chunk is looked up (a look-up waits for a batch the
    server is still writing), not when a count fills up in the middle of a chunk."""
    monkeypatch.setattr(row_uids, "FIRST_LOOK_AHEAD", 2)
    monkeypatch.setattr(row_uids, "LOOK_AHEAD", 3)
    read = [0]
    events: list[str] = []

    def rows() -> Iterator[tuple[SheetRow, object]]:
        for number in range(2, 10):
            read[0] += 1
            yield SheetRow(number, ("",) * 20), None

    accounts = _Accounts(read, events)
    for row, _ in UidsAhead(accounts).rows(rows()):  # type: ignore[arg-type]
        events.append(f"row {row.number}")
    assert events == [
        "look-up after 2 read",
        "row 2",
        "look-up after 5 read",
        "row 3",
        "send",
        "row 4",
        "row 5",
        "look-up after 8 read",
        "row 6",
        "send",
        "row 7",
        "row 8",
        "row 9",
        "send",
    ]
