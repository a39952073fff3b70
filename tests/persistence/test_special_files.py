"""A pipe, socket or device given as the workspace is refused at once, never opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.processes import run_desktop_app

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


@pytest.mark.parametrize("command", [["check"], ["import", "rows.csv"], ["export", "--out", "x"]])
def test_a_fifo_as_the_workspace_is_refused_without_waiting(
    tmp_path: Path, command: list[str]
) -> None:
    fifo = tmp_path / "w.sqlite"
    os.mkfifo(fifo)
    (tmp_path / "rows.csv").write_text("", encoding="utf-8")
    # opening the pipe would wait for a writer forever: the timeout ends such a run
    done = run_desktop_app(*command, "--db", str(fifo), cwd=tmp_path, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "is not a regular file" in done.stderr and str(fifo) in done.stderr
    assert "Traceback" not in done.stderr
