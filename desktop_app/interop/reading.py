"""Open a customers workbook or CSV for import: refuse what cannot be read, yield text rows."""

from __future__ import annotations

import csv
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.domain.text import quoted
from desktop_app.interop.cells import csv_in
from desktop_app.interop.layout import CUSTOMERS_SHEET
from desktop_app.interop.row_cap import MAX_IMPORT_ROWS, refuse_too_many_rows, too_many_rows
from desktop_app.interop.sheet_rows import SheetRow, load_workbook, refuse_damaged, workbook_rows
from desktop_app.interop.sheet_xml import UNPACK_ERRORS, SheetXmlError, customers_parts
from desktop_app.interop.workbook_columns import COLUMN_COUNT, HEADERS, column_letter
from desktop_app.open_files import open_workspace_refusal

__all__ = ["ImportSource", "SheetRow", "check_headers", "open_source"]

MAX_IMPORT_BYTES: Final = 50 * 1024 * 1024
"""About 250,000 accounts in a workbook; bigger files are refused (split them)."""
MAX_UNPACKED_BYTES: Final = 1024 * 1024 * 1024
"""What a workbook may unpack to: a compressed bomb is refused before it is read."""
MAX_SHEET_NAMES: Final = 5
"""How many of a workbook's sheet names a refusal lists."""
_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM: Final = "EncryptedPackage".encode("utf-16-le")


class ImportSource:
    """An opened import file: its kind, an estimate of its rows, and its data rows."""

    def __init__(
        self, path: Path, kind: str, estimated_rows: int | None, plain: bool | None = None
    ) -> None:
        self.path = path
        self.kind = kind
        self.estimated_rows = estimated_rows
        self.plain = plain
        """A workbook known to hold no formulas (:func:`plain_sheet`); None: looked at first."""

    def rows(self) -> Iterator[SheetRow]:
        """The data rows (row 2 on), trailing blank rows left out.

        A file that turns out unreadable part-way raises :class:`ExchangeFileError`.
        """
        pending: list[SheetRow] = []
        raw = self._read_csv() if self.kind == "csv" else workbook_rows(self.path, self.plain)
        for row in raw:
            if row.number > MAX_IMPORT_ROWS + 1:  # + the headers
                raise too_many_rows(self.path.name)
            if row.blank:
                pending.append(row)
                continue
            yield from pending  # blank rows inside the data: the importer reports them
            pending.clear()
            yield row

    def _read_csv(self) -> Iterator[SheetRow]:
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            try:
                next(reader, None)
                for number, values in enumerate(reader, start=2):
                    cells = [csv_in(v) for v in values[:COLUMN_COUNT]]
                    cells += [""] * (COLUMN_COUNT - len(cells))
                    yield SheetRow(number, tuple(cells))
            except csv.Error as exc:
                raise _unreadable_csv(self.path, exc, reader.line_num) from exc
            except UnicodeDecodeError as exc:
                raise _not_utf8(self.path) from exc


def _unreadable_csv(path: Path, exc: csv.Error, line: int) -> ExchangeFileError:
    if "field larger than field limit" in str(exc):
        return ExchangeFileError(
            f"{path.name} cannot be imported: a cell on line {line:,} is longer than "
            f"{csv.field_size_limit():,} characters (no field holds more than 255)."
        )
    return ExchangeFileError(f"{path.name} is not a readable CSV file (line {line:,}: {exc}).")


def _not_utf8(path: Path) -> ExchangeFileError:
    return ExchangeFileError(
        f"{path.name} is not UTF-8 text; save it as “CSV UTF-8” and import it again."
    )


def open_source(path: Path) -> ImportSource:
    """Check ``path`` and its header row; :class:`ExchangeFileError` says what is wrong."""
    path = Path(path)
    refusal = open_workspace_refusal(path, "as a file to import")
    if refusal is not None:
        raise ExchangeFileError(refusal)
    try:
        mode = path.stat().st_mode  # before opening: a pipe would wait for a writer forever
        if stat.S_ISDIR(mode):
            raise ExchangeFileError(f"{path} is a folder, not a file.")
        if not stat.S_ISREG(mode):
            raise ExchangeFileError(
                f"{path} is not a regular file (a pipe, socket or device); choose a workbook "
                "or a CSV file."
            )
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    except FileNotFoundError as exc:
        raise ExchangeFileError(f"There is no file {path}.") from exc
    except IsADirectoryError as exc:
        raise ExchangeFileError(f"{path} is a folder, not a file.") from exc
    except OSError as exc:
        raise ExchangeFileError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if size > MAX_IMPORT_BYTES:
        raise ExchangeFileError(
            f"{path.name} is {size / 1_000_000:,.1f} MB; files up to "
            f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB (about 250,000 accounts) can be imported. "
            "Split it into smaller files."
        )
    if size == 0:
        raise ExchangeFileError(f"{path.name} is empty.")
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in head or b"EncryptedPackage" in head:
            raise ExchangeFileError(
                f"{path.name} is protected by a password. Open it in your spreadsheet program, "
                "remove the password (File → Info → Protect Workbook) and save it again."
            )
        raise ExchangeFileError(
            f"{path.name} is an Excel 97–2003 workbook (.xls); save it as an Excel workbook "
            "(.xlsx) first."
        )
    if head.startswith(_ZIP_MAGIC):
        return _open_workbook(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ExchangeFileError(f"{path.name} is damaged or not an Excel workbook.")
    if path.suffix.lower() == ".csv" or _looks_like_text(head):
        return _open_csv(path, head)
    raise ExchangeFileError(f"{path.name} is neither an Excel workbook (.xlsx) nor a CSV file.")


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut at the end of the sample
    return b"\x00" not in head


def _open_csv(path: Path, head: bytes) -> ImportSource:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            first = next(reader, [])
            lines = sum(1 for _ in handle)
    except UnicodeDecodeError as exc:
        raise _not_utf8(path) from exc
    except csv.Error as exc:
        raise _unreadable_csv(path, exc, reader.line_num) from exc
    if b"\x00" in head:
        raise ExchangeFileError(f"{path.name} is not a CSV file (it holds binary data).")
    check_headers(path.name, [csv_in(v) for v in first])
    return ImportSource(path, "csv", lines)


def _open_workbook(path: Path) -> ImportSource:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise ExchangeFileError(
                    f"{path.name} unpacks to {unpacked / 1_000_000_000:,.1f} GB; it is refused."
                )
            for part in sorted(customers_parts(archive) & set(archive.namelist())):
                refuse_too_many_rows(archive, part, path.name)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExchangeFileError(f"{path.name} is damaged or not an Excel workbook.") from exc
    except (SheetXmlError, *UNPACK_ERRORS) as exc:
        refuse_damaged(path, exc)
    workbook = load_workbook(path)
    try:
        if CUSTOMERS_SHEET not in workbook.sheetnames:
            raise ExchangeFileError(
                f"{path.name} has no sheet named “{CUSTOMERS_SHEET}” (it has: "
                f"{_sheet_names(workbook.sheetnames)})."
            )
        headers, max_row = _header_row(workbook[CUSTOMERS_SHEET])
        check_headers(path.name, headers)
    except ExchangeFileError:
        raise
    except Exception as exc:  # openpyxl raises XML, zip and its own errors on damaged parts
        refuse_damaged(path, exc)
    finally:
        workbook.close()
    estimated = None if max_row is None else max(0, max_row - 1)
    return ImportSource(path, "xlsx", estimated)


def _header_row(sheet: Any) -> tuple[list[str], int | None]:
    """The first row's 20 texts and the sheet's last row number (None when not recorded)."""
    first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=COLUMN_COUNT), ())
    headers = [""] * COLUMN_COUNT
    for cell in first:
        column = getattr(cell, "column", None)
        if column is not None and column <= COLUMN_COUNT:
            headers[column - 1] = "" if cell.value is None else str(cell.value)
    return headers, sheet.max_row


def _sheet_names(names: list[str]) -> str:
    shown = ", ".join(quoted(name) for name in names[:MAX_SHEET_NAMES])
    more = len(names) - MAX_SHEET_NAMES
    return f"{shown} and {more:,} more" if more > 0 else shown


def check_headers(name: str, headers: list[str]) -> None:
    """Refuse a header row that is not exactly the 20 headers; name the first wrong one."""
    headers = [h.strip() if h else "" for h in headers] + [""] * COLUMN_COUNT
    for index, expected in enumerate(HEADERS):
        found = headers[index]
        if found != expected:
            shown = quoted(found) if found else "empty"
            raise ExchangeFileError(
                f"{name} is not a customers file: cell {column_letter(index)}1 must be "
                f"“{expected}” and is {shown}."
            )
