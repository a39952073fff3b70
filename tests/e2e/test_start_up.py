"""The window's first paint loads only what it shows: no importer, wizard or data library.

Each library kept out here costs milliseconds of every start (faker ~100, openpyxl ~60,
importlib.metadata ~20); they load when a screen first needs them. peewee loads: it is the
workspace's database itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.persistence.location import ServerAddress, parse_location
from desktop_app.persistence.store import SqliteStore
from tests.benchmarks import startup
from tests.support import postgres
from tests.support.world import draft, open_world

pytestmark = pytest.mark.slow

LOADED_LATER = (
    "faker",
    "openpyxl",
    "xlsxwriter",
    "python_calamine",
    "phonenumbers",
    "pycountry",
    "email_validator",
    "stdnum",
    "importlib.metadata",
    "platformdirs",  # the log file's folder: with the first error (--db given)
    "logging.handlers",  # the log file opens with its first record
    "desktop_app.cli",
    "desktop_app.demo",
    "desktop_app.interop",
    "desktop_app.services.accounts",
    "desktop_app.services.products",
    "desktop_app.persistence.account_repository",
    "desktop_app.ui.wizard",
    "desktop_app.ui.details.account_details_view",
    "desktop_app.ui.hierarchy",
    "desktop_app.ui.exchange",
    "desktop_app.ui.dialogs.crash_report_dialog",
    "desktop_app.ui.schema_update",  # only for a file of an older version
    "desktop_app.ui.dialogs.about_dialog",  # Help's dialogs and the questions: when first asked
    "desktop_app.ui.dialogs.shortcuts_dialog",
    "desktop_app.ui.dialogs.confirm_dialog",
    "desktop_app.ui.dialogs.reason_dialog",
    "desktop_app.ui.file_dialogs",
    "desktop_app.ui.labels",  # the object screens' labels (html, fonts, form layouts)
    "desktop_app.ui.overview.overview_view",  # the charts: when the Overview is first shown
    "desktop_app.ui.overview.bar_chart",
    "desktop_app.persistence.overview_repository",
    "desktop_app.services.overview",
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("start") / "workspace.sqlite"
    store = SqliteStore.open(path)
    try:
        seed_workspace(store, 300, random_seed=11)
        live = store.db.execute_sql(
            "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
        ).fetchone()[0]
    finally:
        store.close()
    assert live > 0
    return path


def test_the_first_paint_shows_the_accounts_and_loads_nothing_else(workspace: Path) -> None:
    start = startup.app_start(workspace)  # --db FILE, Overview unticked, left at first paint

    assert start.report["rows"] > 0 and not start.report["empty_state"]
    assert str(start.report["first_row"]).startswith("TA-")
    modules = set(start.report["modules"])
    loaded = sorted(
        name
        for name in modules
        for later in LOADED_LATER
        if name == later or name.startswith(later + ".")
    )
    assert loaded == [], f"loaded before the first paint: {loaded}"
    assert "desktop_app.ui.directory.directory_view" in modules  # the probe saw the window


CHART_CODE = (
    "desktop_app.ui.overview.overview_view",
    "desktop_app.ui.overview.bar_chart",
    "desktop_app.persistence.overview_repository",
    "desktop_app.services.overview",
)


def test_a_new_users_first_paint_is_the_overview_with_its_figures(workspace: Path) -> None:
    start = startup.app_start(workspace, overview_first=True)  # settings of no one yet

    assert start.report["overview_first"] is True
    assert start.report["charts"] > 0  # a chart painted with figures ended the probe
    modules = set(start.report["modules"])
    assert set(CHART_CODE) <= modules  # the first tab: its chart code loads with the window
    loaded = sorted(
        name
        for name in modules
        for later in LOADED_LATER
        if later not in CHART_CODE and (name == later or name.startswith(later + "."))
    )
    assert loaded == [], f"loaded before the first paint: {loaded}"


def test_the_floor_probe_paints_the_same_file(workspace: Path) -> None:
    # the benchmark's yardstick (a PySide6 table with no application code) must keep working
    assert startup.floor_start(workspace).report["rows"] > 0


A_FILES_CODE = (
    "desktop_app.persistence.store",
    "desktop_app.persistence.backups",
    "desktop_app.persistence.backup_restore",
    "desktop_app.persistence.database",
)


def test_a_team_workspaces_first_paint_loads_none_of_a_files_code() -> None:
    url = postgres.workspace_url()
    address = parse_location(url)
    assert isinstance(address, ServerAddress)
    world = open_world(address)
    world.services.accounts.create(draft())
    world.store.close()
    try:
        start = startup.app_start(url)  # Overview unticked, left at the Directory's first paint
    finally:
        postgres.server().drop_database(address.database)

    assert start.report["rows"] == 1
    modules = set(start.report["modules"])
    assert "psycopg" in modules and "desktop_app.persistence.postgres_store" in modules
    loaded = sorted(
        name
        for name in modules
        for later in (*LOADED_LATER, *A_FILES_CODE)
        if later != "importlib.metadata"  # psycopg_binary reads its own version with it
        and (name == later or name.startswith(later + "."))
    )
    assert loaded == [], f"loaded before the first paint: {loaded}"
