"""A killed import leaves no process behind: its validation worker dies with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.interop.prevalidation import PARALLEL_MIN_ROWS
from tests.interop.sheets import csv_file, row
from tests.support.world import open_world

pytestmark = pytest.mark.skipif(
    not Path("/proc").is_dir(), reason="reads the process tree from /proc (Linux)"
)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(entry.name)
            found |= {child, *_children(child)}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_a_large_import_ends_its_worker_and_resource_tracker(tmp_path, how):
    world = open_world(tmp_path / "w.sqlite")
    world.store.close()
    rows = [row(External_ID=f"E{n}", Company_Name=f"Firma {n}") for n in range(PARALLEL_MIN_ROWS)]
    source = csv_file(tmp_path / "big.csv", rows)
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "import", "--db", str(world.path), str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
            workers = _children(process.pid)  # the worker and multiprocessing's tracker
            time.sleep(0.05)
        assert len(workers) >= 2, "the import never started its worker"
        os.kill(process.pid, how)
        process.wait(30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        left = [pid for pid in workers if _alive(pid)]
        assert not left, f"left running after the import was killed: {left}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
