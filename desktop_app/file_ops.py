"""Small file operations every layer shares: clean-ups that never hide the error they follow."""

from __future__ import annotations

import contextlib
from pathlib import Path


def discard(path: Path) -> None:
    """Remove ``path`` if it is there; a failure is ignored (a read-only or full disk).

    Used by clean-ups in ``finally`` blocks and error paths, where an ``OSError`` of its own
    would replace the message that says what really went wrong.
    """
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
