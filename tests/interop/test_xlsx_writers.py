"""The streamed workbook writer and its XlsxWriter fallback write the same customers workbook."""

import io
import threading
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.interop import export as export_module
from desktop_app.interop.cells import looks_like_formula
from desktop_app.interop.export import ExportFormat, write_rows
from desktop_app.interop.threaded_writes import ThreadedWrites
from desktop_app.interop.workbook_columns import COLUMN_COUNT, HEADERS
from desktop_app.interop.xlsx_fallback import write_with_xlsxwriter
from desktop_app.interop.xlsx_stream import write_customers_workbook
from tests.interop.test_connect_cli import known_accounts
from tests.interop.test_export import export
from tests.support.connect_cli import connect_cli_python, run_driver
from tests.support.world import VENDOR

AWKWARD = [
    "-",
    "-1 Minus Street",
    '=HYPERLINK("http://evil.example","click")',
    "+49 30 1234567",
    "@SUM(1+1)",
    "\tTabbed",
    "Ferrari Sidler & Partner <GmbH>",
    " leading and trailing ",
    "two\nlines",
    "carriage\rreturn",
    "bell\x07and\x1fseparator",
    "_x0041_ literal",
    "Łódź – Straße ☃ 𝔘",
    "",
    "'quoted",
]


def awkward_rows():
    rows = []
    for n, value in enumerate(AWKWARD):
        cells = [f"plain {n}-{c}" for c in range(COLUMN_COUNT)]
        cells[n % COLUMN_COUNT] = value
        cells[(n + 7) % COLUMN_COUNT] = value
        rows.append(cells)
    rows.append(list(AWKWARD[:COLUMN_COUNT]) + ["x"] * (COLUMN_COUNT - len(AWKWARD[:20])))
    return rows


def sheet_xml(path, number):
    return zipfile.ZipFile(path).read(f"xl/worksheets/sheet{number}.xml")


def cells_seen(path):
    book = openpyxl.load_workbook(path)
    seen = {}
    for sheet in book.worksheets:
        seen[sheet.title] = [
            [(c.value, c.data_type, bool(c.quotePrefix), c.fill.fgColor.rgb) for c in row]
            for row in sheet.iter_rows()
        ]
    customers = book["Customers"]
    validations = sorted(
        (str(v.sqref), v.formula1, v.error, v.errorTitle, v.prompt, v.promptTitle)
        for v in customers.data_validations.dataValidation
    )
    widths = {k: d.width for k, d in customers.column_dimensions.items()}
    return seen, validations, widths


def test_both_writers_write_the_same_sheets_cell_for_cell(tmp_path):
    rows = awkward_rows()
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    assert write_customers_workbook(rows, ours) == len(rows)
    assert write_with_xlsxwriter(rows, theirs) == len(rows)
    assert sheet_xml(ours, 1) == sheet_xml(theirs, 1)  # the same bytes
    assert sheet_xml(ours, 2) == sheet_xml(theirs, 2)
    assert cells_seen(ours) == cells_seen(theirs)
    seen, validations, _ = cells_seen(ours)
    assert [v for v, *_ in seen["Customers"][0]] == list(HEADERS)
    assert all(fill.endswith("D3D3D3") for *_, fill in seen["Customers"][0])  # grey headers
    assert len(validations) == 2
    for written, read in zip(rows, seen["Customers"][1:], strict=True):
        for text, (_, kind, quoted, _fill) in zip(written, read, strict=True):
            assert kind == "s"
            assert quoted == looks_like_formula(text), text  # quote prefix on risky values only


def test_an_empty_export_has_headers_and_no_validations(tmp_path):
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    assert write_customers_workbook([], ours) == write_with_xlsxwriter([], theirs) == 0
    assert sheet_xml(ours, 1) == sheet_xml(theirs, 1)
    assert b"dataValidation" not in sheet_xml(ours, 1)
    assert b'<dimension ref="A1:T1"/>' in sheet_xml(ours, 1)
    assert sorted(tmp_path.iterdir()) == sorted([ours, theirs])  # no rows held beside them


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.lists(st.text(max_size=12), min_size=COLUMN_COUNT, max_size=COLUMN_COUNT),
        min_size=1,
        max_size=6,
    )
)
def test_any_texts_are_written_as_xlsxwriter_writes_them(rows, tmp_path_factory):
    folder = tmp_path_factory.mktemp("texts")
    write_customers_workbook(rows, folder / "ours.xlsx")
    write_with_xlsxwriter(rows, folder / "theirs.xlsx")
    assert sheet_xml(folder / "ours.xlsx", 1) == sheet_xml(folder / "theirs.xlsx", 1)


def test_the_setting_chooses_xlsxwriter(tmp_path, monkeypatch):
    assert export_module.workbook_writer() is write_customers_workbook
    monkeypatch.setenv(export_module.WRITER_SETTING, "xlsxwriter")
    assert export_module.workbook_writer() is write_with_xlsxwriter
    path = tmp_path / "fallback.xlsx"
    write_rows(awkward_rows(), path, ExportFormat.XLSX)
    assert "xl/theme/theme1.xml" in zipfile.ZipFile(path).namelist()  # XlsxWriter's, not ours


@pytest.fixture(scope="module")
def connect_cli():
    python = connect_cli_python()
    if python is None:
        pytest.skip("connect-cli 41.0 is not installed (bash .ci/run installs it)")
    return python


@pytest.mark.parametrize("writer", ["stream", "xlsxwriter"])
def test_connect_cli_and_openpyxl_read_either_writers_export(
    world, accounts, tmp_path, connect_cli, monkeypatch, writer
):
    monkeypatch.setenv(export_module.WRITER_SETTING, writer)
    path = export(world, tmp_path / "customers.xlsx").path
    result = run_driver(connect_cli, "sync", str(path), known_accounts(tmp_path, []), VENDOR.id, "")
    assert result["errors"] == [] and result["row_errors"] == {}
    assert result["counts"]["skipped"] == 5
    sheet = openpyxl.load_workbook(path, read_only=True)["Customers"]
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == 6


@pytest.mark.parametrize("expected", [None, 0, 5, len(AWKWARD) + 1, 1000])
def test_the_sheet_is_the_same_however_many_rows_were_expected(tmp_path, expected):
    rows = awkward_rows()
    held, told = tmp_path / "held.xlsx", tmp_path / "told.xlsx"
    write_customers_workbook(rows, held)
    assert write_customers_workbook(rows, told, expected) == len(rows)
    assert sheet_xml(told, 1) == sheet_xml(held, 1)  # the right dimension, even when wrong
    assert sheet_xml(told, 2) == sheet_xml(held, 2)
    assert zipfile.ZipFile(told).namelist() == zipfile.ZipFile(held).namelist()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["held.xlsx", "told.xlsx"]


@pytest.mark.parametrize("expected", [None, 3_000])
def test_rows_that_fail_leave_no_thread_and_no_file_beside(tmp_path, expected):
    def failing():
        for n in range(2_000):
            yield [f"cell {n}"] * COLUMN_COUNT
        raise KeyboardInterrupt  # as a cancel raises out of the rows

    before = {t.name for t in threading.enumerate()}
    with pytest.raises(KeyboardInterrupt):
        write_customers_workbook(failing(), tmp_path / "out.xlsx", expected)
    assert {t.name for t in threading.enumerate()} <= before
    assert [p.name for p in tmp_path.iterdir()] in ([], ["out.xlsx"])


def test_a_failed_write_is_raised_on_the_callers_thread(tmp_path):
    class Full(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"), ThreadedWrites(Full()) as writes:
        for _ in range(10):
            writes.write(b"x" * 1000)
