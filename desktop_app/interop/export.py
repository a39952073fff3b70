"""Write tier accounts to the connect-cli customers workbook or to CSV, cancellable."""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from desktop_app.domain.accounts import TierAccount
from desktop_app.domain.errors import ExchangeFileError
from desktop_app.file_ops import discard
from desktop_app.interop.cells import csv_out, looks_like_formula
from desktop_app.interop.layout import (
    COUNTRIES_SHEET,
    COUNTRY_HEADERS,
    CUSTOMERS_SHEET,
    HEADER_FILL,
    NOT_SELECTED,
)
from desktop_app.interop.progress import STEP, ProgressCallback, keep_going
from desktop_app.interop.workbook_columns import (
    COLUMNS,
    HEADERS,
    ListValidation,
    account_cells,
)
from desktop_app.open_files import open_workspace_refusal

MAX_WORKBOOK_ACCOUNTS: Final = 1_048_575
"""A worksheet has 1,048,576 rows; one holds the headers."""


class ExportFormat(StrEnum):
    """The file formats an export writes."""

    XLSX = "xlsx"
    CSV = "csv"

    @classmethod
    def for_path(cls, path: Path) -> ExportFormat:
        """The format a file name asks for: ``.csv`` is CSV, anything else the workbook."""
        return cls.CSV if path.suffix.lower() == ".csv" else cls.XLSX


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    path: Path
    format: ExportFormat
    accounts: int
    seconds: float


def export_accounts(
    accounts: Iterable[TierAccount],
    total: int,
    path: Path,
    fmt: ExportFormat | None = None,
    progress: ProgressCallback | None = None,
) -> ExportReport:
    """Write ``accounts`` (``total`` of them) to ``path``; replaces the file only when done.

    The rows go to a temporary file beside ``path`` that is renamed at the end, so an export
    that fails or is cancelled (:class:`~desktop_app.interop.progress.Cancelled`) leaves any
    earlier file untouched and no partial file behind.
    """
    path = Path(path)
    fmt = fmt or ExportFormat.for_path(path)
    if fmt is ExportFormat.XLSX and total > MAX_WORKBOOK_ACCOUNTS:
        raise ExchangeFileError(
            f"A workbook holds at most {MAX_WORKBOOK_ACCOUNTS:,} accounts and {total:,} are "
            "to be exported. Narrow the directory with a search or a type, or export to CSV."
        )
    if not path.parent.is_dir():
        raise ExchangeFileError(f"The folder {path.parent} does not exist; nothing was exported.")
    started = time.perf_counter()
    count = write_rows(_rows(accounts, total, progress), path, fmt)
    keep_going(progress, count, count)
    return ExportReport(path, fmt, count, time.perf_counter() - started)


def write_rows(rows: Iterable[list[str]], path: Path, fmt: ExportFormat) -> int:
    """Write a customers file of ``rows`` (20 texts each) to ``path``; how many rows.

    The file appears only when complete: it is written beside ``path`` and renamed.
    """
    refusal = open_workspace_refusal(path, "to export to")
    if refusal is not None:
        raise ExchangeFileError(f"{refusal} Nothing was exported.")
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        write = _write_csv if fmt is ExportFormat.CSV else _write_xlsx
        count = write(iter(rows), temp)
        os.replace(temp, path)
    except OSError as exc:
        raise ExchangeFileError(
            f"{path} cannot be written: {exc.strerror or exc}. Nothing was exported."
        ) from exc
    finally:
        discard(temp)
    return count


def _rows(
    accounts: Iterable[TierAccount], total: int, progress: ProgressCallback | None
) -> Iterator[list[str]]:
    keep_going(progress, 0, total)
    for done, account in enumerate(accounts, start=1):
        yield account_cells(account)
        if done % STEP == 0:
            keep_going(progress, done, max(total, done))


def _write_csv(rows: Iterator[list[str]], target: Path) -> int:
    count = 0
    # a byte-order mark: spreadsheets then read the file as UTF-8
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for cells in rows:
            writer.writerow([csv_out(c) for c in cells])
            count += 1
    return count


def _write_xlsx(rows: Iterator[list[str]], target: Path) -> int:
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
