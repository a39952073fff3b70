"""Python's cyclic garbage collector, paused while the window starts and resumed once shown.

What the start made is then frozen (:func:`gc.freeze`): the collector's full passes look only
at what came later.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Final

RESUMES_AFTER_MS: Final = 1000
"""The collector runs again this long after the window is shown (its first paint, and an
Overview's charts, come well before)."""
freezes = True
"""Resuming freezes what the start made. The tests' process turns it off: a freeze there, at
whatever moment a window's timer fires, would keep earlier tests' cycles for good."""


def pause() -> Callable[[], None]:
    """Pause the cyclic garbage collector while the window starts; returns its resume.

    Loading the modules and building the window make hundreds of thousands of objects and
    next to no garbage. The collector's passes over them took 10 ms of a file's start, and 38
    ms of a team workspace's (a full pass of 20 ms while psycopg loads), 2026-12-04. Resuming
    twice is harmless; a collector paused by someone else is left as it was.

    Resuming first moves every object alive then (modules, the window, the workspace's
    repositories: ~45,000 at a million accounts) out of the collector's sight: its full
    passes over them took 18-23 ms at random moments, opening an account among them; after,
    4-11 ms. Those objects are still freed when nothing refers to them; a cycle among them
    that becomes garbage later is kept (few: they live as long as the window).
    """
    if not gc.isenabled():
        return lambda: None
    gc.disable()
    return _resume


def _resume() -> None:
    if freezes and not gc.isenabled():
        gc.freeze()
    gc.enable()
