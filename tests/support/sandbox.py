"""The test run's own home folder, and guards that it left the real one and the checkout alone.

:func:`enter` points ``HOME`` and the XDG folders (and on Windows ``APPDATA`` and
``LOCALAPPDATA``) at a temporary folder for the whole run, before Qt or the application read
them: settings (``QSettings(ORGANIZATION, APP_ID)``, Qt's file dialog history), the data folder
and the log file of the tests, and of every process they start, land there. It first
remembers what the real user's settings, data folder and logs hold, and which files of the
checkout exist, so that :func:`problems` can tell, at the end of the run, whether a test
touched either anyway.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.config import APP_ID, ORGANIZATION, default_data_dir

ROOT = Path(__file__).resolve().parents[2]
CACHE_NAMES = frozenset(
    {
        ".git",
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        ".import_linter_cache",
    }
)
"""Folders a run may add to or change in the checkout: caches (and git's own)."""

Snapshot = dict[str, tuple[str, int, int]]
"""Path → (kind, size, modification time in ns) of every file and folder under some roots."""


def _is_cache(relative: str) -> bool:
    """True for paths in caches and virtual environments (``.venv``, ``.venv-connect-cli``)."""
    for part in Path(relative.rstrip("/")).parts:
        if part in CACHE_NAMES or part.startswith(".venv") or part.endswith(".egg-info"):
            return True
    return False


def _is_source(relative: str) -> bool:
    """A new module is someone editing the checkout meanwhile, not a test's leftover."""
    return relative.endswith((".py", ".pyi"))


def _stat(path: Path) -> tuple[str, int, int]:
    try:
        found = path.lstat()
    except OSError:
        return ("gone", -1, -1)
    kind = "folder" if path.is_dir() and not path.is_symlink() else "file"
    return (kind, found.st_size if kind == "file" else 0, found.st_mtime_ns)


def snapshot(roots: list[Path]) -> Snapshot:
    """Every file and folder under ``roots`` (a root may be a file or missing)."""
    found: Snapshot = {}
    for root in roots:
        if not root.exists():
            continue
        found[str(root)] = _stat(root)
        if not root.is_dir():
            continue
        for folder, folders, files in os.walk(root):
            for name in folders + files:
                found[os.path.join(folder, name)] = _stat(Path(folder, name))
    return found


def user_paths(home: Path, config_home: Path, data_folder: Path) -> list[Path]:
    """The real user's settings, data folder and logs this application (or Qt for it) writes."""
    paths = sorted(config_home.glob(f"{ORGANIZATION}*")) + sorted(config_home.glob(f"{APP_ID}*"))
    paths += [config_home / "QtProject.conf", data_folder]  # QtProject.conf: file dialogs
    paths += sorted((home / "Library" / "Preferences").glob(f"*{ORGANIZATION}*"))  # macOS
    return list(dict.fromkeys(paths))


def checkout_entries() -> set[str] | None:
    """Untracked and ignored entries of the checkout outside its caches; None without git.

    Empty folders, which git never lists, are included from a walk of the checkout.
    """
    try:
        done = subprocess.run(
            ["git", "status", "--porcelain", "--ignored"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    entries = {
        line[3:]
        for line in done.stdout.splitlines()
        if line[:2] in ("??", "!!") and not _is_cache(line[3:]) and not _is_source(line[3:])
    }
    for folder, folders, files in os.walk(ROOT):
        relative = Path(folder).relative_to(ROOT).as_posix()
        folders[:] = [name for name in folders if not _is_cache(name)]
        if not folders and not files and relative != ".":
            entries.add(f"{relative}/")
    return entries


@dataclass
class Sandbox:
    """The run's temporary home, and what the real one and the checkout held before."""

    folder: Path
    real_home: Path
    real_config_home: Path
    real_data_folder: Path
    environment_before: dict[str, str | None] = field(default_factory=dict)
    real_before: Snapshot = field(default_factory=dict)
    checkout_before: set[str] | None = None

    def real_paths(self) -> list[Path]:
        """The real user's files this run must leave alone (found again at each call)."""
        return user_paths(self.real_home, self.real_config_home, self.real_data_folder)

    def problems(self) -> list[str]:
        """What the run wrote to the real user's folders or left in the checkout."""
        found: list[str] = []
        after = snapshot(self.real_paths())
        for path in sorted(set(self.real_before) | set(after)):
            before_entry, after_entry = self.real_before.get(path), after.get(path)
            if before_entry == after_entry:
                continue
            if before_entry is None:
                change = "created"
            elif after_entry is None:
                change = "deleted"
            else:
                change = "changed"
            found.append(f"the user's real {path} was {change} by the test run")
        if self.checkout_before is not None:
            now = checkout_entries() or set()
            for entry in sorted(now - self.checkout_before):
                found.append(f"the test run left {entry} in the checkout (write to tmp_path)")
        return found

    def leave(self) -> None:
        """Put the environment back and remove the temporary home."""
        for name, value in self.environment_before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(self.folder, ignore_errors=True)


def enter() -> Sandbox:
    """Move HOME and the XDG folders into a new temporary folder for this process and its children.

    Call it before anything reads them (Qt's settings and standard paths, platformdirs).
    """
    real_home = Path.home()
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or real_home / ".config")
    folder = Path(tempfile.mkdtemp(prefix="desktop-app-tests-home-"))
    sandbox = Sandbox(folder, real_home, config_home, default_data_dir())
    sandbox.real_before = snapshot(sandbox.real_paths())
    sandbox.checkout_before = checkout_entries()
    homes = {
        "HOME": folder / "home",
        "XDG_CONFIG_HOME": folder / "config",
        "XDG_DATA_HOME": folder / "data",
        "XDG_CACHE_HOME": folder / "cache",
        "XDG_STATE_HOME": folder / "state",
    }
    if sys.platform == "win32":
        homes |= {
            "USERPROFILE": folder / "home",
            "APPDATA": folder / "roaming",
            "LOCALAPPDATA": folder / "local",
        }
    for name, path in homes.items():
        path.mkdir(parents=True, exist_ok=True)
        sandbox.environment_before[name] = os.environ.get(name)
        os.environ[name] = str(path)
    return sandbox
