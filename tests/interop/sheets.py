"""Build customers workbooks and CSV files row by row for the import tests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl

from desktop_app.interop.layout import COUNTRIES_SHEET, COUNTRY_HEADERS, CUSTOMERS_SHEET
from desktop_app.interop.workbook_columns import HEADERS

NEW_RESELLER: dict[str, Any] = {
    "Action": "create",
    "Type": "reseller",
    "Company Name": "Neue Handels GmbH",
    "Address Line 1": "Torstraße 5",
    "City": "Berlin",
    "State": "Berlin",
    "Zip": "10119",
    "Country": "DE",
    "Technical Contact First Name": "Jonas",
    "Technical Contact Last Name": "Weber",
    "Technical Contact Email": "jonas.weber@example.com",
    "Technical Contact Phone": "+49 30 7654321",
}


def row(**cells: Any) -> dict[str, Any]:
    """A create row of a valid reseller; keyword names use underscores for spaces."""
    values = dict(NEW_RESELLER)
    for name, value in cells.items():
        values[name.replace("_", " ")] = value
    return values


def values(row_cells: dict[str, Any]) -> list[Any]:
    """The row in column order; ``-`` where nothing is given (an empty ID: a row to create)."""
    unknown = set(row_cells) - set(HEADERS)
    assert not unknown, unknown
    return [row_cells.get(h, None if h == "ID" else "-") for h in HEADERS]


def workbook(path: Path, rows: list[dict[str, Any]], headers: list[str] | None = None) -> Path:
    """Write a customers workbook (openpyxl, as a spreadsheet program would)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = CUSTOMERS_SHEET
    sheet.append(list(headers or HEADERS))
    for cells in rows:
        sheet.append(values(cells) if cells else [])
    book.create_sheet(COUNTRIES_SHEET).append(list(COUNTRY_HEADERS))
    book.save(path)
    return path


def csv_file(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Write the same rows as CSV (UTF-8 with a byte-order mark)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for cells in rows:
            writer.writerow(values(cells) if cells else [])
    return path
