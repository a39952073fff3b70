import sqlite3

from PySide6.QtWidgets import QMessageBox, QPushButton, QTableView

from desktop_app import app as app_module
from desktop_app.app import create_main_window
from desktop_app.ui import application


def _window(qtbot, tmp_path, db_name="w.sqlite"):
    window = create_main_window(tmp_path / db_name, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    return window


def test_new_workspace_offers_demo_data_and_keeps_it(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    window.show()
    view = window.directory_view
    assert view.is_showing_empty_state()
    button = window.findChild(QPushButton, "load_demo_button")
    button.click()
    qtbot.waitUntil(lambda: not view.is_showing_empty_state(), timeout=20_000)
    table = window.findChild(QTableView, "directory_table")
    rows = table.model().rowCount()
    assert rows > 0
    assert "vendor" in window.operator_label.text()
    window.close()

    conn = sqlite3.connect(tmp_path / "w.sqlite")
    live = conn.execute(
        "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
    ).fetchone()[0]
    conn.close()
    assert live == rows

    reopened = _window(qtbot, tmp_path)
    reopened.show()
    assert not reopened.directory_view.is_showing_empty_state()
    assert reopened.findChild(QTableView, "directory_table").model().rowCount() == rows


def test_seeded_file_shows_in_the_window(qtbot, tmp_path):
    from desktop_app import cli

    assert cli.run(["seed", "--db", str(tmp_path / "s.sqlite"), "--accounts", "300"]) == 0
    window = _window(qtbot, tmp_path, "s.sqlite")
    window.show()
    table = window.findChild(QTableView, "directory_table")
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    live = conn.execute(
        "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"
    ).fetchone()[0]
    conn.close()
    assert table.model().rowCount() == live
    assert table.model().index(0, 1).data()


def test_main_reports_a_bad_file_without_a_traceback(tmp_path, monkeypatch, capsys, qapp):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"definitely not sqlite")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(application, "dialogs_are_seen", lambda: True)  # none offscreen
    assert app_module.main(["--db", str(bad)]) == 2
    assert "not a SQLite database" in shown[0]
    assert "not a SQLite database" in capsys.readouterr().err
    assert bad.read_bytes() == b"definitely not sqlite"
