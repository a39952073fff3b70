"""The Customers sheet streamed row by row reads exactly as the whole sheet loaded does."""

import sys
from datetime import date

import openpyxl

from desktop_app.interop import sheet_rows
from desktop_app.interop.workbook_columns import HEADERS


def awkward_workbook(path, first_row=1, first_column=1):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Customers"
    rows = [
        list(HEADERS),
        ["", "E-1", "-", "create", *["text"] * 16],
        [],  # an empty row in the middle
        [None, 10115, 10115.0, True, 1.5, date(2024, 5, 1), "=1+1", "  spaced  ", "x" * 300],
        ["a"] * 25,  # cells past column T
        [None] * 19 + ["+4930123"],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None:
                sheet.cell(row=first_row + r, column=first_column + c, value=value)
    book.save(path)
    return path


def test_streamed_rows_are_the_loaded_rows(tmp_path):
    path = awkward_workbook(tmp_path / "awkward.xlsx")
    streamed = list(sheet_rows._read_values(path))
    assert streamed == list(sheet_rows._read_loaded(path))
    assert [row.number for row in streamed] == [2, 3, 4, 5, 6]
    assert any(problem for row in streamed for problem in row.problems)  # the date is an error


def test_rows_and_columns_count_from_a1_when_the_cells_start_later(tmp_path):
    # (an import refuses such a sheet: A1 must be "ID"; the rows still have their numbers)
    path = awkward_workbook(tmp_path / "late.xlsx", first_row=4, first_column=3)
    streamed = list(sheet_rows._read_values(path))
    assert streamed[0].number == 2 and not any(streamed[0].cells)
    header = next(row for row in streamed if row.number == 4)
    assert header.cells[:3] == ("", "", "ID")


def test_without_the_streaming_reader_the_sheet_is_loaded(tmp_path, monkeypatch):
    path = awkward_workbook(tmp_path / "awkward.xlsx")
    expected = list(sheet_rows._read_loaded(path))
    monkeypatch.setitem(sys.modules, "python_calamine_plus", None)  # import fails
    assert list(sheet_rows._read_values(path)) == expected
