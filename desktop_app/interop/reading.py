"""Open a customers workbook or CSV for import: refuse what cannot be read, yield text rows."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.interop.cells import CellError, cell_text, csv_in
from desktop_app.interop.layout import (
    COLUMN_COUNT,
    CUSTOMERS_SHEET,
    HEADERS,
    column_letter,
)
from desktop_app.open_files import open_workspace_refusal

MAX_IMPORT_BYTES: Final = 50 * 1024 * 1024
"""About 250,000 accounts in a workbook; bigger files are refused (split them)."""
MAX_UNPACKED_BYTES: Final = 1024 * 1024 * 1024
"""What a workbook may unpack to: a compressed bomb is refused before it is read."""
PHONE_COLUMN: Final = HEADERS.index("Technical Contact Phone")
_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM: Final = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class SheetRow:
    """One data row as text (20 cells), with the cells that could not be taken as text."""

    number: int
    cells: tuple[str, ...]
    problems: tuple[tuple[int, str], ...] = field(default=())
    """(column index, message) for formulas, error values and dates."""

    @property
    def blank(self) -> bool:
        """True when every cell is empty."""
        return not self.problems and not any(c.strip() for c in self.cells)


class ImportSource:
    """An opened import file: its kind, an estimate of its rows, and its data rows."""

    def __init__(self, path: Path, kind: str, estimated_rows: int | None) -> None:
        self.path = path
        self.kind = kind
        self.estimated_rows = estimated_rows

    def rows(self) -> Iterator[SheetRow]:
        """The data rows (row 2 on), trailing blank rows left out."""
        pending: list[SheetRow] = []
        raw = self._read_csv() if self.kind == "csv" else self._read_workbook()
        for row in raw:
            if row.blank:
                pending.append(row)
                continue
            yield from pending  # blank rows inside the data: the importer reports them
            pending.clear()
            yield row

    def _read_csv(self) -> Iterator[SheetRow]:
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            for number, values in enumerate(reader, start=2):
                cells = [csv_in(v) for v in values[:COLUMN_COUNT]]
                cells += [""] * (COLUMN_COUNT - len(cells))
                yield SheetRow(number, tuple(cells))

    def _read_workbook(self) -> Iterator[SheetRow]:
        if not _has_formulas(self.path):
            yield from _read_values(self.path)
            return
        # a workbook with formulas: openpyxl tells a formula from text, cell by cell
        workbook = _load_workbook(self.path)
        try:
            sheet = workbook[CUSTOMERS_SHEET]
            for number, row in enumerate(sheet.iter_rows(min_row=2, max_col=COLUMN_COUNT), start=2):
                yield _sheet_row(number, row)
        finally:
            workbook.close()


def _customers_part(archive: zipfile.ZipFile) -> str | None:
    """The zip member of the Customers sheet, from the workbook's own relationships."""
    import re

    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return None
    sheet = re.search(r'<(?:\w+:)?sheet\b[^>]*\bname="Customers"[^>]*>', book)
    if sheet is None:
        return None
    rel = re.search(r'\br:id="([^"]+)"|\bid="([^"]+)"', sheet.group(0))
    if rel is None:
        return None
    rel_id = rel.group(1) or rel.group(2)
    for match in re.finditer(r"<Relationship\b[^>]*>", rels):
        tag = match.group(0)
        if f'Id="{rel_id}"' in tag:
            target = re.search(r'Target="([^"]+)"', tag)
            if target is None:
                return None
            name = target.group(1)
            return name.lstrip("/") if name.startswith("/") else f"xl/{name}"
    return None


_EXACT_MARKS: Final = (b"<f>", b"<f ", b"<f/>", b't="e"')
"""Formulas and error values: calamine gives their results, openpyxl says what they are."""


def _has_formulas(path: Path) -> bool:
    """True when the Customers sheet holds a formula or an error value (or cannot be found)."""
    with zipfile.ZipFile(path) as archive:
        part = _customers_part(archive)
        if part is None or part not in archive.namelist():
            return True
        tail = b""
        with archive.open(part) as stream:
            while chunk := stream.read(1 << 20):
                window = tail + chunk
                if any(mark in window for mark in _EXACT_MARKS):
                    return True
                tail = chunk[-8:]
    return False


def _read_values(path: Path) -> Iterator[SheetRow]:
    """The rows of a workbook without formulas, read by calamine (fast, Rust)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_name(CUSTOMERS_SHEET)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ExchangeFileError(f"{path.name} is damaged or not an Excel workbook.") from exc
    first_row, first_column = sheet.start or (0, 0)
    try:
        for index, values in enumerate(sheet.iter_rows()):
            number = first_row + index + 1
            if number < 2:
                continue
            padded = [""] * first_column + list(values)
            yield _value_row(number, padded[:COLUMN_COUNT])
    finally:
        workbook.close()


def _value_row(number: int, values: list[Any]) -> SheetRow:
    """A row of plain values (calamine's): no formulas or error values are among them."""
    return _row_of(number, ((index, value, "") for index, value in enumerate(values)))


def _sheet_row(number: int, row: tuple[Any, ...]) -> SheetRow:
    """A row of openpyxl cells, which say which ones are formulas or error values."""
    return _row_of(
        number,
        (
            (cell.column - 1, cell.value, getattr(cell, "data_type", "s"))
            for cell in row
            if getattr(cell, "column", None) is not None
        ),
    )


def _row_of(number: int, items: Iterable[tuple[int, Any, str]]) -> SheetRow:
    """The row's 20 texts from (column index, value, openpyxl data type) items."""
    cells = [""] * COLUMN_COUNT
    problems: list[tuple[int, str]] = []
    for index, value, kind in items:
        if index >= COLUMN_COUNT:
            continue
        if type(value) is str and not kind:  # the common case: a text cell, nothing to check
            cells[index] = value
            continue
        if kind == "f":
            problems.append((index, "The cell holds a formula; type the value itself."))
            continue
        if kind == "e":
            problems.append((index, f"The cell holds the error value {value}."))
            continue
        try:
            text = cell_text(value)
        except CellError as exc:
            problems.append((index, str(exc)))
            continue
        if index == PHONE_COLUMN and isinstance(value, int | float) and text:
            text = "+" + text  # a spreadsheet turned +4930… into a number and dropped the +
        cells[index] = text
    return SheetRow(number, tuple(cells), tuple(problems))


def open_source(path: Path) -> ImportSource:
    """Check ``path`` and its header row; :class:`ExchangeFileError` says what is wrong."""
    path = Path(path)
    refusal = open_workspace_refusal(path, "as a file to import")
    if refusal is not None:
        raise ExchangeFileError(refusal)
    try:
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
            first = next(csv.reader(handle), [])
            lines = sum(1 for _ in handle)
    except UnicodeDecodeError as exc:
        raise ExchangeFileError(
            f"{path.name} is not UTF-8 text; save it as “CSV UTF-8” and import it again."
        ) from exc
    except csv.Error as exc:
        raise ExchangeFileError(f"{path.name} is not a readable CSV file: {exc}.") from exc
    if b"\x00" in head:
        raise ExchangeFileError(f"{path.name} is not a CSV file (it holds binary data).")
    check_headers(path.name, [csv_in(v) for v in first])
    return ImportSource(path, "csv", lines)


def _open_workbook(path: Path) -> ImportSource:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExchangeFileError(f"{path.name} is damaged or not an Excel workbook.") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ExchangeFileError(
            f"{path.name} unpacks to {unpacked / 1_000_000_000:,.1f} GB; it is refused."
        )
    workbook = _load_workbook(path)
    try:
        if CUSTOMERS_SHEET not in workbook.sheetnames:
            raise ExchangeFileError(
                f"{path.name} has no sheet named “{CUSTOMERS_SHEET}” (it has: "
                f"{', '.join(workbook.sheetnames)})."
            )
        sheet = workbook[CUSTOMERS_SHEET]
        first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=COLUMN_COUNT), ())
        headers = [""] * COLUMN_COUNT
        for cell in first:
            column = getattr(cell, "column", None)
            if column is not None and column <= COLUMN_COUNT:
                headers[column - 1] = "" if cell.value is None else str(cell.value)
        check_headers(path.name, headers)
        max_row = sheet.max_row
        estimated = None if max_row is None else max(0, max_row - 1)
    finally:
        workbook.close()
    return ImportSource(path, "xlsx", estimated)


def _load_workbook(path: Path) -> Any:
    import openpyxl  # loaded when first needed
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExchangeFileError(f"{path.name} is damaged or not an Excel workbook.") from exc


def check_headers(name: str, headers: list[str]) -> None:
    """Refuse a header row that is not exactly the 20 headers; name the first wrong one."""
    headers = [h.strip() if h else "" for h in headers] + [""] * COLUMN_COUNT
    for index, expected in enumerate(HEADERS):
        found = headers[index]
        if found != expected:
            shown = f"“{found}”" if found else "empty"
            raise ExchangeFileError(
                f"{name} is not a customers file: cell {column_letter(index)}1 must be "
                f"“{expected}” and is {shown}."
            )
