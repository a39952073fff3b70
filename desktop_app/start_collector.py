"""Python's cyclic garbage collector, paused while the window starts and resumed once shown."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Final

RESUMES_AFTER_MS: Final = 1000
"""The collector runs again this long after the window is shown (its first paint, and an
Overview's charts, come well before)."""


def pause() -> Callable[[], None]:
    """Pause the cyclic garbage collector while the window starts; returns its resume.

    Loading the modules and building the window make hundreds of thousands of objects and
    next to no garbage. The collector's passes over them took 10 ms of a file's start, and 38
    ms of a team workspace's (a full pass of 20 ms while psycopg loads), 2026-12-04. Resuming
    twice is harmless; a collector paused by someone else is left as it was.
    """
    if not gc.isenabled():
        return lambda: None
    gc.disable()
    return gc.enable
