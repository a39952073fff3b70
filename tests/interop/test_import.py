import openpyxl
import pytest

from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import ExchangeFileError
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.interop.importer import ImportMode, RowOutcome, import_file
from desktop_app.interop.progress import Cancelled
from desktop_app.interop.workbook_columns import HEADERS
from desktop_app.interop.writeback import results_copy_path, write_results
from desktop_app.services.queries import DirectoryQuery
from tests.interop.sheets import csv_file, row, workbook
from tests.interop.test_export import export
from tests.support.world import API_HUB, SYNC_PRODUCT, dump

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def live_count(world):
    return world.services.directory.count(DirectoryQuery())


def test_create_rows_make_accounts_with_their_parents(world, accounts, tmp_path):
    path = workbook(
        tmp_path / "in.xlsx",
        [
            row(External_ID="NEW-R"),
            row(
                Type="customer",
                External_ID="NEW-C1",
                Parent_Search_Criteria="external_id",
                Parent_Search_Value="NEW-R",  # created two lines above, same file
                Company_Name="Erster Kunde",
            ),
            row(
                Type="customer",
                Company_Name="Zweiter Kunde",
                External_UID="6b0b8f59-33a5-4a3c-9a7e-3b5a8c2f0e11",
                Parent_Search_Criteria="external_uid",
                Parent_Search_Value=accounts.reseller.data.external_uid,
            ),
            row(
                Type="customer",
                Company_Name="Dritter Kunde",
                Parent_Search_Criteria="id",
                Parent_Search_Value="TA-0-1111-2222-3333",  # a legacy id
            ),
            row(Action="-", Company_Name="Skipped"),
        ],
    )
    report = import_file(world.services, path)
    assert report.issues == []
    assert report.committed
    assert (report.count(RowOutcome.CREATED), report.skipped, report.rows) == (4, 1, 5)
    assert report.summary().endswith(
        "4 created, 0 updated, 0 unchanged, 1 skipped (action -), 0 with errors — all saved."
    )
    made = {r.row: world.services.accounts.get(r.account_id) for r in report.results}
    reseller = made[2]
    assert reseller.type is AccountType.RESELLER and reseller.parent_id is None
    assert reseller.version == 1 and reseller.data.postal_code == "10119"
    assert reseller.data.phone is not None and reseller.data.phone.country_code == "+49"
    assert made[3].parent_id == reseller.id
    assert made[4].parent_id == accounts.reseller.id
    assert made[4].data.external_uid == "6b0b8f59-33a5-4a3c-9a7e-3b5a8c2f0e11"
    assert made[5].parent_id == "TA-0-1111-2222-3333"
    assert made[3].hub_id == NO_HUB_ID
    assert {r.external_uid for r in report.results} == {a.data.external_uid for a in made.values()}
    assert live_count(world) == 9


def test_update_rows_save_a_version_and_raise_requests_like_the_wizard(world, accounts, tmp_path):
    world.subscribe(
        "AS-1000-2000-3000", SYNC_PRODUCT, accounts.customer.id, accounts.hub_reseller.id
    )
    path = workbook(
        tmp_path / "in.xlsx",
        [
            row(
                ID=accounts.customer.id,
                Action="update",
                Type="customer",
                Parent_Search_Criteria="id",
                Parent_Search_Value=accounts.hub_reseller.id,
                Hub_ID=accounts.customer.hub_id,
                Company_Name="Kunde AG (neu)",
                City="Leipzig",
                Zip="04109",
            ),
            row(
                ID="TA-0-1111-2222-3333",
                Action="update",
                Company_Name="Old Reseller Ltd",
                Address_Line_1="1 New Street",
                City="London",
                Zip="-",  # connect-cli's own export: the account's postal code stays
                Country="GB",
                Technical_Contact_Phone="+442079460958",
            ),
        ],
    )
    report = import_file(world.services, path)
    assert report.issues == []
    assert report.count(RowOutcome.UPDATED) == 2
    customer = world.services.accounts.get(accounts.customer.id)
    assert customer.version == 2
    assert (customer.name, customer.data.city, customer.data.postal_code) == (
        "Kunde AG (neu)",
        "Leipzig",
        "04109",
    )
    versions = world.services.accounts.versions(customer.id)
    assert [v.version for v in versions] == [1, 2]
    pending = world.store.requests.pending_count(customer.id)
    assert pending == 1
    legacy = world.services.accounts.get("TA-0-1111-2222-3333")
    assert legacy.version == 2
    assert legacy.data.postal_code == "SW1A 1AA"
    assert legacy.data.address_line1 == "1 New Street"


def test_an_exported_file_marked_update_changes_nothing(world, accounts, tmp_path):
    before = dump(world.store)
    for name in ("all.xlsx", "all.csv"):
        path = export(world, tmp_path / name).path
        mark_every_row(path, "update")
        report = import_file(world.services, path)
        assert report.issues == []
        assert report.count(RowOutcome.UNCHANGED) == 5, report.summary()
    assert dump(world.store) == before


def mark_every_row(path, action):
    if path.suffix == ".csv":
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        cut = [line.split(",") for line in lines]
        for cells in cut[1:]:
            cells[HEADERS.index("Action")] = action
        path.write_text("\ufeff" + "\n".join(",".join(c) for c in cut) + "\n", encoding="utf-8")
        return
    book = openpyxl.load_workbook(path)
    sheet = book["Customers"]
    for index in range(2, sheet.max_row + 1):
        sheet.cell(index, 4).value = action
    book.save(path)


def test_numeric_cells_are_read_as_their_digits(world, accounts, tmp_path):
    path = workbook(
        tmp_path / "in.xlsx",
        [row(Zip=10119, External_ID=4711, Technical_Contact_Phone=49307654321, Tax_ID=12345.0)],
    )
    report = import_file(world.services, path)
    assert report.issues == []
    account = world.services.accounts.get(report.results[0].account_id)
    assert (account.data.postal_code, account.data.external_id, account.data.tax_id) == (
        "10119",
        "4711",
        "12345",
    )
    assert account.data.phone is not None
    assert account.data.phone.joined() == "+49307654321"


def test_csv_imports_like_the_workbook(world, accounts, tmp_path):
    path = csv_file(
        tmp_path / "in.csv",
        [
            row(External_ID="CSV-R", Company_Name="'=Not a formula"),
            row(
                Type="customer",
                Company_Name="CSV Kunde",
                Parent_Search_Criteria="external_id",
                Parent_Search_Value="CSV-R",
            ),
        ],
    )
    report = import_file(world.services, path)
    assert report.issues == []
    names = {world.services.accounts.get(r.account_id).name for r in report.results}
    assert names == {"=Not a formula", "CSV Kunde"}  # our own neutralising mark is undone


def test_preview_checks_everything_and_writes_nothing(world, accounts, tmp_path):
    path = workbook(
        tmp_path / "in.xlsx",
        [row(), row(Technical_Contact_Email="not-an-email", Country="XX"), row(Type="partner")],
    )
    before = dump(world.store)
    report = import_file(world.services, path, ImportMode.PREVIEW)
    assert not report.committed
    assert dump(world.store) == before
    assert report.count(RowOutcome.CREATED) == 1
    problems = {(i.row, i.column) for i in report.issues}
    assert problems == {
        (3, "Technical Contact Email"),
        (3, "Country"),
        (4, "Type"),
    }


def test_any_error_writes_nothing_unless_valid_rows_are_asked_for(world, accounts, tmp_path):
    path = workbook(
        tmp_path / "in.xlsx", [row(External_ID="A"), row(City=""), row(External_ID="B")]
    )
    before = dump(world.store)
    report = import_file(world.services, path)
    assert not report.committed and dump(world.store) == before
    assert [(i.row, i.column) for i in report.issues] == [(3, "City")]
    report = import_file(world.services, path, ImportMode.VALID_ROWS)
    assert report.committed
    assert report.count(RowOutcome.CREATED) == 2
    assert live_count(world) == 7


def test_cancel_rolls_everything_back(world, accounts, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop_app.interop.importer.STEP", 2)
    path = workbook(tmp_path / "in.xlsx", [row(External_ID=f"X{i}") for i in range(6)])
    before = dump(world.store)
    with pytest.raises(Cancelled):
        import_file(world.services, path, progress=lambda done, total: done < 4)
    assert dump(world.store) == before


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("into_copy", [True, False])
def test_results_are_written_back_as_connect_cli_does(world, accounts, tmp_path, suffix, into_copy):
    make = workbook if suffix == ".xlsx" else csv_file
    source = make(
        tmp_path / f"in{suffix}", [row(External_ID="W1"), row(Action="-"), row(External_ID="W2")]
    )
    original = source.read_bytes()
    report = import_file(world.services, source)
    target = results_copy_path(source) if into_copy else source
    write_results(source, target, report.results)
    if into_copy:
        assert source.read_bytes() == original
        assert target.name == f"in-imported{suffix}"
    again = import_file(world.services, target)
    assert (again.skipped, again.results, again.issues) == (3, [], [])
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(target)["Customers"]
        cells = [
            (sheet.cell(r, 1).value, sheet.cell(r, 3).value, sheet.cell(r, 4).value) for r in (2, 4)
        ]
        assert cells == [(r.account_id, r.external_uid, "-") for r in report.results]


def test_hub_of_a_new_account(world, accounts, tmp_path):
    path = workbook(
        tmp_path / "in.xlsx",
        [
            row(External_ID="H1", Hub_ID=API_HUB.id),
            row(External_ID="H2", Hub_ID=NO_HUB_ID),
            row(
                External_ID="H3",
                Type="customer",
                Parent_Search_Criteria="id",
                Parent_Search_Value=accounts.hub_reseller.id,
            ),
        ],
    )
    report = import_file(world.services, path)
    hubs = [world.services.accounts.get(r.account_id).hub_id for r in report.results]
    assert hubs == [API_HUB.id, NO_HUB_ID, API_HUB.id]


BAD_ROWS = [
    (row(Action="update", ID=""), "ID", "needs the ID"),
    (row(Action="update", ID="TA-9999-9999-9999"), "ID", "no tier account"),
    (row(Action="update", ID="12345"), "ID", "not a tier account ID"),
    (row(ID="TA-9999-9999-9999"), "ID", "must have no ID"),
    (row(Action=""), "Action", "Choose an action"),
    (row(Action="delete"), "Action", "not an action"),
    (
        row(Type="customer", Parent_Search_Criteria="id", Parent_Search_Value="TA-9999-9999-9999"),
        "Parent Search Value",
        "no tier account",
    ),
    (row(Type="customer"), "Parent Search Value", "needs a parent"),
    (
        row(Parent_Search_Criteria="external_id", Parent_Search_Value="nobody"),
        "Parent Search Value",
        "No account has the external ID",
    ),
    (
        row(Parent_Search_Criteria="id", Parent_Search_Value="-"),
        "Parent Search Value",
        "Give the parent",
    ),
    (
        row(Parent_Search_Criteria="name", Parent_Search_Value="x"),
        "Parent Search Criteria",
        "not a search criteria",
    ),
    (row(Country="Germany"), "Country", "ISO-3166"),
    (row(Country="ZZ"), "Country", "ISO-3166"),
    (row(Technical_Contact_Phone="+49 12"), "Technical Contact Phone", "not a valid"),
    (row(External_UID="not-a-uuid"), "External UID", "UUID"),
    (row(Hub_ID="HB-0000-0001"), "Hub ID", "no hub"),
    (row(Zip="-"), "Zip", "zip code"),
    (row(Company_Name="x" * 300), "Company Name", "at most 255"),
    (row(City="Berlin\ue000"), "City", "control characters"),
]


@pytest.mark.parametrize(("cells", "column", "message"), BAD_ROWS)
def test_a_bad_row_is_named_with_its_column_and_nothing_is_written(
    world, accounts, tmp_path, cells, column, message
):
    path = workbook(tmp_path / "in.xlsx", [row(External_ID="OK"), cells])
    before = dump(world.store)
    report = import_file(world.services, path)
    assert dump(world.store) == before
    assert [(i.row, i.column) for i in report.issues][:1] == [(3, column)], report.issues
    assert message.lower() in report.issues[0].message.lower()


def test_parent_must_be_a_reseller(world, accounts, tmp_path):
    path = workbook(
        tmp_path / "in.xlsx",
        [
            row(
                Type="customer",
                Parent_Search_Criteria="id",
                Parent_Search_Value=accounts.customer.id,
            )
        ],
    )
    report = import_file(world.services, path)
    assert [(i.column, "only a reseller" in i.message) for i in report.issues] == [
        ("Parent Search Value", True)
    ]


def test_a_duplicate_external_uid_is_refused(world, accounts, tmp_path):
    uid = "0d9a4d3e-1c5b-4f7e-8a2b-9c6d5e4f3a21"
    path = workbook(
        tmp_path / "in.xlsx",
        [
            row(External_UID=uid),
            row(External_UID=uid, External_ID="again"),
            row(External_UID=accounts.reseller.data.external_uid),
        ],
    )
    report = import_file(world.services, path)
    assert [(i.row, i.column) for i in report.issues] == [(3, "External UID"), (4, "External UID")]
    assert "already used" in report.issues[0].message


def test_blank_rows_inside_the_data_are_errors_trailing_ones_are_not(world, accounts, tmp_path):
    path = workbook(tmp_path / "in.xlsx", [row(External_ID="A"), {}, row(External_ID="B"), {}, {}])
    book = openpyxl.load_workbook(path)
    sheet = book["Customers"]
    sheet.cell(7, 1).value = ""  # a styled empty row below the data, as spreadsheets leave
    book.save(path)
    report = import_file(world.services, path)
    assert [(i.row, i.message) for i in report.issues] == [
        (3, "The row is empty; delete it or fill it in.")
    ]
    assert report.rows == 3


def test_dates_error_values_and_booleans_without_formulas(world, accounts, tmp_path):
    import datetime

    path = workbook(
        tmp_path / "in.xlsx",
        [row(Zip=datetime.date(2026, 1, 2)), row(External_ID="E", City="#N/A"), row(Zip=10115.0)],
    )
    report = import_file(world.services, path)
    assert [(i.row, i.column) for i in report.issues] == [(2, "Zip"), (3, "City")]
    assert "date" in report.issues[0].message
    assert "error value “#N/A”" in report.issues[1].message
    book = openpyxl.Workbook()
    book.active.title = "Customers"
    book.active.append(list(HEADERS))
    book.active.append(["-" if h != "Zip" else "x" for h in HEADERS])
    book.save(tmp_path / "plain.xlsx")
    plain = import_file(world.services, tmp_path / "plain.xlsx")
    assert (plain.rows, plain.skipped) == (1, 1)


def test_formulas_and_dates_in_an_imported_file_are_refused(world, accounts, tmp_path):
    import datetime

    path = workbook(
        tmp_path / "in.xlsx", [row(Company_Name="=1+1"), row(Zip=datetime.date(2026, 1, 2))]
    )
    report = import_file(world.services, path)
    assert [(i.row, i.column) for i in report.issues] == [(2, "Company Name"), (3, "Zip")]
    assert "formula" in report.issues[0].message
    assert "date" in report.issues[1].message


@pytest.mark.parametrize(
    ("wrong", "expected"),
    [
        ({0: "Id"}, "cell A1 must be “ID” and is “Id”"),
        ({4: "Hub"}, "cell E1 must be “Hub ID” and is “Hub”"),
        ({19: None}, "cell T1 must be “Technical Contact Phone” and is empty"),
    ],
)
def test_wrong_headers_name_the_first_wrong_one(world, accounts, tmp_path, wrong, expected):
    from desktop_app.interop.workbook_columns import HEADERS

    headers = list(HEADERS)
    for index, value in wrong.items():
        headers[index] = value
    for make, name in ((workbook, "in.xlsx"), (csv_file, "in.csv")):
        path = make(tmp_path / name, [row()], *([headers] if make is workbook else []))
        if make is csv_file:
            text = path.read_text(encoding="utf-8-sig").splitlines()
            text[0] = ",".join(h or "" for h in headers)
            path.write_text("\n".join(text), encoding="utf-8")
        before = dump(world.store)
        with pytest.raises(ExchangeFileError) as caught:
            import_file(world.services, path)
        assert expected in caught.value.message
        assert caught.value.message.startswith(f"{name} is not a customers file")
        assert dump(world.store) == before


def test_files_that_are_not_customer_files(world, accounts, tmp_path):
    cases = {}
    cases["random.xlsx"] = bytes(range(256)) * 100
    cases["text.xlsx"] = b"ID,Name\n1,2\n"
    cases["random.bin"] = bytes(range(256)) * 100
    cases["empty.xlsx"] = b""
    cases["zip.xlsx"] = b"PK\x03\x04" + b"\x00" * 200
    cases["old.xls"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    cases["latin1.csv"] = "ID,Company Name\nTA,Caf\xe9\n".encode("latin-1")
    expected = {
        "random.xlsx": "damaged or not an Excel workbook",
        "text.xlsx": "damaged or not an Excel workbook",
        "random.bin": "neither an Excel workbook",
        "empty.xlsx": "is empty",
        "zip.xlsx": "damaged or not an Excel workbook",
        "old.xls": "Excel 97",
        "latin1.csv": "not UTF-8",
    }
    before = dump(world.store)
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ExchangeFileError, match=expected[name]):
            import_file(world.services, path)
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(ExchangeFileError, match="no sheet named “Customers”"):
        import_file(world.services, tmp_path / "other.xlsx")
    with pytest.raises(ExchangeFileError, match="There is no file"):
        import_file(world.services, tmp_path / "missing.xlsx")
    with pytest.raises(ExchangeFileError, match="is a folder"):
        import_file(world.services, tmp_path)
    assert dump(world.store) == before


def test_a_100_mb_file_is_refused_before_it_is_read(world, accounts, tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(100 * 1000 * 1000)
    with pytest.raises(ExchangeFileError, match=r"100\.0 MB.*up to 50 MB"):
        import_file(world.services, path)


def test_a_password_protected_workbook_is_named_so(world, accounts, tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = workbook(tmp_path / "plain.xlsx", [row()])
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    assert msoffcrypto.olefile.isOleFile(str(locked))
    with pytest.raises(ExchangeFileError, match="protected by a password"):
        import_file(world.services, locked)


@pytest.mark.sqlite_only  # a server's read-only role: tests/persistence/test_team_workspace.py
def test_a_read_only_workspace_refuses_the_import(world, accounts, tmp_path):
    from desktop_app.domain.errors import StorageError
    from desktop_app.persistence.store import SqliteStore
    from desktop_app.services.container import Services

    path = workbook(tmp_path / "in.xlsx", [row()])
    world.store.close()
    store = SqliteStore.open(world.path, read_only=True)
    try:
        with pytest.raises(StorageError, match="read-only"):
            import_file(Services.over(store), path)
    finally:
        store.close()


def test_the_search_index_catches_up_with_an_import(world, accounts, tmp_path, backend):
    path = workbook(
        tmp_path / "in.xlsx",
        [
            row(External_ID="S1", Company_Name="Quokka Trading"),
            row(
                ID=accounts.reseller.id,
                Action="update",
                Company_Name="Wombat Distribution",
                City="Paris",
                Country="FR",
                Zip="75001",
                Technical_Contact_Phone="+33 1 42 68 53 00",
            ),
            row(External_ID="S3", Company_Name="Refused Row", City=""),
        ],
    )
    report = import_file(world.services, path, ImportMode.VALID_ROWS)
    assert report.committed and report.error_rows == 1

    def found(text):
        return sorted(
            r.name for r in world.services.directory.accounts(DirectoryQuery(search=text)).all()
        )

    assert found("quokka") == ["Quokka Trading"]
    assert found("wombat") == ["Wombat Distribution"]
    assert found("direct") == []  # the reseller's old name left the index
    assert found("refused") == []
    assert len(found("")) == 6  # every live account: five before, one created
    assert world.services.directory.count(DirectoryQuery()) == 6  # the live count followed
    if backend == "postgresql":
        return  # the rest is the file's own bookkeeping: FTS5 and SQLite's triggers
    db = world.store.db
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute_sql("INSERT INTO account_search (account_search) VALUES ('integrity-check')")
    names = [r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    assert world.services.directory.count(DirectoryQuery()) == 6  # the live count followed
    assert sorted(names) == [
        "overview_account_delete",  # the Overview's tallies (schema 10)
        "overview_account_insert",
        "overview_account_update",
        "overview_request_delete",
        "overview_request_insert",
        "overview_request_update",
        "tally_account_delete",
        "tally_account_insert",
        "tally_account_update",
        "tally_request_delete",
        "tally_request_insert",
        "tally_request_update",
        "tier_account_search_delete",
        "tier_account_search_insert",
        "tier_account_search_update",
    ]
    assert db.execute_sql("SELECT name FROM sqlite_temp_master").fetchall() == []
    import_file(world.services, path, ImportMode.PREVIEW)  # rolled back: nothing left over
    assert db.execute_sql("SELECT name FROM sqlite_temp_master").fetchall() == []
    after = [r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    assert sorted(after) == sorted(names)
