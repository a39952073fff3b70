"""Test configuration: a home folder of the run's own, no display needed, the shared fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import sandbox

# Before Qt or the application look for settings, data or log folders: the run (and every
# process it starts) gets a temporary home; the guard below fails the run if it touched the
# real one or left files in the checkout.
SANDBOX = sandbox.enter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.world import World, open_world  # noqa: E402


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A workspace file with a known catalog, acting as the vendor VA-111-111."""
    opened = open_world(tmp_path / "workspace.sqlite")
    yield opened
    opened.store.close()


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
