"""Test configuration: no display needed, and the shared fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.world import World, open_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A workspace file with a known catalog, acting as the vendor VA-111-111."""
    opened = open_world(tmp_path / "workspace.sqlite")
    yield opened
    opened.store.close()
