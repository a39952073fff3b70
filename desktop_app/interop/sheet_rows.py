"""The Customers sheet's rows as text: calamine reads plain sheets, openpyxl those with formulas."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NoReturn

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.domain.text import quoted
from desktop_app.interop.cells import CellError, cell_text
from desktop_app.interop.layout import CUSTOMERS_SHEET
from desktop_app.interop.sheet_xml import (
    UNPACK_ERRORS,
    XML_BLANKS,
    SheetXmlError,
    customers_parts,
    holds_formulas,
)
from desktop_app.interop.workbook_columns import COLUMN_COUNT, index_of

PHONE_COLUMN: Final = index_of("phone")
DETAIL_LIMIT: Final = 160
"""How much of a reader's own explanation a refusal shows."""


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


def refuse_damaged(path: Path, cause: BaseException) -> NoReturn:
    """Raise the refusal of a workbook a reader failed on, with the reader's own words.

    Memory running out is no damage: it is raised as it is.
    """
    if isinstance(cause, MemoryError | ExchangeFileError):
        raise cause
    detail = " ".join(str(cause).split()) or type(cause).__name__
    if len(detail) > DETAIL_LIMIT:
        detail = detail[: DETAIL_LIMIT - 1] + "…"
    raise ExchangeFileError(
        f"{path.name} is damaged or not an Excel workbook, so nothing is imported: {detail}."
    ) from cause


def workbook_rows(path: Path, plain: bool | None = None) -> Iterator[SheetRow]:
    """The rows of the Customers sheet, row 1 (the headers) left out.

    A sheet without formulas and error values is read by calamine (fast, Rust); otherwise
    openpyxl reads it and says which cells are formulas or error values. Anything either
    reader fails on is refused (:class:`ExchangeFileError`), never raised as it is.
    ``plain`` is :func:`plain_sheet`'s answer when the caller has it (None: asked here).
    """
    if plain is None:
        plain = plain_sheet(path)
    yield from (_read_values(path) if plain else _read_cells(path))


def plain_sheet(path: Path) -> bool:
    """True when the Customers sheet holds no formula or error value: calamine reads it.

    Unpacks the whole sheet (~0.6 s for 100,000 rows). A damaged part is refused.
    """
    try:
        return not _has_formulas(path)
    except (SheetXmlError, OSError, *UNPACK_ERRORS) as exc:
        refuse_damaged(path, exc)


def _has_formulas(path: Path) -> bool:
    """True when the Customers sheet holds a formula or an error value, or cannot be found."""
    with zipfile.ZipFile(path) as archive:
        parts = customers_parts(archive)
        if not parts or not parts <= set(archive.namelist()):
            return True  # openpyxl finds the sheet its own way, or says it has none
        return any(holds_formulas(archive, part) for part in sorted(parts))


def _read_values(path: Path) -> Iterator[SheetRow]:
    """The rows of a workbook without formulas, read by calamine, streamed when it can."""
    try:
        from python_calamine_plus import CalamineWorkbook as StreamingWorkbook
    except ImportError:  # the fork that streams is missing: the whole sheet is loaded
        yield from _read_loaded(path)
        return
    try:
        workbook = StreamingWorkbook.from_path(str(path))
        stream = workbook.stream_sheet_by_name(CUSTOMERS_SHEET, max_col=COLUMN_COUNT - 1)
    except Exception as exc:  # calamine raises its own error types (and others) on damage
        refuse_damaged(path, exc)
    try:
        # rows and columns from the first (A1), not from the first cell that has a value
        for number, values in enumerate(_guarded(path, iter(stream)), start=1):
            if number >= 2:
                yield _value_row(number, list(values))
    finally:
        workbook.close()


def _read_loaded(path: Path) -> Iterator[SheetRow]:
    """The rows of a workbook without formulas, the whole sheet loaded by python-calamine."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_name(CUSTOMERS_SHEET)
    except Exception as exc:  # calamine raises its own error types (and others) on damage
        refuse_damaged(path, exc)
    first_row, first_column = sheet.start or (0, 0)
    try:
        for index, values in enumerate(_guarded(path, sheet.iter_rows())):
            number = first_row + index + 1
            if number < 2:
                continue
            padded = [""] * first_column + list(values)
            yield _value_row(number, padded[:COLUMN_COUNT])
    finally:
        workbook.close()


def _read_cells(path: Path) -> Iterator[SheetRow]:
    """The rows of a workbook with formulas, cell by cell through openpyxl."""
    workbook = load_workbook(path)
    try:
        try:
            sheet = workbook[CUSTOMERS_SHEET]
        except KeyError as exc:
            raise ExchangeFileError(f"{path.name} has no sheet named “{CUSTOMERS_SHEET}”.") from exc
        rows = sheet.iter_rows(min_row=2, max_col=COLUMN_COUNT)
        for number, row in enumerate(_guarded(path, rows), start=2):
            yield _sheet_row(number, row)
    finally:
        workbook.close()


def _guarded(path: Path, rows: Iterator[Any]) -> Iterator[Any]:
    """``rows`` as they come; what the reader raises on a damaged part becomes a refusal."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl and calamine raise many types on damaged XML
            refuse_damaged(path, exc)
        yield row


def load_workbook(path: Path) -> Any:
    """The workbook opened by openpyxl (read-only, formulas as written); refused if damaged."""
    import openpyxl  # loaded when first needed

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # zip, XML, and openpyxl's own errors on damaged parts
        refuse_damaged(path, exc)


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
        kind = kind.strip(XML_BLANKS) if isinstance(kind, str) else ""
        if kind == "f":
            problems.append((index, "The cell holds a formula; type the value itself."))
            continue
        if kind == "e":
            problems.append((index, f"The cell holds the error value {quoted(str(value))}."))
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
