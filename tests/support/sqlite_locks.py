"""Checks that an open workspace is still guarded by its SQLite locks (Linux ``/proc/locks``).

A descriptor of the workspace opened and closed outside SQLite releases every POSIX lock
the process holds on the file; another process that connects and disconnects then deletes
the ``-wal`` and ``-shm`` files still in use. :func:`guard_problems` looks for both.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROC_LOCKS = Path("/proc/locks")

_PROBE_SOURCE = """
import sqlite3, sys
for line in sys.stdin:
    path = line.rstrip("\\n")
    try:
        conn = sqlite3.connect(path, timeout=5)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()
        print("ok", flush=True)
    except Exception as exc:
        print(f"error {exc}", flush=True)
"""


def can_see_locks() -> bool:
    """True where the kernel lists every process's file locks (Linux)."""
    return PROC_LOCKS.exists()


def locked_files(path: Path, pid: int | None = None) -> set[str]:
    """Which of ``path`` and its ``-shm`` the process ``pid`` holds POSIX locks on.

    The answer holds ``"db"`` and ``"shm"`` while SQLite guards an open WAL workspace.
    """
    pid = os.getpid() if pid is None else pid
    inodes: dict[tuple[int, int], str] = {}
    for name, suffix in (("db", ""), ("shm", "-shm")):
        try:
            info = os.stat(f"{path}{suffix}")
        except FileNotFoundError:
            continue
        inodes[(info.st_dev, info.st_ino)] = name
    held: set[str] = set()
    for line in PROC_LOCKS.read_text().splitlines():
        fields = line.split()
        if len(fields) > 1 and fields[1] == "->":  # a waiting lock: same layout, shifted
            fields = [fields[0], *fields[2:]]
        if len(fields) < 6 or fields[1] != "POSIX" or fields[4] != str(pid):
            continue
        major, minor, inode = fields[5].split(":")
        device = os.makedev(int(major, 16), int(minor, 16))
        found = inodes.get((device, int(inode)))
        if found is not None:
            held.add(found)
    return held


class ConnectProbe:
    """Another process that connects to a workspace and disconnects, as any program may."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None

    def touch(self, path: Path) -> str:
        """Connect to ``path``, read, disconnect in the other process; ``ok`` or the error."""
        process = self._process
        if process is None or process.poll() is not None:
            process = self._process = subprocess.Popen(
                [sys.executable, "-c", _PROBE_SOURCE],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(f"{path}\n")
        process.stdin.flush()
        return process.stdout.readline().strip()

    def close(self) -> None:
        """End the other process."""
        if self._process is not None and self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait(10)
        self._process = None


def guard_problems(path: Path, probe: ConnectProbe) -> list[str]:
    """What is wrong with how this process guards the open WAL workspace at ``path``.

    Empty when it holds its locks on the file and on its ``-shm``, and the ``-wal`` outlives
    another process's connect and disconnect.
    """
    problems: list[str] = []
    if can_see_locks():
        missing = {"db", "shm"} - locked_files(path)
        if missing:
            problems.append(
                f"this process lost its SQLite locks on {path} ({', '.join(sorted(missing))})"
            )
    wal = Path(f"{path}-wal")
    if wal.exists():
        answer = probe.touch(path)
        if not wal.exists():
            problems.append(
                f"another process's connect and disconnect ({answer}) deleted {wal.name} "
                "while the workspace is open here"
            )
    return problems
