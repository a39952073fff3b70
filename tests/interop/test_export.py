import csv

import openpyxl
import pycountry
import pytest

from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import ExchangeFileError
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.interop.export import ExportFormat, account_cells, export_accounts
from desktop_app.interop.progress import Cancelled
from desktop_app.interop.workbook_columns import HEADERS
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

BY_ID = SortSpec(DirectoryColumn.ID, descending=False)


def export(world, path, query=None, progress=None, fmt=None):
    query = query or DirectoryQuery()
    directory = world.services.directory
    return export_accounts(
        directory.stream(query, BY_ID), directory.count(query), path, fmt, progress
    )


def sheet_rows(path):
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Customers"]
    return workbook, sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def column_widths(sheet):
    """Width per column letter (a workbook may give one width to a range of columns)."""
    widths = {}
    for dimension in sheet.column_dimensions.values():
        for index in range(dimension.min, dimension.max + 1):
            widths[chr(ord("A") + index - 1)] = dimension.width
    return widths


def test_workbook_layout_is_connect_clis(world, accounts, tmp_path):
    report = export(world, tmp_path / "customers.xlsx")
    assert report.accounts == 5
    workbook, sheet, rows = sheet_rows(report.path)
    assert workbook.sheetnames == ["Customers", "Countries"]
    assert rows[0] == list(HEADERS)
    assert sheet.max_row == 6  # no styled empty rows below the data
    assert sheet["A1"].fill.fgColor.rgb.endswith("D3D3D3")
    widths = column_widths(sheet)
    assert [int(widths[c]) for c in "JKL"] == [50, 50, 50]
    assert [int(widths[c]) for c in "BDEF"] == [15, 15, 15, 15]
    assert [int(widths[c]) for c in "ACGHIMNOPQRST"] == [20] * 13
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type == "s", cell.coordinate  # every cell is text
            assert cell.value not in (None, ""), cell.coordinate  # "-" for missing values
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations == {"D2:D6": '"-,create,update"', "F2:F6": '"-,id,external_id,external_uid"'}
    countries = workbook["Countries"]
    country_rows = [[c.value for c in r] for r in countries.iter_rows()]
    assert country_rows[0] == ["2 letters country code", "Country name"]
    assert country_rows[-1] == ["-", "Not Selected"]
    assert len(country_rows) == len(pycountry.countries) + 2
    assert ["DE", "Germany"] in country_rows


def test_cells_follow_the_spec(world, accounts, tmp_path):
    report = export(world, tmp_path / "customers.xlsx")
    _, _, rows = sheet_rows(report.path)
    by_id = {r[0]: dict(zip(HEADERS, r, strict=True)) for r in rows[1:]}
    reseller = by_id[accounts.reseller.id]
    assert reseller["Action"] == "-"
    assert reseller["Hub ID"] == NO_HUB_ID
    assert (reseller["Parent Search Criteria"], reseller["Parent Search Value"]) == ("-", "-")
    assert reseller["Zip"] == "75001"
    assert reseller["Address Line 2"] == "Bâtiment B"
    assert reseller["Tax ID"] == "-"
    assert reseller["Technical Contact Phone"] == "+33142685300"
    hub_reseller = by_id[accounts.hub_reseller.id]
    assert hub_reseller["Hub ID"] == accounts.hub_reseller.hub_id != NO_HUB_ID
    customer = by_id[accounts.customer.id]
    assert customer["Parent Search Criteria"] == "id"
    assert customer["Parent Search Value"] == accounts.hub_reseller.id
    assert customer["Type"] == "customer"
    assert customer["Zip"] == "01067"  # leading zero kept: the cell is text
    assert customer["External ID"] == "-"
    assert customer["Technical Contact Phone"] == "+49351123456742"  # parts joined, as connect-cli
    assert customer["External UID"] == accounts.customer.data.external_uid
    assert by_id["TA-0-1111-2222-3333"]["Company Name"] == "Old Reseller Ltd"


def test_no_exported_cell_reads_as_a_formula(world, accounts, tmp_path):
    report = export(world, tmp_path / "customers.xlsx")
    workbook = openpyxl.load_workbook(report.path)
    sheet = workbook["Customers"]
    risky = {
        '=HYPERLINK("http://evil.example","click")',
        "+12345",
        "@SUM(1+1)",
        "-1 Minus Street",
    }
    seen = set()
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if cell.value in risky:
                seen.add(cell.value)
                assert cell.quotePrefix, cell.coordinate  # the spreadsheet keeps it as text
            elif cell.value == "-":
                assert not cell.quotePrefix
    phone_cells = {c.value for c in sheet["T"][1:]}
    assert seen == risky
    assert "+33142685300" in phone_cells


def test_csv_has_the_same_columns_and_neutralised_values(world, accounts, tmp_path):
    report = export(world, tmp_path / "customers.csv")
    assert report.format is ExportFormat.CSV
    raw = report.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
    with report.path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(HEADERS)
    assert len(rows) == 6
    values = {v for row in rows[1:] for v in row}
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert "'+12345" in values and "'@SUM(1+1)" in values and "'-1 Minus Street" in values
    assert not any(v.startswith(("=", "+", "@")) for v in values)
    assert all(v == "-" or not v.startswith("-") for v in values)
    cells = {tuple(r) for r in rows[1:]}
    assert len(cells) == 5
    assert "Zürich" in values


def test_filters_of_the_directory_apply(world, accounts, tmp_path):
    resellers = export(world, tmp_path / "r.xlsx", DirectoryQuery(type=AccountType.RESELLER))
    _, _, rows = sheet_rows(resellers.path)
    assert {r[7] for r in rows[1:]} == {"reseller"}
    assert resellers.accounts == 3
    found = export(world, tmp_path / "s.csv", DirectoryQuery(search="zur"))
    assert found.accounts == 1


def test_account_cells_give_twenty_texts(accounts):
    for account in accounts.all():
        cells = account_cells(account)
        assert len(cells) == len(HEADERS)
        assert all(isinstance(c, str) and c for c in cells)


def test_cancel_leaves_the_old_file_and_no_part_file(world, accounts, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop_app.interop.export.STEP", 2)
    target = tmp_path / "customers.xlsx"
    target.write_bytes(b"the earlier export")
    with pytest.raises(Cancelled):
        export(world, target, progress=lambda done, total: done < 2)
    assert target.read_bytes() == b"the earlier export"
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("workspace"))
    assert left == ["customers.xlsx"]


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_an_unwritable_place_is_a_clear_error(world, accounts, tmp_path, fmt):
    with pytest.raises(ExchangeFileError, match="does not exist"):
        export(world, tmp_path / "missing" / "customers.x", fmt=fmt)
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "customers.xlsx").mkdir()  # a folder where the file should go
    with pytest.raises(ExchangeFileError, match="cannot be written"):
        export(world, folder / "customers.xlsx", fmt=fmt)
    assert [p.name for p in folder.iterdir()] == ["customers.xlsx"]


def test_progress_reaches_the_total(world, accounts, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop_app.interop.export.STEP", 2)
    seen = []
    export(world, tmp_path / "c.xlsx", progress=lambda d, t: seen.append((d, t)) or True)
    assert seen[0] == (0, 5)
    assert seen[-1] == (5, 5)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
