"""``desktop-app --smoke-test``: an installed copy checks itself on a throwaway workspace."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter, sleep
from typing import TYPE_CHECKING, Final

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.accounts import AccountDraft
from desktop_app.domain.enums import AccountType
from desktop_app.domain.validation import check_tax_id, validate_draft
from desktop_app.persistence.migrations import LATEST_VERSION
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.queries import DirectoryQuery

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.main_window import MainWindow

EVENT_ROUNDS: Final = 10

CHARTS_WAIT_S: Final = 20.0
"""The Overview's figures are read on a thread of their own: how long they may take."""

WindowFactory = Callable[[Path, Path], "MainWindow"]
"""Builds the main window over a workspace file, keeping its settings in an INI file."""

# A German reseller whose every field the validation libraries check: pycountry (the
# country), email-validator, phonenumbers (the number and its area code) and python-stdnum
# (the VAT number, loaded by country code at run time).
KNOWN_GOOD = AccountDraft(
    type=AccountType.RESELLER,
    name="Smoke Test GmbH",
    tax_id="DE136695976",
    address_line1="Unter den Linden 1",
    city="Berlin",
    postal_code="10117",
    country="DE",
    first_name="Erika",
    last_name="Mustermann",
    email="erika.mustermann@example.com",
    phone="+49 30 901820",
)


class SmokeTestError(Exception):
    """A check of the smoke test failed; the message says which."""


@dataclass(frozen=True)
class SmokeResult:
    """What the smoke test saw."""

    accounts: int
    rows: int
    seed_ms: float
    window_ms: float
    platform: str

    def summary(self) -> str:
        """The one line printed when every check passed."""
        return (
            f"smoke test passed: {self.accounts} accounts seeded in {self.seed_ms:.0f} ms, "
            f"{self.rows} rows shown, window built in {self.window_ms:.0f} ms "
            f"(Qt platform {self.platform})"
        )


def check_validation() -> None:
    """The validation libraries and their data files are there (raises SmokeTestError)."""
    data, issues = validate_draft(KNOWN_GOOD)
    if issues:
        raise SmokeTestError(f"a valid account is refused: {issues}")
    if data.phone is None or data.phone.area_code != "30":
        raise SmokeTestError(f"the phone number was not split: {data.phone}")
    if check_tax_id("DE123", "DE") is None:
        raise SmokeTestError("the VAT check is missing (python-stdnum's German VAT module)")


def run_smoke_test(build_window: WindowFactory, accounts: int) -> SmokeResult:
    """Seed a temporary workspace, build the main window over it, check what it shows.

    A ``QApplication`` must exist. Raises :class:`SmokeTestError` (or the error that
    stopped it) when something does not work; the temporary folder is removed either way.
    """
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise SmokeTestError("no QApplication")
    check_validation()
    with tempfile.TemporaryDirectory(prefix="desktop-app-smoke-") as folder:
        db = Path(folder) / "smoke.sqlite"
        started = perf_counter()
        store = SqliteStore.open(db)
        try:
            version = int(store.db.execute_sql("PRAGMA user_version").fetchone()[0])
            if version != LATEST_VERSION:
                raise SmokeTestError(f"schema version {version}, expected {LATEST_VERSION}")
            report = seed_workspace(store, accounts)
        finally:
            store.close()
        seeded = perf_counter()
        window = build_window(db, Path(folder) / "settings.ini")
        try:
            window.show()
            for _ in range(EVENT_ROUNDS):
                app.processEvents()
            built = perf_counter()
            live = window.services.directory.count(DirectoryQuery())
            model = window.directory_view.model
            rows = model.rowCount()
            if report.accounts != accounts or not 0 < live <= accounts:
                raise SmokeTestError(f"seeded {report.accounts} accounts, {live} live")
            if rows != live or window.directory_view.is_showing_empty_state():
                raise SmokeTestError(f"the Directory shows {rows} rows of {live} accounts")
            if not model.index(0, 1).data():
                raise SmokeTestError("the Directory's first row is blank")
            if window.tabs.currentWidget() is window.overview.tab and not _charts_shown(
                app, window
            ):
                raise SmokeTestError(
                    f"the Overview showed no charts within {CHARTS_WAIT_S:g} s of opening"
                )
            if app.windowIcon().isNull():
                raise SmokeTestError("the application icon is missing")
        finally:
            window.close()  # closes the workspace file too
            window.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return SmokeResult(
        accounts=report.accounts,
        rows=rows,
        seed_ms=(seeded - started) * 1000,
        window_ms=(built - seeded) * 1000,
        platform=QApplication.platformName(),
    )


def _charts_shown(app: QApplication, window: MainWindow) -> bool:
    """Whether the window's Overview shows its charts, once its figures came from its thread."""
    deadline = perf_counter() + CHARTS_WAIT_S
    while perf_counter() < deadline:
        view = window.overview.tab.view
        if view is not None and view.overview().charts:
            return True
        app.processEvents()
        sleep(0.005)  # the reading thread's turn
    return False
