"""Make a file or folder truly unwritable for a test, also when the tests run as root."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def write_protected(*paths: Path) -> Iterator[None]:
    """Take write permission away from ``paths`` (files or folders) and give it back after.

    Root ignores permission bits, so there the immutable attribute (``chattr +i``) is used;
    the test is skipped where neither works.
    """
    done: list[tuple[Path, int, bool]] = []
    try:
        for path in paths:
            mode = path.stat().st_mode
            path.chmod(0o555 if path.is_dir() else 0o444)
            done.append((path, mode, False))
            if os.access(path, os.W_OK):  # root
                chattr = shutil.which("chattr")
                result = (
                    subprocess.run([chattr, "+i", str(path)], capture_output=True, check=False)
                    if chattr
                    else None
                )
                if result is None or result.returncode != 0 or os.access(path, os.W_OK):
                    pytest.skip("cannot write-protect files here (root without chattr +i)")
                done[-1] = (path, mode, True)
        yield
    finally:
        for path, mode, immutable in reversed(done):
            if immutable:
                subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
            path.chmod(mode)
