"""An update that changes nothing is no error, even for an account on a CloudBlue Commerce hub."""

from dataclasses import replace

import pytest

from desktop_app.domain.accounts import AccountDraft
from desktop_app.domain.errors import RuleViolationError
from desktop_app.interop.importer import ImportMode, RowOutcome, import_file
from tests.interop.sheets import csv_file, row
from tests.interop.test_export import export
from tests.interop.test_import import mark_every_row
from tests.support.world import OA_HUB, dump

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def put_on_commerce_hub(world, account):
    with world.store.write():
        world.store.db.execute_sql(
            "UPDATE tier_account SET hub_id = ? WHERE id = ?", (OA_HUB.id, account.id)
        )
    return world.services.accounts.get(account.id)


def test_an_unchanged_edit_is_saved_as_nothing_a_change_is_refused(world, accounts):
    on_oa = put_on_commerce_hub(world, accounts.hub_reseller)
    before = dump(world.store)
    same = AccountDraft.from_data(on_oa.data)
    saved = world.services.accounts.update(on_oa.id, same)
    assert not saved.changed and saved.account == on_oa and saved.requests == ()
    with pytest.raises(RuleViolationError, match="CloudBlue Commerce hub"):
        world.services.accounts.update(on_oa.id, replace(same, city="Bonn"))
    assert dump(world.store) == before


def test_reimporting_a_full_export_with_accounts_on_a_commerce_hub_changes_nothing(
    world, accounts, tmp_path
):
    on_oa = put_on_commerce_hub(world, accounts.hub_reseller)
    before = dump(world.store)
    for name in ("all.xlsx", "all.csv"):
        path = export(world, tmp_path / name).path
        mark_every_row(path, "update")
        report = import_file(world.services, path, ImportMode.ALL_OR_NOTHING)
        assert report.issues == [], report.issues
        assert report.committed and report.count(RowOutcome.UNCHANGED) == 5
    assert dump(world.store) == before

    changed = csv_file(
        tmp_path / "changed.csv",
        [
            row(
                Action="update",
                ID=on_oa.id,
                Hub_ID=OA_HUB.id,
                Company_Name="Renamed GmbH",
                External_ID=on_oa.data.external_id,
                Tax_ID=on_oa.data.tax_id,
            )
        ],
    )
    report = import_file(world.services, changed)
    assert len(report.issues) == 1 and "CloudBlue Commerce hub" in report.issues[0].message
    assert dump(world.store) == before
