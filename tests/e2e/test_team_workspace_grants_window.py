"""The window of a team workspace's member: 'Acting as' offers only what its role was granted."""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Iterator

import psycopg
import pytest

from desktop_app import cli
from desktop_app.app import create_main_window
from desktop_app.persistence.location import ServerAddress, parse_location
from tests.support import postgres
from tests.support.world import OTHER_VENDOR, PROVIDER, VENDOR, open_world

_numbers = itertools.count(1)


@pytest.fixture
def workspace() -> Iterator[tuple[ServerAddress, str]]:
    """A team workspace with the known catalog, and a LOGIN role that owns nothing."""
    running = postgres.server()
    address = parse_location(postgres.workspace_url())
    assert isinstance(address, ServerAddress)
    role = f"member_{os.getpid()}_{next(_numbers)}"
    with running.admin() as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
    open_world(address).store.close()
    try:
        yield address, role
    finally:
        running.drop_database(address.database)
        with running.admin() as admin:
            admin.execute(f"DROP ROLE IF EXISTS {role}")


def grant(address: ServerAddress, role: str, *operator_ids: str) -> None:
    err = io.StringIO()
    assert cli.run(["grant", "--db", address.url, role, *operator_ids], io.StringIO(), err) == 0
    assert err.getvalue() == ""


def combo_ids(window) -> list[str]:
    combo = window.operator_combo
    return [combo.itemData(i) for i in range(combo.count())]


def test_acting_as_lists_the_grants_and_follows_the_owners_new_ones(
    qtbot, tmp_path, workspace
) -> None:
    address, role = workspace
    grant(address, role, VENDOR.id, PROVIDER.id)
    url = postgres.server().url(address.database, user=role)
    window = create_main_window(url, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    assert window.read_only_reason is None
    assert combo_ids(window) == [VENDOR.id, PROVIDER.id]
    assert window.operator_combo.isEnabled()
    assert window.operator_label.text().startswith(f"Acting as {VENDOR.name}")
    qtbot.waitUntil(lambda: window._change_watch.active, timeout=1000)
    grant(address, role, OTHER_VENDOR.id)  # the owner, in another program
    qtbot.waitUntil(lambda: OTHER_VENDOR.id in combo_ids(window), timeout=3000)
    assert combo_ids(window) == [VENDOR.id, OTHER_VENDOR.id, PROVIDER.id]
    window.close()


def test_a_member_granted_nothing_gets_a_read_only_window_that_says_why(
    qtbot, tmp_path, workspace
) -> None:
    address, role = workspace
    grant(address, role, VENDOR.id)
    out = io.StringIO()
    assert cli.run(["grant", "--db", address.url, "--revoke", role, VENDOR.id], out) == 0
    with psycopg.connect(address.url, autocommit=True) as owner:  # writing again, by hand
        owner.execute(f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        owner.execute(f"REVOKE INSERT, UPDATE, DELETE ON operator_grant FROM {role}")
    window = create_main_window(
        postgres.server().url(address.database, user=role),
        settings_path=tmp_path / "settings.ini",
    )
    qtbot.addWidget(window)
    window.show()
    assert window.read_only_reason is not None
    assert f"the database role {role} has been granted no vendor" in window.read_only_reason
    assert "desktop-app grant" in window.read_only_banner.text()
    assert not window.operator_combo.isEnabled()
    assert "has been granted no vendor or provider account" in window.operator_label.text()
    window.close()
