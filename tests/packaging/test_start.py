"""--smoke-test and bad starts: no display, bad --db paths, a data folder that cannot be made."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest

from desktop_app.config import APP_NAME, LOGGER_NAME, app_version, close_log_file, open_log_file
from tests.packaging.conftest import DISPLAY_VARIABLES, SMOKE_LINE, App, xvfb_run

OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="DISPLAY and XDG folders are Linux's"
)


def assert_clean_failure(result, code: int, message: str) -> None:
    """Exit ``code``, ``message`` on stderr, no traceback, no abort."""
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_smoke_test_passes(app: App):
    result = app.run("--smoke-test", env=OFFSCREEN)

    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    match = SMOKE_LINE.match(line)
    assert match, line
    assert 0 < int(match["rows"]) <= 100
    assert match["platform"] == "offscreen"


@linux_only
def test_smoke_test_on_an_x_display_uses_xcb(app: App):
    result = app.run("--smoke-test", unset=DISPLAY_VARIABLES, prefix=xvfb_run())

    assert result.returncode == 0, result.stderr
    match = SMOKE_LINE.match(result.stdout.strip())
    assert match, result.stdout
    assert match["platform"] == "xcb"


@linux_only
def test_smoke_test_without_a_display_runs_offscreen(app: App):
    result = app.run("--smoke-test", unset=DISPLAY_VARIABLES)

    assert result.returncode == 0, result.stderr
    match = SMOKE_LINE.match(result.stdout.strip())
    assert match, result.stdout
    assert match["platform"] == "offscreen"


@linux_only
def test_the_window_without_a_display_says_so(app: App, tmp_path: Path):
    result = app.run("--db", str(tmp_path / "w.sqlite"), unset=DISPLAY_VARIABLES)

    assert_clean_failure(result, 3, "desktop-app: no display found")
    assert "--smoke-test" in result.stderr
    assert not (tmp_path / "w.sqlite").exists()


@linux_only
def test_an_unreachable_display_is_a_message_not_an_abort(app: App, tmp_path: Path):
    number = next(n for n in range(917, 999) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    result = app.run(
        "--db", str(tmp_path / "w.sqlite"), env={"DISPLAY": f":{number}"}, unset=DISPLAY_VARIABLES
    )

    assert_clean_failure(result, 3, f"desktop-app: cannot open a window (DISPLAY=:{number})")


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("folder", "is a folder, not a workspace file"),
        ("missing/w.sqlite", "does not exist; create it or choose another place"),
        ("a-file/w.sqlite", "does not exist; create it or choose another place"),
    ],
)
def test_a_bad_db_path_is_a_message_and_exit_2(app: App, tmp_path: Path, where: str, message: str):
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")

    result = app.run("--db", str(tmp_path / where), env=OFFSCREEN)

    assert_clean_failure(result, 2, message)
    assert result.stderr.startswith("desktop-app: ")


@linux_only
def test_a_data_folder_that_cannot_be_made_is_a_message_and_exit_2(app: App, tmp_path: Path):
    blocker = tmp_path / "data-home"
    blocker.write_text("a file where the data folder would be", encoding="utf-8")

    result = app.run(env={**OFFSCREEN, "XDG_DATA_HOME": str(blocker / "share")})

    assert_clean_failure(result, 2, "The data folder")
    assert "cannot be created" in result.stderr
    assert "--db FILE" in result.stderr


@linux_only
@pytest.mark.skipif(
    sys.platform.startswith("linux") and os.geteuid() == 0,
    reason="root writes to read-only folders (the case above covers it with a file)",
)
def test_a_read_only_home_folder_is_a_message_and_exit_2(app: App, tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    try:
        result = app.run(env={**OFFSCREEN, "HOME": str(home)}, unset=("XDG_DATA_HOME",))
    finally:
        home.chmod(0o755)

    assert_clean_failure(result, 2, "cannot be created")


def test_the_smoke_test_uses_its_own_workspace(app: App, tmp_path: Path):
    result = app.run("--smoke-test", "--db", str(tmp_path / "w.sqlite"), env=OFFSCREEN)

    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr
    assert not (tmp_path / "w.sqlite").exists()


def test_version(app: App):
    result = app.run("--version")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_NAME} {app_version()}"


def test_a_log_file_that_cannot_be_written_is_one_line_on_stderr(tmp_path: Path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the logs folder would be", encoding="utf-8")
    handler = open_log_file(blocker / "logs" / "desktop-app.log")
    try:
        log = logging.getLogger(f"{LOGGER_NAME}.test")
        log.error("first")
        log.error("second")
    finally:
        close_log_file(handler)

    err = capsys.readouterr().err
    assert err.count("cannot write the log file") == 1
    assert "Logging error" not in err
    assert "Traceback" not in err
