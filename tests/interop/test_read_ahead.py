"""The reading process reads ahead while the importing one looks for formulas, then obeys it."""

from __future__ import annotations

import queue

import pytest

from desktop_app.interop import prevalidation
from desktop_app.interop.reading import ImportSource
from tests.interop.sheets import row, workbook
from tests.interop.test_formula_detection import BYPASSES, MARK, with_cell


class _Verdicts:
    """A queue whose verdict arrives once the reader has asked ``late`` times without waiting."""

    def __init__(self, verdict: bool, late: int) -> None:
        self.verdict = verdict
        self.late = late
        self.asked = 0
        self.waited = False

    def get_nowait(self) -> bool:
        self.asked += 1
        if self.asked <= self.late:
            raise queue.Empty
        return self.verdict

    def get(self) -> bool:
        self.waited = True
        return self.verdict


def _source(path) -> ImportSource:
    return ImportSource(path, "xlsx", None, None)


def _read(path, verdicts: _Verdicts) -> list[tuple[list, list]]:
    return list(prevalidation._checked_ahead(_source(path), verdicts))  # type: ignore[arg-type]


def _told(path, plain: bool) -> list[tuple[list, list]]:
    return list(prevalidation._checked_chunks(ImportSource(path, "xlsx", None, plain)))


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(prevalidation, "CHUNK", 2)


@pytest.mark.parametrize("late", [0, 1, 3, 50])
def test_a_plain_sheet_read_ahead_gives_what_reading_it_when_told_gives(
    tmp_path, small_chunks, late
):
    rows = [row(External_ID=f"E{n}", Company_Name=f"Firma {n}") for n in range(9)]
    path = workbook(tmp_path / "in.xlsx", rows)
    verdicts = _Verdicts(True, late)
    assert _read(path, verdicts) == _told(path, plain=True)
    assert verdicts.waited == (late >= 5)  # 5 chunks: all read before the verdict came


@pytest.mark.parametrize("late", [0, 2, 50])
def test_a_sheet_with_a_formula_is_read_again_as_told(tmp_path, small_chunks, late):
    """What calamine made of it (the formula's cached value, taken as text) is dropped."""
    path = with_cell(tmp_path, BYPASSES["prefixed"])
    made = _read(path, _Verdicts(False, late))
    assert made == _told(path, plain=False)
    (rows, _checks), *_ = made
    assert rows[0].problems  # the formula cell is refused
    assert MARK not in rows[0].cells and "CACHED" not in rows[0].cells


def test_reading_ahead_keeps_at_most_in_flight_chunks_before_waiting(
    tmp_path, small_chunks, monkeypatch
):
    monkeypatch.setattr(prevalidation, "IN_FLIGHT", 2)
    path = workbook(tmp_path / "in.xlsx", [row(External_ID=f"E{n}") for n in range(9)])
    verdicts = _Verdicts(True, late=100)
    made = prevalidation._checked_ahead(_source(path), verdicts)  # type: ignore[arg-type]
    first = next(made)
    assert verdicts.waited and verdicts.asked == 2  # two chunks kept, then it waited
    assert [first, *made] == _told(path, plain=True)


@pytest.mark.parametrize("plain", [True, False])
def test_a_failure_reading_ahead_counts_only_for_a_plain_sheet(
    tmp_path, small_chunks, monkeypatch, plain
):
    path = workbook(tmp_path / "in.xlsx", [row(External_ID=f"E{n}") for n in range(5)])
    real_rows = ImportSource.rows

    def failing(self):
        if self.plain:
            yield from []
            raise ValueError("calamine could not read it")
        yield from real_rows(self)

    monkeypatch.setattr(ImportSource, "rows", failing)
    if plain:
        with pytest.raises(ValueError, match="could not read"):
            _read(path, _Verdicts(True, late=100))
    else:
        assert _read(path, _Verdicts(False, late=100)) == _told(path, plain=False)
