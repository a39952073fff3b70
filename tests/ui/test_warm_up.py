"""The window loads what the first account opened needs while it idles after its start."""

from __future__ import annotations

import sys
import weakref
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject

from desktop_app.app import create_main_window
from desktop_app.ui import warm_up
from tests.support.world import open_world

SPARE = ("colorsys", "sched")
"""Small standard modules nothing here imports: seen loading, then put back."""


@pytest.fixture
def unloaded(monkeypatch: pytest.MonkeyPatch) -> tuple[str, ...]:
    for name in SPARE:
        if name in sys.modules:
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(warm_up, "AFTER_MS", 10)
    monkeypatch.setattr(warm_up, "STEP_MS", 10)
    return SPARE


def test_the_modules_load_one_at_a_time_from_the_event_loop(
    qtbot: Any, unloaded: tuple[str, ...]
) -> None:
    owner = QObject()

    warm_up.warm_up(owner, unloaded)

    assert not any(name in sys.modules for name in unloaded)  # later, from the loop
    qtbot.waitUntil(lambda: unloaded[0] in sys.modules)
    qtbot.waitUntil(lambda: all(name in sys.modules for name in unloaded))


def test_nothing_loads_once_the_owner_is_gone(qtbot: Any, unloaded: tuple[str, ...]) -> None:
    owner = QObject()
    warm_up.warm_up(owner, unloaded)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    marker = QObject()
    warm_up.warm_up(marker, ("sched",))  # one that still runs, to know the first one's time passed
    qtbot.waitUntil(lambda: "sched" in sys.modules)
    assert "colorsys" not in sys.modules


def test_the_window_loads_the_account_screens_modules_after_its_start(
    qtbot: Any, tmp_path: Path, unloaded: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm_up, "MODULES", unloaded)
    world = open_world(tmp_path / "warm.sqlite")
    world.store.close()
    window = create_main_window(world.path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()

    qtbot.waitUntil(lambda: all(name in sys.modules for name in unloaded))
    window.close()


def test_a_window_closed_first_loads_nothing_and_is_not_held_by_its_warm_up(
    qtbot: Any, tmp_path: Path, unloaded: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm_up, "MODULES", ("colorsys",))
    world = open_world(tmp_path / "warm.sqlite")
    world.store.close()
    window = create_main_window(world.path, settings_path=tmp_path / "settings.ini")
    window.show()
    held = weakref.ref(window)

    window.close()  # its timers stop, the warm-up's too
    marker = QObject()
    warm_up.warm_up(marker, ("sched",))  # started later, to know the window's time passed
    qtbot.waitUntil(lambda: "sched" in sys.modules)
    assert "colorsys" not in sys.modules
    window.deleteLater()
    del window
    qtbot.waitUntil(lambda: held() is None)  # nothing of the warm-up keeps the window


def _alive(owner: QObject) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(owner))
