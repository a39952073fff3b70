"""Write tier accounts to the connect-cli customers workbook or to CSV, cancellable."""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from desktop_app.domain.accounts import TierAccount
from desktop_app.domain.errors import ExchangeFileError
from desktop_app.file_ops import discard
from desktop_app.interop.cells import csv_out
from desktop_app.interop.progress import STEP, ProgressCallback, keep_going
from desktop_app.interop.workbook_columns import HEADERS, account_cells
from desktop_app.open_files import open_workspace_refusal

MAX_WORKBOOK_ACCOUNTS: Final = 1_048_575
"""A worksheet has 1,048,576 rows; one holds the headers."""
WRITER_SETTING: Final = "DESKTOP_APP_XLSX_WRITER"
"""Set to ``xlsxwriter`` to write workbooks with XlsxWriter instead of the streamed writer."""

WorkbookWriter = Callable[[Iterable[list[str]], Path, int | None], int]
"""Writes the customers workbook of rows (20 texts each) to a path, told how many rows are
expected if known; returns how many rows it wrote."""


def workbook_writer() -> WorkbookWriter:
    """The writer of customers workbooks: the streamed one, or XlsxWriter when so set."""
    if os.environ.get(WRITER_SETTING, "").strip().lower() == "xlsxwriter":
        from desktop_app.interop.xlsx_fallback import write_with_xlsxwriter

        return write_with_xlsxwriter
    from desktop_app.interop.xlsx_stream import write_customers_workbook

    return write_customers_workbook


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
    count = write_rows(_rows(accounts, total, progress), path, fmt, expected=total)
    keep_going(progress, count, count)
    return ExportReport(path, fmt, count, time.perf_counter() - started)


def write_rows(
    rows: Iterable[list[str]], path: Path, fmt: ExportFormat, expected: int | None = None
) -> int:
    """Write a customers file of ``rows`` (20 texts each) to ``path``; how many rows.

    ``expected`` is how many rows are coming, if known (a workbook is then written faster).
    The file appears only when complete: it is written beside ``path`` and renamed.
    """
    refusal = open_workspace_refusal(path, "to export to")
    if refusal is not None:
        raise ExchangeFileError(f"{refusal} Nothing was exported.")
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        if fmt is ExportFormat.CSV:
            count = _write_csv(iter(rows), temp)
        else:
            count = workbook_writer()(iter(rows), temp, expected)
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
