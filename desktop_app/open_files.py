"""The workspace files this process holds open, so nothing opens and closes them outside SQLite.

On POSIX systems SQLite guards a database with ``fcntl`` locks, and closing *any* descriptor
of a file releases every such lock the process holds on it. A header check, an import that
reads the file, an export or a backup written over it, or a file dialog that sniffs its
content would each leave the open workspace unguarded: another process that connects and
disconnects then believes it is the last one and deletes the ``-wal`` and ``-shm`` files
still in use (SQLite's "How To Corrupt An SQLite Database File", section 2.2). Every path
the application is about to open with plain file calls is first looked up here.
"""

from __future__ import annotations

import os
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Final

SIDE_FILE_SUFFIXES: Final = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database: the write-ahead log, its index, the journal."""

SIDE_FILE_NAMES: Final = {
    "": "the workspace",
    "-wal": "the write-ahead log of the workspace",
    "-shm": "the shared-memory index of the workspace",
    "-journal": "the rollback journal of the workspace",
}


@dataclass(frozen=True)
class OpenWorkspaceFile:
    """A path that is one of an open workspace's files."""

    workspace: Path
    suffix: str
    """``""`` for the database file itself, else ``-wal``, ``-shm`` or ``-journal``."""

    @property
    def description(self) -> str:
        """``the write-ahead log of the workspace`` and the like."""
        return SIDE_FILE_NAMES[self.suffix]


@dataclass(frozen=True)
class _Entry:
    owner: weakref.ref[object]
    path: Path
    writable: bool


_lock = threading.Lock()
_open: dict[int, _Entry] = {}


def register(owner: object, path: Path, *, writable: bool) -> None:
    """Remember that ``path`` is open while ``owner`` lives, until :func:`unregister`."""
    with _lock:
        _open[id(owner)] = _Entry(weakref.ref(owner), Path(os.path.realpath(path)), writable)


def unregister(owner: object) -> None:
    """Forget the file ``owner`` registered; nothing when it registered none."""
    with _lock:
        entry = _open.get(id(owner))
        if entry is not None and entry.owner() is owner:
            del _open[id(owner)]


def open_workspaces(*, writable_only: bool = False) -> list[Path]:
    """The workspace files open in this process (their real paths), each once.

    An owner collected without being closed closed its connection with it: it is left out.
    """
    with _lock:
        for key in [key for key, entry in _open.items() if entry.owner() is None]:
            del _open[key]
        entries = list(_open.values())
    paths = [entry.path for entry in entries if entry.writable or not writable_only]
    return list(dict.fromkeys(paths))


def _same(first: str, second: str) -> bool:
    if first == second:
        return True
    try:
        return os.path.samefile(first, second)  # a hard link or another name of the same file
    except OSError:
        return False


def open_workspace_file(path: Path | str) -> OpenWorkspaceFile | None:
    """Which open workspace ``path`` belongs to (the file or a side file), or None.

    Only names and ``stat`` are compared: nothing is opened. Links are followed, so a link
    to the workspace or to its ``-wal`` is found too.
    """
    candidate = os.path.realpath(path)
    for workspace in open_workspaces():
        for suffix in ("", *SIDE_FILE_SUFFIXES):
            if _same(candidate, f"{workspace}{suffix}"):
                return OpenWorkspaceFile(workspace, suffix)
    return None


def open_workspace_refusal(path: Path | str, purpose: str) -> str | None:
    """Why ``path`` cannot be used ``purpose`` (``to export to``…); None when it may be.

    It cannot when it is one of the files of a workspace open in this process.
    """
    found = open_workspace_file(path)
    if found is None:
        return None
    return (
        f"{path} is {found.description} {found.workspace.name}, which is open: it cannot be "
        f"used {purpose}. Choose another file."
    )
