"""The customers workbook written as XML straight into its zip: connect-cli's layout, fast.

A general writer (XlsxWriter) spends about 100 µs a row on cells, formats and checks that this
workbook never needs: every cell here is a text, the styles are two (the grey header, the
quote prefix of a value a spreadsheet could run), the sheets two. So the sheet's XML is made
a row at a time from one template and deflated into the zip as it comes, in flat memory:
about 5× faster than XlsxWriter's ``constant_memory`` mode. The parts are those XlsxWriter
writes (but the theme and document properties, which no reader needs) and the cells, styles,
widths and validations the same; :mod:`~desktop_app.interop.xlsx_fallback` keeps XlsxWriter
behind :func:`~desktop_app.interop.export.write_rows`, and a test compares the two files.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Final

from desktop_app.file_ops import discard
from desktop_app.interop.cell_xml import xml_attribute, xml_text
from desktop_app.interop.layout import (
    COUNTRIES_SHEET,
    COUNTRY_HEADERS,
    CUSTOMERS_SHEET,
    HEADER_FILL,
    NOT_SELECTED,
)
from desktop_app.interop.threaded_writes import ThreadedWrites
from desktop_app.interop.workbook_columns import COLUMNS, ListValidation, column_letter

LEVEL: Final = 1
"""Deflate's level: 6 (the default) makes the file 15 % smaller and takes 2× as long."""
COPY_CHUNK: Final = 1 << 20
"""Bytes of the held rows copied into the zip at a time."""
BATCH: Final = 500
"""Rows joined before one write into the zip."""
WIDTH_PADDING: Final = 0.7109375
"""What a spreadsheet adds to a width in characters (XlsxWriter's figure, kept for the same
file)."""

_PLAIN, _HEADER, _TEXT = "", ' s="1"', ' s="2"'
"""A cell's style: none, the grey header, the quote prefix (shown and kept as text)."""
_SEPARATOR: Final = "\x1f"
"""Joins a row's cells for the checks below; a cell holding it takes the careful way."""
_CAREFUL: Final = re.compile(
    "[&<>\n\x00-\x08\x0b-\x1e\ud800-\udfff\ufffe\uffff\r]|_x[0-9A-Fa-f]{4}_|\\s\x1f|\x1f\\s"
)
"""A row with a character to escape or spaces to keep at a cell's ends (rare; ``\\s`` takes
in the separator, so an empty cell takes this way too)."""
_RISKY: Final = re.compile("\x1f(?:[=+@\t\r]|-(?!\x1f))")
"""A cell a spreadsheet could run as a formula (``-`` alone is the placeholder)."""
_MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE: Final = "http://schemas.openxmlformats.org/package/2006"
_DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_PART: Final = "xl/worksheets/sheet{}.xml"


def _cell(letter: str, row: str, value: str, style: str) -> str:
    text = xml_text(value)
    # spaces kept at the ends of the escaped text (XlsxWriter's rule: a \r is escaped first)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{letter}{row}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _row_template(columns: int, marked: tuple[int, ...]) -> str:
    """A row's ``str.format`` template: ``{0}`` its number, then the values (``marked``: text)."""
    cells = "".join(
        f'<c r="{column_letter(i)}{{0}}"{_TEXT if i in marked else _PLAIN} t="inlineStr">'
        f"<is><t>{{{i + 1}}}</t></is></c>"
        for i in range(columns)
    )
    return f'<row r="{{0}}">{cells}</row>'


class SheetRows:
    """The ``<row>`` elements of a sheet of ``columns`` text cells, numbered from ``first``."""

    def __init__(self, columns: int, first: int = 1) -> None:
        self._columns = columns
        self._letters = tuple(column_letter(i) for i in range(columns))
        self._templates: dict[tuple[int, ...], Callable[..., str]] = {}
        self.number = first - 1

    def row(self, cells: list[str], style: str = _PLAIN) -> str:
        """The next row's XML; a cell is marked as text when a spreadsheet could run it."""
        self.number += 1
        joined = _SEPARATOR + _SEPARATOR.join(cells) + _SEPARATOR
        if (
            style
            or len(cells) != self._columns
            or _CAREFUL.search(joined)
            or joined.count(_SEPARATOR) != self._columns + 1
        ):
            return self._careful(cells, style)
        marked = tuple(joined.count(_SEPARATOR, 0, m.start()) for m in _RISKY.finditer(joined))
        template = self._templates.get(marked)
        if template is None:
            template = self._templates[marked] = _row_template(self._columns, marked).format
        return template(self.number, *cells)

    def _careful(self, cells: list[str], style: str) -> str:
        number = str(self.number)
        made = []
        for letter, value in zip(self._letters, cells, strict=False):
            risky = style == _PLAIN and _RISKY.match(_SEPARATOR + value + _SEPARATOR)
            made.append(_cell(letter, number, value, _TEXT if risky else style))
        return f'<row r="{number}">{"".join(made)}</row>'


def write_customers_workbook(
    rows: Iterable[list[str]], target: Path, expected: int | None = None
) -> int:
    """Write the customers workbook of ``rows`` (20 texts each) to ``target``; how many rows.

    The sheet's ``dimension`` element gives its size before its rows. With the number of
    rows ``expected`` (an export counts them first), the sheet is deflated as its rows are
    made, on a thread of its own; if another number came, the finished file gets the right
    size in a second pass. Without it the rows are held in a file beside ``target`` (as
    XlsxWriter holds them) until their number is known.
    """
    if expected is None:
        return _write_held(iter(rows), target)
    with _book(target) as book:
        with book.open(_SHEET_PART.format(1), "w", force_zip64=True) as sheet:
            sheet.write(_customers_start(expected))
            with ThreadedWrites(sheet) as writes:
                count = _write_rows(iter(rows), writes)
            sheet.write(_customers_end(count))
        book.writestr(_SHEET_PART.format(2), _countries_sheet())
    if count != expected:
        _resize(target, expected, count)
    return count


def _write_held(rows: Iterator[list[str]], target: Path) -> int:
    rows_file = target.with_name(f".{target.name}.rows")
    try:
        with rows_file.open("w+b") as held:
            count = _write_rows(rows, held)
            held.seek(0)
            with _book(target) as book:
                with book.open(_SHEET_PART.format(1), "w", force_zip64=True) as sheet:
                    sheet.write(_customers_start(count))
                    shutil.copyfileobj(held, sheet, COPY_CHUNK)
                    sheet.write(_customers_end(count))
                book.writestr(_SHEET_PART.format(2), _countries_sheet())
    finally:
        discard(rows_file)
    return count


def _book(target: Path) -> zipfile.ZipFile:
    """The workbook's zip, open for writing, with the parts that do not depend on the rows."""
    book = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL)
    for name, text in _fixed_parts():
        book.writestr(name, text)
    return book


def _customers_start(count: int) -> bytes:
    last = column_letter(len(COLUMNS) - 1)
    widths = tuple(c.width for c in COLUMNS)
    return _sheet_start(widths, f"A1:{last}{count + 1}", selected=True)


def _resize(target: Path, expected: int, count: int) -> None:
    """Give the Customers sheet of ``target`` (written for ``expected`` rows) ``count``."""
    wrong, right = _customers_start(expected), _customers_start(count)
    resized = target.with_name(f".{target.name}.resized")
    try:
        with zipfile.ZipFile(target) as source, _book(resized) as book:
            with (
                source.open(_SHEET_PART.format(1)) as old,
                book.open(_SHEET_PART.format(1), "w", force_zip64=True) as new,
            ):
                if old.read(len(wrong)) != wrong:  # cannot be: this module wrote it
                    raise OSError(f"the sheet of {target.name} did not start as it was written")
                new.write(right)
                shutil.copyfileobj(old, new, COPY_CHUNK)
            book.writestr(_SHEET_PART.format(2), source.read(_SHEET_PART.format(2)))
        resized.replace(target)
    finally:
        discard(resized)


def _write_rows(rows: Iterator[list[str]], out: IO[bytes] | ThreadedWrites) -> int:
    """The header row and a row for each of ``rows`` to ``out``; how many rows."""
    sheet = SheetRows(len(COLUMNS))
    batch = [sheet.row([c.header for c in COLUMNS], _HEADER)]
    for cells in rows:
        batch.append(sheet.row(cells))
        if len(batch) >= BATCH:
            out.write("".join(batch).encode())
            batch.clear()
    out.write("".join(batch).encode())
    return sheet.number - 1  # the header is row 1


def _customers_end(count: int) -> bytes:
    """What follows the rows: the list validations of the data rows (if any), the margins."""
    made = ["</sheetData>"]
    validations = [
        (column_letter(i), column.choices)
        for i, column in enumerate(COLUMNS)
        if column.choices is not None and count
    ]
    if validations:
        made.append(f'<dataValidations count="{len(validations)}">')
        made.extend(_validation(letter, count + 1, choices) for letter, choices in validations)
        made.append("</dataValidations>")
    made.append(_SHEET_END)
    return "".join(made).encode()


def _validation(letter: str, last_row: int, choices: ListValidation) -> str:
    what = choices.what
    cells = f"{letter}2" if last_row == 2 else f"{letter}2:{letter}{last_row}"
    return (
        '<dataValidation type="list" showInputMessage="1" showErrorMessage="1" '
        f'errorTitle="{xml_attribute(f"Invalid {what}")}" '
        f'error="{xml_attribute(f"The {what} must be one of: {choices.listed}.")}" '
        'promptTitle="List of choices" '
        f'prompt="{xml_attribute(f"Choose the {what} from the list.")}" '
        f'sqref="{cells}">'
        f"<formula1>{xml_text(chr(34) + ','.join(choices.values) + chr(34))}</formula1>"
        "</dataValidation>"
    )


def _countries_sheet() -> bytes:
    import pycountry

    sheet = SheetRows(2)
    count = len(pycountry.countries) + 2  # the headers, the countries, "not selected"
    made = [_sheet_start((15, 50), f"A1:B{count}", selected=False).decode()]
    made.append(sheet.row(list(COUNTRY_HEADERS), _HEADER))
    for country in sorted(pycountry.countries, key=lambda c: str(c.alpha_2)):
        made.append(sheet.row([str(country.alpha_2), str(country.name)]))
    made.append(sheet.row(list(NOT_SELECTED)))
    made.append("</sheetData>" + _SHEET_END)
    return "".join(made).encode()


def _sheet_start(widths: tuple[int, ...], dimension: str, *, selected: bool) -> bytes:
    cols = []
    first = 0
    for index in range(1, len(widths) + 1):  # a run of equal widths is one <col>
        if index == len(widths) or widths[index] != widths[first]:
            width = widths[first] + WIDTH_PADDING
            cols.append(f'<col min="{first + 1}" max="{index}" width="{width}" customWidth="1"/>')
            first = index
    view = ' tabSelected="1"' if selected else ""
    return (
        f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        f'<dimension ref="{dimension}"/>'
        f'<sheetViews><sheetView{view} workbookViewId="0"/></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{"".join(cols)}</cols><sheetData>'
    ).encode()


_SHEET_END: Final = (
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>"
)


def _fixed_parts() -> list[tuple[str, str]]:
    """The parts that do not depend on the rows: types, relationships, workbook, styles."""
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    fill = HEADER_FILL.lstrip("#").upper()
    return [
        (
            "[Content_Types].xml",
            f'{_DECLARATION}<Types xmlns="{_PACKAGE}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
            f'<Override PartName="/{_SHEET_PART.format(1)}" ContentType="{sheet_type}"/>'
            f'<Override PartName="/{_SHEET_PART.format(2)}" ContentType="{sheet_type}"/>'
            "</Types>",
        ),
        (
            "_rels/.rels",
            f'{_DECLARATION}<Relationships xmlns="{_PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        ),
        (
            "xl/_rels/workbook.xml.rels",
            f'{_DECLARATION}<Relationships xmlns="{_PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_RELS}/worksheet" Target="worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId3" Type="{_RELS}/styles" Target="styles.xml"/>'
            "</Relationships>",
        ),
        (
            "xl/workbook.xml",
            f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
            '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" '
            'windowHeight="9660"/></bookViews><sheets>'
            f'<sheet name="{CUSTOMERS_SHEET}" sheetId="1" r:id="rId1"/>'
            f'<sheet name="{COUNTRIES_SHEET}" sheetId="2" r:id="rId2"/>'
            '</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>',
        ),
        (
            "xl/styles.xml",
            f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
            "</font></fonts>"
            '<fills count="3"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fill}"/>'
            '<bgColor indexed="64"/></patternFill></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
            "</cellXfs>"
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            '</cellStyles><dxfs count="0"/><tableStyles count="0"/></styleSheet>',
        ),
    ]
