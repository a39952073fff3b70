"""A pytest plugin: after every test, each workspace still open is still guarded by SQLite.

Loaded for the whole run (``-p tests.support.lock_guard`` in ``pyproject.toml``). Right
after a test's body, before its fixtures close anything, every writable workspace this
process holds open must still have its POSIX locks, and another process's connect and
disconnect must leave its ``-wal`` in place. A test that drops them fails, whichever code
path (a file dialog, a header check, an import, an export) closed a descriptor of the file.
"""

from __future__ import annotations

from collections.abc import Generator

import pytest

from desktop_app.open_files import open_workspaces
from tests.support.sqlite_locks import ConnectProbe, guard_problems

_probe = ConnectProbe()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Run the test, then check the locks of every writable workspace left open."""
    result = yield
    if item.get_closest_marker("no_lock_guard") is None:
        problems = [
            problem
            for path in open_workspaces(writable_only=True)
            for problem in guard_problems(path, _probe)
        ]
        if problems:
            pytest.fail("SQLite no longer guards an open workspace: " + "; ".join(problems))
    return result


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker that exempts a test (one that takes the locks away on purpose)."""
    config.addinivalue_line(
        "markers", "no_lock_guard: the test itself takes SQLite's locks away on purpose"
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    """End the probe's process."""
    _probe.close()
