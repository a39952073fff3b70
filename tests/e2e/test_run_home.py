"""The test run keeps settings, data and logs in a home folder of its own, children included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop_app.config import APP_ID, ORGANIZATION, default_data_dir, default_log_path
from tests.support.sandbox import ROOT


def run_home() -> Path:
    home = Path(os.environ["HOME"]).parent
    assert home.name.startswith("desktop-app-tests-home-"), home
    return home


def test_settings_data_and_logs_of_the_run_are_in_its_own_home():
    home = run_home()
    assert Path(QSettings(ORGANIZATION, APP_ID).fileName()).is_relative_to(home)
    assert default_data_dir().is_relative_to(home)
    assert default_log_path().is_relative_to(home)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        assert Path(os.environ[name]).is_relative_to(home), name


def test_processes_the_tests_start_have_the_same_home():
    script = (
        "from desktop_app.config import default_data_dir; from pathlib import Path; "
        "print(default_data_dir()); print(Path.home())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    data, home = done.stdout.split()
    assert Path(data).is_relative_to(run_home())
    assert Path(home).is_relative_to(run_home())
