"""The background check reports damage only: a check that cannot run is no verdict."""

from __future__ import annotations

import sqlite3

from desktop_app.ui.integrity_watch import IntegrityWatch


def test_damage_found_is_reported_in_the_gui_thread(qtbot):
    reported: list[list[str]] = []
    watch = IntegrityWatch(lambda: ["row 3 missing from index x"], reported.append)
    watch.start()
    watch.start()  # once only
    assert watch.wait(10)
    qtbot.waitUntil(lambda: reported == [["row 3 missing from index x"]])


def test_a_check_that_cannot_run_turns_nothing_read_only(qtbot):
    reported: list[list[str]] = []

    def locked() -> list[str]:
        raise sqlite3.OperationalError("database is locked")

    watch = IntegrityWatch(locked, reported.append)
    watch.start()
    assert watch.wait(10)
    qtbot.wait(50)
    assert reported == []


def test_a_window_that_stopped_listening_hears_nothing(qtbot):
    reported: list[list[str]] = []
    watch = IntegrityWatch(lambda: ["damaged"], reported.append)
    watch.stop_reporting()
    watch.start()
    assert watch.wait(10)
    qtbot.wait(50)
    assert reported == []
