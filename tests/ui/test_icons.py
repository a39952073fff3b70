"""The icon helper: source checkout, packaged bundle, missing icons."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop_app.ui import icons

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">'
    '<rect width="16" height="16" fill="#336699"/></svg>'
)


@pytest.fixture(autouse=True)
def fresh_cache():
    icons.icon_path.cache_clear()
    yield
    icons.icon_path.cache_clear()


def test_repository_icon_folder_is_searched():
    repository = Path(__file__).resolve().parents[2]
    assert repository / "resources" / "icons" in icons.icon_dirs()


def test_missing_icon_is_an_empty_icon(qapp):
    assert icons.icon_path("no-such-icon") is None
    assert icons.icon("no-such-icon").isNull()


def test_bundled_icon_is_found_first(qapp, tmp_path, monkeypatch):
    folder = tmp_path / "resources" / "icons"
    folder.mkdir(parents=True)
    (folder / "test-square.svg").write_text(SVG, encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert icons.icon_dirs()[0] == folder
    assert icons.icon_path("test-square") == folder / "test-square.svg"
    assert icons.icon_path("test-square.svg") == folder / "test-square.svg"
    assert not icons.icon("test-square").isNull()
