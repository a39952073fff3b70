"""Import rows: invisible characters refused, a lone ``-`` apart from values, short messages."""

import pytest

from desktop_app.domain.errors import ExchangeFileError, ValidationError
from desktop_app.interop.importer import ImportMode, RowOutcome, import_file
from desktop_app.interop.workbook_columns import HEADERS
from tests.interop.sheets import csv_file, row, values, workbook
from tests.interop.test_export import export
from tests.interop.test_import import mark_every_row
from tests.support.world import draft, dump

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        ("City", "Ber\u202elin", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Company_Name", "Invoice\u2067fdp.exe", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        ("Technical_Contact_Last_Name", "We\u200bber", "U+200B ZERO WIDTH SPACE"),
        ("Address_Line_1", "Torstraße\ufeff 5", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("State", "Ber\u2028lin", "U+2028 LINE SEPARATOR"),
    ],
)
def test_invisible_characters_are_refused_naming_the_column(
    world, accounts, tmp_path, suffix, column, value, named
):
    make = csv_file if suffix == ".csv" else workbook
    path = make(tmp_path / f"in{suffix}", [row(External_ID="OK"), row(**{column: value})])
    before = dump(world.store)
    report = import_file(world.services, path)
    assert [(i.row, i.column) for i in report.issues] == [(3, column.replace("_", " "))]
    assert named in report.issues[0].message
    assert not report.committed and dump(world.store) == before


def test_a_lone_dash_cannot_be_stored_so_every_value_comes_back(world, accounts, tmp_path):
    create = world.services.accounts.create
    for field in ("name", "city", "address_line2", "external_id"):
        with pytest.raises(ValidationError) as refused:
            create(draft(**{field: "-"}))
        assert refused.value.fields == {field}
        with pytest.raises(ValidationError):
            world.services.accounts.update(accounts.reseller.id, draft(**{field: "-"}))
    dashed = create(draft(name="- Dash -", city="--", address_line2="-1", external_id="-X")).account
    for name in ("all.xlsx", "all.csv"):
        path = export(world, tmp_path / name).path
        mark_every_row(path, "update")
        report = import_file(world.services, path)
        assert report.issues == [] and report.count(RowOutcome.UNCHANGED) == 6
    assert world.services.accounts.get(dashed.id) == dashed


HUGE = "\x00" + "x" * 32_000 + "\x00"
"""A cell of 32 KB with NULs: no message may carry it whole."""


def raw_workbook(path, rows):
    """A workbook as XlsxWriter writes it: control characters kept (as ``_x0000_``)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Customers")
    sheet.write_row(0, 0, HEADERS)
    for number, cells in enumerate(rows, start=1):
        sheet.write_row(number, 0, ["" if v is None else v for v in values(cells)])
    book.close()
    return path


@pytest.mark.parametrize(
    "cells",
    [
        {"Action": HUGE},
        {"Type": HUGE},
        {"ID": HUGE},
        {"Action": "update", "ID": HUGE},
        {"Parent_Search_Criteria": HUGE, "Parent_Search_Value": "x"},
        {"Parent_Search_Criteria": "id", "Parent_Search_Value": HUGE},
        {"Parent_Search_Criteria": "external_id", "Parent_Search_Value": HUGE},
        {"Parent_Search_Criteria": "external_uid", "Parent_Search_Value": HUGE},
        {"Hub_ID": HUGE},
        {"Country": "Q" * 32_000},
    ],
    ids=lambda cells: "+".join(cells),
)
def test_messages_quote_a_value_short_and_escaped(world, accounts, tmp_path, cells):
    path = raw_workbook(tmp_path / "in.xlsx", [row(**cells)])
    report = import_file(world.services, path, ImportMode.PREVIEW)
    assert report.issues
    for issue in report.issues:
        assert len(issue.message) < 200, issue
        assert "\x00" not in issue.message
    assert any("…" in issue.message for issue in report.issues)


def test_a_long_header_is_quoted_short(world, accounts, tmp_path):
    headers = list(HEADERS)
    headers[4] = "Hub\x00" + "y" * 32_000
    path = csv_file(tmp_path / "in.csv", [])
    path.write_text(",".join(headers).replace("\x00", "\x07") + "\n", encoding="utf-8")
    with pytest.raises(ExchangeFileError) as refused:
        import_file(world.services, path)
    message = refused.value.message
    assert "cell E1 must be “Hub ID”" in message and len(message) < 200
    assert "\x07" not in message and "\\x07" in message
