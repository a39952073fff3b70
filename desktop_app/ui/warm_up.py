"""What the first account opened would load, loaded while the window idles after its start.

The window's first paint loads none of it (tests/e2e/test_start_up.py). Left to the first
account opened, these modules cost that open 25-30 ms at once (its services, repository and
screens); a few seconds after the start they load one at a time, each well inside a frame.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QObject, QTimer

MODULES: Final = (
    "desktop_app.services.accounts",
    "desktop_app.persistence.account_repository",
    "desktop_app.services.history",
    "desktop_app.ui.details.account_details_view",
)
AFTER_MS: Final = 3000
"""From the window's making to the first module: its first paint and first reads are done."""
STEP_MS: Final = 200
"""Between two modules: the window's own events run between them."""


def warm_up(owner: QObject, modules: Sequence[str] | None = None) -> QTimer:
    """Import ``modules`` (:data:`MODULES`) one at a time from the event loop, later.

    The first comes :data:`AFTER_MS` from now. The timer is ``owner``'s child and refers to
    nothing else: it goes with ``owner``, and stops with the window's other timers when it
    closes (the rest is then left to the first account opened, if any).
    """
    waiting = list(MODULES if modules is None else modules)
    timer = QTimer(owner)
    timer.setObjectName("warm_up_timer")
    timer.setSingleShot(True)

    def step() -> None:
        if waiting:
            importlib.import_module(waiting.pop(0))
        if waiting:
            timer.start(STEP_MS)

    timer.timeout.connect(step)
    timer.start(AFTER_MS)
    return timer
