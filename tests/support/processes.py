"""Start worker processes of the test suite and wait for what they print."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.ledger import read_lines

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Child:
    """A running ``tests.support.crash_worker`` with its output files."""

    process: subprocess.Popen[bytes]
    out: Path
    err: Path
    start_file: Path | None = None

    def go(self) -> None:
        """Let a worker started with a start file begin."""
        assert self.start_file is not None
        self.start_file.touch()

    def lines(self) -> list[dict[str, Any]]:
        """The complete lines printed so far."""
        return read_lines(self.out)

    def stderr(self) -> str:
        """What it wrote to stderr."""
        return self.err.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until it printed its ready line (it opened the workspace)."""
        deadline = time.monotonic() + timeout
        while not any(line["action"] == "ready" for line in self.lines()):
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited {self.process.returncode}: {self.stderr()}")
            if time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError(f"worker not ready after {timeout} s: {self.stderr()}")
            time.sleep(0.002)


def start_worker(
    db: Path | str, seed: int, folder: Path, name: str, *options: str, wait_for_go: bool = False
) -> Child:
    """``python -m tests.support.crash_worker DB SEED OPTIONS``, output into ``folder``.

    ``db`` is a workspace file or a ``postgresql://`` URL; scratch files go into ``folder``.

    With ``wait_for_go`` the worker gets ready but starts only at :meth:`Child.go`.

    Stdout goes to a file rather than a pipe: lines written before a SIGKILL are in the
    page cache and stay readable, and a worker never blocks on a full pipe.
    """
    out, err = folder / f"{name}.out.jsonl", folder / f"{name}.err.txt"
    start_file = folder / f"{name}.go" if wait_for_go else None
    if start_file is not None:
        options = (*options, "--start-file", str(start_file))
    options = (*options, "--scratch", str(folder))
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.crash_worker", str(db), str(seed), *options],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
    return Child(process, out, err, start_file)


def run_desktop_app(
    *args: str, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m desktop_app ARGS`` in a process of its own, its output captured as text.

    ``cwd`` keeps what the command may leave behind out of the checkout; the package is
    found through PYTHONPATH wherever it runs.
    """
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
