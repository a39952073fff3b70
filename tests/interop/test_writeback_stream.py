"""Results are written back by streaming the workbook: only the ID, External UID and Action cells
of each result's row change, every other zip member is copied as it is, and memory stays flat."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import ExchangeFileError
from desktop_app.interop import sheet_writer
from desktop_app.interop.cell_xml import column_index, column_letters
from desktop_app.interop.export import ExportFormat, write_rows
from desktop_app.interop.importer import RowOutcome, RowResult
from desktop_app.interop.reading import open_source
from desktop_app.interop.workbook_columns import HEADERS
from desktop_app.interop.writeback import write_results
from tests.interop.sheets import csv_file, row, values, workbook
from tests.support.damage import wrong_crc

ROOT = Path(__file__).resolve().parents[2]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OPENPYXL_SHEET = "xl/worksheets/sheet1.xml"
HANDMADE_SHEET = "xl/worksheets/customers.xml"
WRITTEN = (0, 2, 3)


def result(number: int) -> RowResult:
    """The result of row ``number``: a new account's ID and external UID."""
    return RowResult(
        number,
        RowOutcome.CREATED,
        f"TA-{number:04d}-{number:04d}-0001",
        str(uuid.UUID(int=number)),
    )


def expected_cells(number: int) -> tuple[str, str, str]:
    found = result(number)
    return found.account_id, found.external_uid, "-"


# -- reading back -------------------------------------------------------------------------------


def members(path: Path) -> list[tuple[str, int, tuple[int, ...], bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [
            (info.filename, info.compress_type, info.date_time, archive.read(info))
            for info in archive.infolist()
        ]


def assert_only_the_sheet_changed(before: Path, after: Path, sheet: str) -> None:
    """Same members in the same order, same compression and time; all but ``sheet`` equal."""
    old, new = members(before), members(after)
    assert [m[:3] for m in old] == [m[:3] for m in new]
    for (name, _, _, data), (_, _, _, written) in zip(old, new, strict=True):
        if name != sheet:
            assert written == data, name
    assert dict((m[0], m[3]) for m in old)[sheet] != dict((m[0], m[3]) for m in new)[sheet]


def openpyxl_rows(path: Path) -> dict[int, list[Any]]:
    book = openpyxl.load_workbook(path)
    try:
        sheet = book["Customers"]
        return {
            r: [sheet.cell(r, c + 1).value for c in range(len(HEADERS))]
            for r in range(2, sheet.max_row + 1)
        }
    finally:
        book.close()


def reader_rows(path: Path) -> dict[int, tuple[str, ...]]:
    """The rows as the importer reads them (desktop_app.interop.reading)."""
    return {r.number: r.cells for r in open_source(path).rows()}


def assert_results_read_back(path: Path, numbers: list[int], untouched: dict[int, list[Any]]):
    """Both readers find each result's three cells; the other cells are as they were."""
    by_openpyxl = openpyxl_rows(path)
    by_reader = reader_rows(path)
    for number in numbers:
        wanted = expected_cells(number)
        assert tuple(by_openpyxl[number][c] for c in WRITTEN) == wanted, number
        assert tuple(by_reader[number][c] for c in WRITTEN) == wanted, number
    for number, cells in untouched.items():
        for column, value in enumerate(cells):
            if number in numbers and column in WRITTEN:
                continue
            assert by_openpyxl[number][column] == value, (number, column)
            assert by_reader[number][column] == ("" if value is None else str(value))


def sheet_cells(data: bytes, shared: list[str] | None = None) -> dict[tuple[int, int], Any]:
    """Every cell of a sheet's XML by (row, column), read with ElementTree, its own way.

    A cell is (kind, text): ``inline`` strings, ``shared`` strings, ``formula`` and ``value``.
    Positions left implied (no ``r``) are counted; a position seen twice fails the test.
    """
    root = ET.fromstring(data)
    sheet_data = root.find(f"{{{MAIN}}}sheetData")
    assert sheet_data is not None
    cells: dict[tuple[int, int], Any] = {}
    number = 0
    for row_element in sheet_data:
        assert row_element.tag == f"{{{MAIN}}}row"
        given_number = row_element.get("r")
        assert given_number is None or int(given_number) > number, "rows out of order"
        number = int(given_number) if given_number else number + 1
        column = -1
        for cell in row_element.findall(f"{{{MAIN}}}c"):
            ref = cell.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                assert ref == f"{letters}{number}"
                assert column_index(letters) > column, "cells out of order"
                column = column_index(letters)
            else:
                column += 1
            assert (number, column) not in cells
            cells[number, column] = _cell_value(cell, shared or [])
    return cells


def _cell_value(cell: ET.Element, shared: list[str]) -> tuple[str, str]:
    formula = cell.find(f"{{{MAIN}}}f")
    if formula is not None:
        return "formula", formula.text or ""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        text = cell.find(f"{{{MAIN}}}is")
        assert text is not None
        return "inline", "".join(text.itertext())
    value = cell.findtext(f"{{{MAIN}}}v", "")
    if kind == "s":
        return "shared", shared[int(value)]
    return "value", value


# -- workbooks made by hand -------------------------------------------------------------------


def handmade(
    path: Path,
    sheet: str,
    shared: list[str] | None = None,
    prefix: str = "",
) -> Path:
    """A workbook of two sheets, Countries first and Customers second (``customers.xml``).

    ``sheet`` is the Customers sheet's XML; ``prefix`` writes the workbook part with it.
    """
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/worksheets/customers.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<{p}workbook {xmlns}="{MAIN}" xmlns:rel="{RELS}"><{p}sheets>'
            f'<{p}sheet name="Countries" sheetId="1" rel:id="rId1"/>'
            f'<{p}sheet name="Customers" sheetId="2" rel:id="rId2"/>'
            f"</{p}sheets></{p}workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/worksheet" '
            'Target="/xl/worksheets/customers.xml"/>'
            f'<Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId4" Type="{RELS}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/>'
            '<name val="Calibri"/></font></fonts><fills count="1"><fill>'
            '<patternFill patternType="none"/></fill></fills><borders count="1"><border>'
            "<left/><right/><top/><bottom/><diagonal/></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" '
            'borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
            'xfId="0" quotePrefix="1"/></cellXfs><cellStyles count="1">'
            '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{MAIN}" count="{len(shared or [])}">'
            + "".join(f"<si><t>{text}</t></si>" for text in shared or [])
            + "</sst>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
            "<is><t>DE</t></is></c></row></sheetData></worksheet>"
        ),
        HANDMADE_SHEET: sheet,
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            # a stored member among deflated ones: each keeps its own compression
            kind = zipfile.ZIP_STORED if name == "xl/styles.xml" else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=kind)
    return path


def inline(ref: str | None, text: str, p: str = "", style: str | None = None) -> str:
    at = f' r="{ref}"' if ref else ""
    styled = f' s="{style}"' if style else ""
    return f'<{p}c{at}{styled} t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'


def header_row(p: str = "", with_r: bool = True) -> str:
    cells = "".join(
        inline(f"{column_letters(i)}1" if with_r else None, h, p) for i, h in enumerate(HEADERS)
    )
    r = ' r="1"' if with_r else ""
    return f"<{p}row{r}>{cells}</{p}row>"


def data_row(number: int, p: str = "", with_r: bool = True, skip: tuple[int, ...] = ()) -> str:
    """Row ``number`` of a valid create row, without the cells of the columns in ``skip``."""
    cells = values(row(External_ID=f"E{number}"))
    written = []
    for column, value in enumerate(cells):
        if column in skip or value is None:
            continue
        written.append(inline(f"{column_letters(column)}{number}" if with_r else None, value, p))
    r = f' r="{number}"' if with_r else ""
    return f"<{p}row{r}>{''.join(written)}</{p}row>"


def worksheet(rows: str, p: str = "", dimension: str | None = "A1:T3") -> str:
    xmlns = f"xmlns:{p[:-1]}" if p else "xmlns"
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<{p}worksheet {xmlns}="{MAIN}">{dim}<{p}sheetData>{rows}</{p}sheetData>'
        f'<{p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
        f'footer="0.3"/></{p}worksheet>'
    )


def sheet_of(path: Path, part: str = HANDMADE_SHEET) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part)


# -- workbooks made by the programs people use --------------------------------------------------


def test_a_workbook_made_by_openpyxl(tmp_path):
    rows = [row(External_ID="W1"), row(Action="-"), row(External_ID="W2", External_UID=None)]
    source = workbook(tmp_path / "in.xlsx", rows)  # no ID cells (None), one row without C
    before = openpyxl_rows(source)
    target = write_results(source, tmp_path / "out.xlsx", [result(2), result(4)])
    assert target == tmp_path / "out.xlsx"
    assert_only_the_sheet_changed(source, target, OPENPYXL_SHEET)
    assert_results_read_back(target, [2, 4], before)
    assert openpyxl_rows(target)[3] == before[3]


def test_a_workbook_with_shared_strings_as_excel_writes_it(tmp_path):
    """xlsxwriter's default mode keeps every text in sharedStrings.xml, as Excel does."""
    source = tmp_path / "shared.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet("Customers")
    sheet.write_row(0, 0, HEADERS)
    data = [values(row(ID="-", External_ID=f"S{i}")) for i in range(3)]
    for number, cells in enumerate(data, start=1):
        sheet.write_row(number, 0, cells)
    book.add_worksheet("Countries").write_row(0, 0, ["DE", "Germany"])
    book.close()
    before = openpyxl_rows(source)
    target = write_results(source, tmp_path / "out.xlsx", [result(2), result(4)])
    assert_only_the_sheet_changed(source, target, OPENPYXL_SHEET)  # sharedStrings.xml too
    assert_results_read_back(target, [2, 4], before)
    cells = sheet_cells(sheet_of(target, OPENPYXL_SHEET), _shared(target))
    assert cells[2, 0] == ("inline", expected_cells(2)[0])
    assert cells[2, 1] == ("shared", "S0")
    assert cells[3, 0] == ("shared", "-")


def _shared(path: Path) -> list[str]:
    root = ET.fromstring(sheet_of(path, "xl/sharedStrings.xml"))
    return ["".join(si.itertext()) for si in root]


def test_a_workbook_made_by_our_export(tmp_path):
    data = []
    for i in range(5):
        cells = values(row(ID="-", External_ID=f"X{i}", Action="-"))
        cells[2] = "=risky" if i == 1 else "-"  # written with the quote-prefix style
        data.append(cells)
    source = tmp_path / "export.xlsx"
    write_rows(data, source, ExportFormat.XLSX)
    before = openpyxl_rows(source)
    results = [result(n) for n in (2, 3, 6)]
    target = write_results(source, source, results)  # into the file itself
    assert target == source
    assert not list(tmp_path.glob(".*.part"))
    assert_results_read_back(source, [2, 3, 6], {n: before[n] for n in (4, 5)})
    assert openpyxl_rows(source)[3][2] == expected_cells(3)[1]
    book = openpyxl.load_workbook(source)
    assert book["Customers"]["C3"].quotePrefix  # the cell keeps its style
    assert book.sheetnames == ["Customers", "Countries"]
    assert book["Customers"].data_validations.dataValidation  # the lists are still there
    book.close()


# -- what a sheet's XML may spell --------------------------------------------------------------


@pytest.mark.parametrize("chunk", [5, 64, 1 << 20])
def test_missing_id_cells_are_inserted_in_column_order(tmp_path, chunk, monkeypatch):
    monkeypatch.setattr(sheet_writer, "CHUNK", chunk)  # tags cut between chunks
    rows = (
        header_row()
        + data_row(2, skip=(0,))
        + data_row(3, skip=(0, 2, 3))
        + data_row(4, skip=(0, 1, 2, 3, 4))  # nothing before E
        + data_row(5)
    )
    rows = rows.replace('<row r="3">', '<row r="3" spans="2:20">')
    source = handmade(tmp_path / "in.xlsx", worksheet(rows, dimension="A1:T5"))
    before = openpyxl_rows(source)
    target = write_results(source, tmp_path / "out.xlsx", [result(n) for n in (2, 3, 4)])
    assert_only_the_sheet_changed(source, target, HANDMADE_SHEET)
    assert_results_read_back(target, [2, 3, 4], before)
    written = sheet_of(target)
    assert b"spans" not in written  # a span that no longer holds goes
    assert written.count(b'<c r="A3" t="inlineStr">') == 1
    assert written.index(b'r="A3"') < written.index(b'r="B3"') < written.index(b'r="C3"')
    assert written.index(b'r="D4"') < written.index(b'r="F4"')
    assert data_row(5).encode() in written  # a row without a result is copied as it was


@pytest.mark.parametrize("chunk", [3, 1 << 20])
def test_cells_and_rows_without_r(tmp_path, chunk, monkeypatch):
    monkeypatch.setattr(sheet_writer, "CHUNK", chunk)
    rows = header_row(with_r=False) + "".join(data_row(n, with_r=False) for n in (2, 3, 4))
    source = handmade(tmp_path / "in.xlsx", worksheet(rows, dimension=None))
    before = sheet_cells(sheet_of(source))
    target = write_results(source, tmp_path / "out.xlsx", [result(2), result(4)])
    assert_only_the_sheet_changed(source, target, HANDMADE_SHEET)
    after = sheet_cells(sheet_of(target))
    assert after == _expected(before, [2, 4])
    assert_results_read_back(target, [2, 4], {3: openpyxl_rows(source)[3]})


def test_a_prefixed_namespace(tmp_path):
    p = "x:"
    rows = header_row(p) + data_row(2, p) + data_row(3, p, skip=(0,)) + data_row(4, p)
    source = handmade(tmp_path / "in.xlsx", worksheet(rows, p=p, dimension="A1:T4"), prefix="x")
    before = openpyxl_rows(source)
    target = write_results(source, tmp_path / "out.xlsx", [result(3), result(4)])
    assert_only_the_sheet_changed(source, target, HANDMADE_SHEET)
    written = sheet_of(target)
    assert b"<c " not in written and b'<x:c r="A3" t="inlineStr"><x:is><x:t>' in written
    assert_results_read_back(target, [3, 4], before)


def test_formulas_shared_strings_and_numbers_in_those_cells_are_replaced_whole(tmp_path):
    shared = ["old uid", "create"]
    cells = (
        '<c r="A2" t="str"><f>CONCAT("TA-","1")</f><v>TA-1</v></c>'
        '<c r="B2" t="inlineStr"><is><t>E2</t></is></c>'
        '<c r="C2" t="s" s="1"><v>0</v></c>'
        '<c r="D2" t="s"><v>1</v></c>'
        '<c r="E2" t="n"><v>5</v></c>'
        '<c r="J2"><f>1+1</f><v>2</v></c>'
    )
    number_row = '<row r="3"><c r="A3"><v>12</v></c><c r="C3" t="b"><v>1</v></c><c r="D3"/></row>'
    sheet = worksheet(header_row() + f'<row r="2">{cells}</row>' + number_row)
    source = handmade(tmp_path / "in.xlsx", sheet, shared=shared)
    before = sheet_cells(sheet_of(source), shared)
    target = write_results(source, tmp_path / "out.xlsx", [result(2), result(3)])
    assert_only_the_sheet_changed(source, target, HANDMADE_SHEET)  # sharedStrings.xml too
    after = sheet_cells(sheet_of(target), shared)
    assert after == _expected(before, [2, 3])
    assert after[2, 9] == ("formula", "1+1")  # other cells keep theirs
    written = sheet_of(target)
    assert b'<c r="C2" s="1" t="inlineStr">' in written  # the style stays, the type is new
    book = openpyxl.load_workbook(target)
    sheet_values = [[c.value for c in r] for r in book["Customers"].iter_rows(min_row=2)]
    assert [sheet_values[0][c] for c in WRITTEN] == list(expected_cells(2))
    assert [sheet_values[1][c] for c in WRITTEN] == list(expected_cells(3))
    book.close()


def test_missing_rows_are_inserted_in_order(tmp_path):
    rows = header_row() + data_row(2) + '<row r="4"/>' + data_row(6) + '<row r="7" spans="1:3"/>'
    source = handmade(tmp_path / "in.xlsx", worksheet(rows, dimension="A1:T7"))
    before = sheet_cells(sheet_of(source))
    numbers = [3, 4, 5, 7, 9, 12]
    target = write_results(source, tmp_path / "out.xlsx", [result(n) for n in numbers])
    written = sheet_of(target)
    after = sheet_cells(written)
    assert after == _expected(before, numbers)
    assert b'<dimension ref="A1:T12"/>' in written  # the range grows to the last new row
    assert b"spans" not in written
    by_openpyxl = openpyxl_rows(target)
    for number in numbers:
        assert tuple(by_openpyxl[number][c] for c in WRITTEN) == expected_cells(number)
    assert by_openpyxl[6][1] == "E6"


def test_an_empty_sheet_data_gets_its_rows(tmp_path):
    source = handmade(
        tmp_path / "in.xlsx",
        worksheet("", dimension="A1").replace("<sheetData></sheetData>", "<sheetData/>"),
    )
    target = write_results(source, tmp_path / "out.xlsx", [result(3), result(2)])
    written = sheet_of(target)
    assert sheet_cells(written) == _expected({}, [2, 3])
    assert b'<dimension ref="A1:D3"/>' in written
    assert written.endswith(b"</sheetData><pageMargins" + written.split(b"<pageMargins", 1)[1])


def test_texts_that_xml_must_escape(tmp_path):
    source = handmade(tmp_path / "in.xlsx", worksheet(header_row() + data_row(2)))
    odd = RowResult(2, RowOutcome.UPDATED, "TA-1 & <2>", "  spaced ")
    target = write_results(source, tmp_path / "out.xlsx", [odd])
    written = sheet_of(target)
    assert b"<t>TA-1 &amp; &lt;2&gt;</t>" in written
    assert b'<t xml:space="preserve">  spaced </t>' in written
    cells = openpyxl_rows(target)[2]
    assert (cells[0], cells[2], cells[3]) == ("TA-1 & <2>", "  spaced ", "-")
    assert reader_rows(target)[2][:4] == ("TA-1 & <2>", "E2", "  spaced ", "-")


def _expected(before: dict[tuple[int, int], Any], numbers: list[int]) -> dict:
    expected = dict(before)
    for number in numbers:
        for column, text in zip(WRITTEN, expected_cells(number), strict=True):
            expected[number, column] = ("inline", text)
    return expected


# -- any sheet: a model of the positions, checked with ElementTree ----------------------------

KINDS = ("inline", "shared", "value", "formula")


@st.composite
def sheets(draw: Any) -> tuple[str, list[str], list[int], int]:
    """A Customers sheet of rows 1–8 (some missing, some empty), cells A–H of any kind, with
    and without ``r``, any prefix; the rows that get results; a chunk size."""
    p = draw(st.sampled_from(["", "x:", "ss:"]))
    shared: list[str] = []
    rows = []
    previous_row = 0
    for number in range(1, 9):
        if not draw(st.booleans()):
            continue
        columns = sorted(draw(st.sets(st.integers(0, 7), max_size=8)))
        cells = []
        previous = -1
        for column in columns:
            implied = column == previous + 1 and draw(st.booleans())
            at = "" if implied else f' r="{column_letters(column)}{number}"'
            kind = draw(st.sampled_from(KINDS))
            text = f"v{number}.{column}"
            if kind == "inline":
                cells.append(f'<{p}c{at} t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>')
            elif kind == "shared":
                shared.append(text)
                cells.append(f'<{p}c{at} t="s"><{p}v>{len(shared) - 1}</{p}v></{p}c>')
            elif kind == "value":
                cells.append(f"<{p}c{at}><{p}v>{number * 100 + column}</{p}v></{p}c>")
            else:
                cells.append(f"<{p}c{at}><{p}f>{text}</{p}f></{p}c>")
            previous = column
        implied_row = number == previous_row + 1 and draw(st.booleans())
        at = "" if implied_row else f' r="{number}"'
        if cells or draw(st.booleans()):
            rows.append(f"<{p}row{at}>{''.join(cells)}</{p}row>")
        else:
            rows.append(f"<{p}row{at}/>")
        previous_row = number
    results = sorted(draw(st.sets(st.integers(2, 10), max_size=9)))
    chunk = draw(st.sampled_from([1, 2, 7, 33, 1 << 20]))
    return worksheet("".join(rows), p=p, dimension="A1:H8"), shared, results, chunk


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets())
def test_any_sheet_gets_exactly_the_three_cells_of_each_result(case):
    sheet, shared, numbers, chunk = case
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.object(sheet_writer, "CHUNK", chunk),
    ):
        source = handmade(Path(folder) / "in.xlsx", sheet, shared=shared)
        target = write_results(source, Path(folder) / "out.xlsx", [result(n) for n in numbers])
        before = sheet_cells(sheet_of(source), shared)
        after = sheet_cells(sheet_of(target), shared)
        assert after == _expected(before, numbers)
        if not numbers:
            assert sheet_of(target) == sheet_of(source)


# -- unreadable sources are refused, never raised ----------------------------------------------


def _rewritten(path: Path, part: str, change) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info, change(data) if info.filename == part else data)
    return path


DAMAGE = {
    "the sheet's CRC": lambda p: wrong_crc(p, OPENPYXL_SHEET),
    "another member's CRC": lambda p: wrong_crc(p, "xl/styles.xml"),
    "malformed sheet XML": lambda p: _rewritten(
        p, OPENPYXL_SHEET, lambda d: d.replace(b"<row", b"<row <<", 1)
    ),
    "malformed late in the sheet": lambda p: _rewritten(
        p, OPENPYXL_SHEET, lambda d: d.replace(b"</sheetData>", b"</sheetDat>", 1)
    ),
    "a DTD": lambda p: _rewritten(
        p, OPENPYXL_SHEET, lambda d: b'<!DOCTYPE x [<!ENTITY a "b">]>' + d
    ),
    "a row number that is none": lambda p: _rewritten(
        p, OPENPYXL_SHEET, lambda d: d.replace(b'<row r="2"', b'<row r="two"', 1)
    ),
    "no Customers sheet": lambda p: _rewritten(
        p, "xl/workbook.xml", lambda d: d.replace(b'name="Customers"', b'name="Kunden"')
    ),
    "a cut file": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]) and p,
    "no workbook at all": lambda p: p.write_bytes(b"PK\x03\x04 not really a zip") and p,
}


@pytest.mark.parametrize("damage", list(DAMAGE.values()), ids=list(DAMAGE))
@pytest.mark.parametrize("into_itself", [False, True])
def test_an_unreadable_workbook_is_refused_and_nothing_is_written(tmp_path, damage, into_itself):
    source = damage(workbook(tmp_path / "in.xlsx", [row(External_ID="A"), row(External_ID="B")]))
    original = source.read_bytes()
    target = source if into_itself else tmp_path / "out.xlsx"
    with pytest.raises(ExchangeFileError) as refused:
        write_results(source, target, [result(2), result(3)])
    message = refused.value.message
    assert message.startswith(f"The results could not be written to {target}: in.xlsx ")
    assert message.endswith("The accounts are saved in the workspace.")
    assert source.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]


def test_the_refusals_say_what_is_wrong(tmp_path):
    source = DAMAGE["no Customers sheet"](workbook(tmp_path / "in.xlsx", [row()]))
    with pytest.raises(ExchangeFileError, match=r"in\.xlsx has no sheet named “Customers”"):
        write_results(source, tmp_path / "out.xlsx", [result(2)])
    source = DAMAGE["the sheet's CRC"](workbook(tmp_path / "crc.xlsx", [row()]))
    with pytest.raises(ExchangeFileError, match=r"crc\.xlsx is damaged.*CRC"):
        write_results(source, tmp_path / "out.xlsx", [result(2)])
    source = DAMAGE["malformed sheet XML"](workbook(tmp_path / "xml.xlsx", [row()]))
    with pytest.raises(ExchangeFileError, match=r"xml\.xlsx is damaged: the XML of xl/work"):
        write_results(source, tmp_path / "out.xlsx", [result(2)])


# -- CSV ---------------------------------------------------------------------------------------


def test_csv_is_written_record_by_record(tmp_path):
    source = csv_file(tmp_path / "in.csv", [row(External_ID="C1"), row(Action="-")])
    with source.open("a", encoding="utf-8", newline="") as handle:
        handle.write('short,"two\nlines"\r\n')  # row 4: a short record over two lines
    target = write_results(source, tmp_path / "out.csv", [result(2), result(4), result(7)])
    with target.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle))
    assert len(records) == 7
    assert [records[n - 1][c] for n in (2, 4, 7) for c in WRITTEN] == [
        text for n in (2, 4, 7) for text in expected_cells(n)
    ]
    assert records[3][:2] == ["TA-0004-0004-0001", "two\nlines"]
    assert len(records[3]) == len(HEADERS)
    assert records[2][1:] == values(row(Action="-"))[1:]  # no result: as it was
    assert records[4] == records[5] == []


def test_a_csv_file_of_another_name_is_written_as_csv(tmp_path):
    """The import takes any text file as CSV; so does the write-back."""
    source = csv_file(tmp_path / "customers.txt", [row(External_ID="T1")])
    assert open_source(source).kind == "csv"
    target = write_results(source, source, [result(2)])
    account_id, external_uid, action = expected_cells(2)
    assert reader_rows(target)[2][:4] == (account_id, "T1", external_uid, action)


def test_an_unreadable_csv_is_refused(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(",".join(HEADERS).encode() + b"\r\n\xff\xfe,x\r\n")
    with pytest.raises(ExchangeFileError, match=r"in\.csv is not UTF-8 text"):
        write_results(source, tmp_path / "out.csv", [result(2)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


# -- memory stays flat -------------------------------------------------------------------------

_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, uuid
    from pathlib import Path
    from desktop_app.interop.importer import RowOutcome, RowResult
    from desktop_app.interop.writeback import write_results

    source, target, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    results = [
        RowResult(n, RowOutcome.CREATED, f"TA-{n:04d}-0000-0001", str(uuid.UUID(int=n)))
        for n in range(2, count + 2)
    ]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    write_results(source, target, results)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"before_kb": before, "after_kb": after}))
    """
)


# A child's peak RSS counts what it held between fork and exec: forked from pytest, it would
# start at pytest's size. Started from this small interpreter, it starts at the launcher's.
_LAUNCHER = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"


def big_workbook(path: Path, count: int) -> Path:
    """A workbook of ``count`` data rows of 20 inline strings, as our export writes them."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, _, _, data in members(handmade(path.with_suffix(".seed.xlsx"), worksheet(""))):
            if name == HANDMADE_SHEET:
                continue
            archive.writestr(name, data)
        with archive.open(HANDMADE_SHEET, "w") as sheet:
            sheet.write(worksheet("@", dimension=f"A1:T{count + 1}").split("@")[0].encode())
            sheet.write(header_row().encode())
            template = data_row(2).replace("E2", "E{n}").replace('2"', '{n}"')
            for start in range(2, count + 2, 1000):
                chunk = "".join(
                    template.format(n=n) for n in range(start, min(start + 1000, count + 2))
                )
                sheet.write(chunk.encode())
            sheet.write(worksheet("@").split("@")[1].encode())
    return path


def _out(source: Path) -> Path:
    return source.with_name(f"{source.stem}-out.xlsx")


def _peak_growth_mb(source: Path, count: int) -> float:
    measured = [sys.executable, "-c", _MEASURE, str(source), str(_out(source)), str(count)]
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *measured],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    found = json.loads(done.stdout)
    return (found["after_kb"] - found["before_kb"]) / 1024


@pytest.mark.slow
def test_memory_stays_flat_whatever_the_number_of_rows(tmp_path):
    small = big_workbook(tmp_path / "small.xlsx", 5_000)
    large = big_workbook(tmp_path / "large.xlsx", 50_000)
    assert large.stat().st_size > 8 * small.stat().st_size
    grown_small = _peak_growth_mb(small, 5_000)
    grown_large = _peak_growth_mb(large, 50_000)
    # loading the 50,000-row workbook (openpyxl, as before) took ~600 MB more than 5,000 rows
    assert grown_large < 40, (grown_small, grown_large)
    assert grown_large - grown_small < 20, (grown_small, grown_large)
    by_reader = reader_rows(_out(large))
    assert len(by_reader) == 50_000
    assert by_reader[50_001][:4] == (
        "TA-50001-0000-0001",
        "E50001",
        str(uuid.UUID(int=50_001)),
        "-",
    )
