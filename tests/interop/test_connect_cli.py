"""connect-cli 41.0's own reader takes our export, and our import takes what connect-cli wrote."""

import json
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.accounts import AccountData, Event, TierAccount
from desktop_app.domain.enums import AccountType
from desktop_app.domain.ids import NO_HUB_ID
from desktop_app.domain.validation import parse_phone
from desktop_app.interop.importer import RowOutcome, import_file
from desktop_app.persistence.bulk import BulkWriter
from tests.interop.test_export import export
from tests.interop.test_import import mark_every_row
from tests.support.connect_cli import connect_cli_python, connect_shaped, run_driver
from tests.support.world import API_HUB, PROVIDER, VENDOR, dump

DATA = Path(__file__).with_name("data")
CONNECT_EXPORT = DATA / "connect-cli-export.xlsx"
CONNECT_ACCOUNTS = DATA / "connect-cli-accounts.json"


@pytest.fixture(scope="module")
def connect_cli():
    python = connect_cli_python()
    if python is None:
        pytest.skip(
            "connect-cli 41.0 is not installed (bash .ci/run installs it in .venv-connect-cli)"
        )
    return python


def known_accounts(tmp_path, accounts):
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps([connect_shaped(a) for a in accounts]), encoding="utf-8")
    return str(path)


def test_connect_cli_reads_our_export_without_errors(world, accounts, tmp_path, connect_cli):
    path = export(world, tmp_path / "customers.xlsx").path
    result = run_driver(connect_cli, "sync", str(path), known_accounts(tmp_path, []), VENDOR.id, "")
    assert result["errors"] == [] and result["row_errors"] == {}
    assert result["counts"]["skipped"] == 5
    assert result["counts"]["errors"] == 0


def test_connect_cli_updates_every_account_from_our_export(world, accounts, tmp_path, connect_cli):
    path = export(world, tmp_path / "customers.xlsx").path
    mark_every_row(path, "update")
    known = known_accounts(tmp_path, accounts.all())
    result = run_driver(connect_cli, "sync", str(path), known, PROVIDER.id, API_HUB.id)
    assert result["row_errors"] == {}, result["row_errors"]
    assert result["counts"]["updated"] == 5
    sent = {m["id"]: m for m in result["updated"]}
    for account in accounts.all():
        model = sent[account.id]
        info = model["contact_info"]
        assert info["postal_code"] == account.data.postal_code  # not connect-cli's own "-"
        assert (info["city"], info["country"]) == (account.data.city, account.data.country)
        assert model["name"] == account.name
        assert model["type"] == account.type.value
        assert model["external_uid"] == account.data.external_uid
        if account.parent_id:
            assert model["parent"] == {"id": account.parent_id}
        else:
            assert "parent" not in model
        phone = account.data.phone
        if phone is not None and not phone.extension:
            number = info["contact"]["phone_number"]
            assert number["country_code"] + number["phone_number"] == phone.joined()
    # connect-cli writes its results back into the file; our import then skips every row
    again = import_file(world.services, path)
    assert (again.skipped, again.issues) == (5, [])


def test_connect_cli_creates_from_our_create_rows(world, accounts, tmp_path, connect_cli):
    from tests.interop.sheets import row, workbook

    path = workbook(
        tmp_path / "new.xlsx",
        [
            row(External_ID="NEW-R", Hub_ID=NO_HUB_ID),
            row(
                Type="customer",
                Hub_ID=NO_HUB_ID,
                Parent_Search_Criteria="external_id",
                Parent_Search_Value="NEW-R",
            ),
        ],
    )
    ours = import_file(world.services, path, progress=None)
    assert ours.issues == []
    result = run_driver(connect_cli, "sync", str(path), known_accounts(tmp_path, []), VENDOR.id, "")
    assert result["row_errors"] == {}
    assert result["counts"]["created"] == 2


def to_account(shaped: dict) -> TierAccount:
    info = shaped["contact_info"]
    contact = info["contact"]
    phone = contact.get("phone_number")
    joined = (
        "".join(phone[k] for k in ("country_code", "area_code", "phone_number")) if phone else ""
    )
    data = AccountData(
        type=AccountType(shaped["type"]),
        parent_id=shaped.get("parent", {}).get("id"),
        name=shaped["name"],
        external_id=shaped.get("external_id", ""),
        external_uid=shaped["external_uid"],
        tax_id=shaped.get("tax_id", ""),
        address_line1=info["address_line1"],
        address_line2=info.get("address_line2", ""),
        city=info["city"],
        state=info.get("state", ""),
        postal_code=info["postal_code"],
        country=info["country"],
        first_name=contact["first_name"],
        last_name=contact["last_name"],
        email=contact["email"],
        phone=parse_phone(joined, info["country"]) if joined else None,
    )
    event = Event(datetime(2026, 1, 1, tzinfo=UTC), "UR-000-000-001")
    return TierAccount(
        id=shaped["id"],
        version=1,
        data=data,
        hub_id=shaped.get("hub", {}).get("id", NO_HUB_ID),
        owner_id=VENDOR.id,
        created=event,
        updated=event,
    )


def test_we_import_a_workbook_connect_cli_exported(world, tmp_path):
    shaped = json.loads(CONNECT_ACCOUNTS.read_text(encoding="utf-8"))
    with world.store.write():
        BulkWriter(world.store.db).accounts([to_account(s) for s in shaped])
    path = tmp_path / "connect.xlsx"
    path.write_bytes(CONNECT_EXPORT.read_bytes())
    sheet = openpyxl.load_workbook(path)["Customers"]
    assert {sheet.cell(r, 15).value for r in range(2, sheet.max_row + 1)} == {"-"}  # its Zip
    assert "-" in {sheet.cell(r, 5).value for r in range(2, sheet.max_row + 1)}  # its Hub ID
    before = dump(world.store)
    as_written = import_file(world.services, path)
    assert (as_written.skipped, as_written.issues) == (len(shaped), [])
    mark_every_row(path, "update")
    report = import_file(world.services, path)
    assert report.issues == []
    assert report.count(RowOutcome.UNCHANGED) == len(shaped)  # "-" Zip keeps the postal code
    assert dump(world.store) == before


def test_the_committed_connect_cli_export_is_what_connect_cli_writes(tmp_path, connect_cli):
    out = tmp_path / "again.xlsx"
    run_driver(connect_cli, "export", str(out), str(CONNECT_ACCOUNTS))
    ours = openpyxl.load_workbook(CONNECT_EXPORT)["Customers"]
    theirs = openpyxl.load_workbook(out)["Customers"]
    assert [[c.value for c in r] for r in ours.iter_rows()] == [
        [c.value for c in r] for r in theirs.iter_rows()
    ]
