"""Python's cyclic garbage collector, run on the window's thread between two events."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS: Final = 200
"""How often the window's thread looks whether a collection is due (Python's own thresholds)."""


class GuiCollector(QObject):
    """Collects when Python would, but only from the window's event loop, never inside an event.

    Python collects once allocations pass a threshold, on whichever thread allocates and in
    whatever it is doing. Inside a table's paint, a collection deleted a view held only in
    cycles, and with it the model the paint was reading (a crash in the tests); on the reading
    thread or an import's, it would delete Qt objects that belong to the window's thread. With
    the collector off, a timer of the window's thread collects each generation whose threshold
    is passed, as Python would have, at most :data:`INTERVAL_MS` later.
    """

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("gui_collector")
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)

    @property
    def running(self) -> bool:
        """Whether the timer collects (and Python's own collector is off)."""
        return self._timer.isActive()

    def start(self) -> None:
        """Python's collector off; the timer collects from now on."""
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """The timer stops; Python's own collector runs again."""
        self._timer.stop()
        gc.enable()

    def collect(self) -> int:
        """Collect the oldest generation whose threshold is passed (and the younger ones).

        Returns how many unreachable objects were found (0 when nothing was due).
        """
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = -1
        for generation in range(3):
            if thresholds[generation] <= 0 or counts[generation] <= thresholds[generation]:
                break
            due = generation
        return gc.collect(due) if due >= 0 else 0


def resume_after_start(resume: Callable[[], None], parent: QObject, after_ms: int) -> GuiCollector:
    """In ``after_ms``, ``resume`` (the start's pause ends) and then collect on this thread.

    The collector's :meth:`GuiCollector.stop` gives Python its own collector back (at exit).
    """
    collector = GuiCollector(parent)

    def resumed() -> None:
        resume()
        collector.start()

    QTimer.singleShot(after_ms, collector, resumed)
    return collector
