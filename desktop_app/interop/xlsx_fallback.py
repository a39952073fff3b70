"""The customers workbook written with XlsxWriter: the fallback of the streamed writer.

:mod:`~desktop_app.interop.xlsx_stream` writes the same workbook about 8× faster; this one,
on a library kept by many, is chosen with ``DESKTOP_APP_XLSX_WRITER=xlsxwriter`` (see
:func:`~desktop_app.interop.export.workbook_writer`), and a test compares the two files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop_app.file_ops import discard
from desktop_app.interop.cells import looks_like_formula
from desktop_app.interop.layout import (
    COUNTRIES_SHEET,
    COUNTRY_HEADERS,
    CUSTOMERS_SHEET,
    HEADER_FILL,
    NOT_SELECTED,
)
from desktop_app.interop.workbook_columns import COLUMNS, ListValidation


def write_with_xlsxwriter(
    rows: Iterable[list[str]], target: Path, expected: int | None = None
) -> int:
    """Write the customers workbook of ``rows`` to ``target`` with XlsxWriter; how many rows.

    ``expected`` (how many rows are coming) is not needed: XlsxWriter holds them in a file.
    """
    import xlsxwriter  # loaded when first needed

    workbook = xlsxwriter.Workbook(
        str(target),
        {
            "constant_memory": True,  # rows go to disk as they come: memory stays flat
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "tmpdir": str(target.parent),
        },
    )
    try:
        header = workbook.add_format({"bg_color": HEADER_FILL, "pattern": 1})
        text = workbook.add_format({"quote_prefix": True})  # shown and kept as text, never run
        sheet = workbook.add_worksheet(CUSTOMERS_SHEET)
        for index, column in enumerate(COLUMNS):
            sheet.set_column(index, index, column.width)
            sheet.write_string(0, index, column.header, header)
        write = sheet.write_string
        count = 0
        for count, cells in enumerate(rows, start=1):
            for index, value in enumerate(cells):
                if looks_like_formula(value):
                    write(count, index, value, text)
                else:
                    write(count, index, value)
        for index, column in enumerate(COLUMNS):
            if count and column.choices is not None:
                _list_validation(sheet, index, count, column.choices)
        _write_countries(workbook, header)
    except BaseException:
        _discard(workbook)
        raise
    workbook.close()
    return count


def _list_validation(sheet: Any, column: int, last_row: int, choices: ListValidation) -> None:
    what = choices.what
    sheet.data_validation(
        1,
        column,
        last_row,
        column,
        {
            "validate": "list",
            "source": list(choices.values),
            "ignore_blank": False,
            "input_title": "List of choices",
            "input_message": f"Choose the {what} from the list.",
            "error_title": f"Invalid {what}",
            "error_message": f"The {what} must be one of: {choices.listed}.",
        },
    )


def _write_countries(workbook: Any, header: Any) -> None:
    import pycountry

    sheet = workbook.add_worksheet(COUNTRIES_SHEET)
    sheet.set_column(0, 0, 15)
    sheet.set_column(1, 1, 50)
    for column, title in enumerate(COUNTRY_HEADERS):
        sheet.write_string(0, column, title, header)
    countries = sorted(pycountry.countries, key=lambda c: str(c.alpha_2))
    for row, country in enumerate(countries, start=1):
        sheet.write_string(row, 0, str(country.alpha_2))
        sheet.write_string(row, 1, str(country.name))
    last = len(countries) + 1
    sheet.write_string(last, 0, NOT_SELECTED[0])
    sheet.write_string(last, 1, NOT_SELECTED[1])


def _discard(workbook: Any) -> None:
    """Drop a half-written workbook's temporary files without writing it."""
    workbook.fileclosed = True  # xlsxwriter then skips writing the file on garbage collection
    for sheet in workbook.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None and not handle.closed:
            handle.close()
        name = getattr(sheet, "row_data_filename", None)
        if name:
            discard(Path(name))
