"""Options of the persistence tests: how many times the crash-safety test kills its worker."""

from __future__ import annotations

import os

import pytest

DEFAULT_CRASH_KILLS = 20


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--crash-kills N`` (works when tests/persistence is named on the command line)."""
    parser.addoption(
        "--crash-kills",
        type=int,
        default=None,
        help=f"SIGKILLs in the crash-safety test (default {DEFAULT_CRASH_KILLS}, or $CRASH_KILLS)",
    )


@pytest.fixture
def crash_kills(request: pytest.FixtureRequest) -> int:
    """How many workers the crash-safety test kills: option, then $CRASH_KILLS, then 20."""
    value = request.config.getoption("--crash-kills", default=None)
    if value is None:
        value = int(os.environ.get("CRASH_KILLS", DEFAULT_CRASH_KILLS))
    if value < 1:
        raise pytest.UsageError("--crash-kills must be at least 1")
    return int(value)
