"""Test configuration: a home folder of the run's own, no display needed, the shared fixtures."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import postgres, sandbox

# Before Qt or the application look for settings, data or log folders: the run (and every
# process it starts) gets a temporary home; the guard below fails the run if it touched the
# real one or left files in the checkout.
SANDBOX = sandbox.enter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app import start_collector  # noqa: E402
from desktop_app.persistence.location import Location, ServerAddress, parse_location  # noqa: E402
from tests.support.world import World, open_world  # noqa: E402

# a window's resume of the collector, firing at whatever moment, must not freeze the objects
# of the tests before it (their cycles would never be collected): tests/e2e/test_start_collector
# turns it on where it checks it
start_collector.freezes = False

BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``world`` on a file, and also on a PostgreSQL server in modules marked both_backends."""
    if "backend" in metafunc.fixturenames:  # the world fixture asks for it
        marked = metafunc.definition.get_closest_marker
        both = marked("both_backends") is not None and marked("sqlite_only") is None
        metafunc.parametrize("backend", BACKENDS if both else BACKENDS[:1])


def _opened(location: Location) -> Iterator[World]:
    """A world on ``location``, closed afterwards (a server's database dropped)."""
    opened = open_world(location)
    yield opened
    opened.store.close()
    if isinstance(location, ServerAddress):
        postgres.server().drop_database(location.database)


@pytest.fixture
def world(tmp_path: Path, backend: str) -> Iterator[World]:
    """A workspace with a known catalog, acting as the vendor VA-111-111.

    A file, or (``backend`` "postgresql") a new database on the run's PostgreSQL server.
    """
    if backend == "postgresql":
        yield from _opened(parse_location(postgres.workspace_url()))
    else:
        yield from _opened(tmp_path / "workspace.sqlite")


@pytest.fixture
def server_world() -> Iterator[World]:
    """A workspace on a new database of the run's PostgreSQL server (for tests of a server's
    own ways: its plans, triggers and batches), whatever backend the module runs on."""
    yield from _opened(parse_location(postgres.workspace_url()))


@pytest.fixture(autouse=True)
def _quick_answers_awaited(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's tables wait for every answer of their reading thread, as if read at once.

    In the application a search shows its rows when they come (the old ones meanwhile) and a
    paint waits 5 ms for a page; here a busy machine must not turn a test's next look at a
    table into a race with that answer. The late answers themselves are tested in
    tests/ui/test_background_reads.py and tests/e2e/test_window_reads_apart.py.
    """
    from desktop_app.ui.models import background_reads

    monkeypatch.setattr(background_reads, "quick_wait_s", 30.0)
    monkeypatch.setattr(background_reads, "new_rows_wait_s", 30.0)


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Iterator[object]:
    """Python's collector pauses from a test's return until its widgets are deleted.

    pytest-qt holds a test's widgets by weak reference, closes them at teardown and asks for
    their deletion then. In between, a collection could free a wizard or a view held only in
    cycles: its attributes cleared first, its destruction then ran its ``hideEvent`` and slots
    on the half-cleared object (AttributeErrors in CI), or deleted a view inside a paint of
    its own table (a segmentation fault).
    """
    try:
        return (yield)
    finally:
        gc.disable()  # taken back by _widgets_deleted_at_teardown


@pytest.fixture(autouse=True)
def _widgets_deleted_at_teardown() -> Iterator[None]:
    """The widgets pytest-qt closed are deleted now, whole; then the collector runs again."""
    yield
    try:
        if QApplication.instance() is not None:
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        gc.enable()


@pytest.fixture
def python_collector() -> Iterator[None]:
    """Python's own collector on for this test (one that checks how the application sets it)."""
    was_on = gc.isenabled()
    gc.enable()
    yield
    if not was_on:
        gc.disable()


def pytest_report_header(config: pytest.Config) -> str:
    """Say where the run's home folder is."""
    return f"home of this run (HOME, XDG_*): {SANDBOX.folder}"


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Name the random order's seed at the end too (also under ``-q``), to run it again."""
    seed = getattr(config.option, "randomly_seed", None)
    if config.pluginmanager.hasplugin("randomly") and isinstance(seed, int):
        terminalreporter.write_line(
            f"tests ran in a random order: -p randomly --randomly-seed={seed} repeats it, "
            "-p no:randomly keeps the file order"
        )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when it wrote to the real user's settings or data, or left files here."""
    problems = SANDBOX.problems()
    if not problems:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", "the run touched files outside its temporary folders", red=True)
        for problem in problems:
            reporter.write_line(f"FAILED {problem}", red=True)
    if session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the run's home folder."""
    SANDBOX.leave()
