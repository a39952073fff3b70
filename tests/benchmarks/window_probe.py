"""Timing through the window: an event-loop heartbeat, paints watched, actions run in the loop."""

from __future__ import annotations

import statistics
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

import shiboken6
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

HEARTBEAT_MS: Final = 1
SETTLE_MS: Final = 60
"""How long the loop keeps running after the paint: work that follows it counts as blocking."""
TIMEOUT_S: Final = 30.0


@dataclass(frozen=True)
class Timing:
    """One action: from it (or from the end of the typing pause) to the paint; the worst block."""

    label: str
    painted: float | None
    """Seconds to the paint; None when nothing was painted (or nothing was to be)."""
    block: float
    """The longest stretch in which the event loop could not run a 1 ms timer."""
    from_action: float | None = None
    """Seconds from the action itself to the paint (the typing pause included)."""
    missed: bool = False
    """A paint was waited for and none came within :data:`TIMEOUT_S`."""


def percentile(values: list[float], share: float) -> float:
    """The value ``share`` of the way up the sorted values (nearest rank; 0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def median(values: list[float]) -> float:
    """The median (0 when empty)."""
    return statistics.median(values) if values else 0.0


class _PaintFilter(QObject):
    """Notes when a watched widget has painted (the loop's next turn after its Paint event)."""

    def __init__(self, probe: Probe) -> None:
        super().__init__()
        self._probe = probe

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._probe.watching(watched):
            QTimer.singleShot(0, self._probe.note_paint)
        return False


class _TimerFilter(QObject):
    """Notes when the typing pause's timer fires (before the search it starts)."""

    def __init__(self, probe: Probe) -> None:
        super().__init__()
        self._probe = probe

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Timer:
            self._probe.note_pause_end()
        return False


class Probe(QObject):
    """Runs one action at a time inside the event loop and times it to the watched paint."""

    def __init__(self, pause_timer: QTimer | None = None) -> None:
        super().__init__()
        self._ticks: list[float] = []
        self._heartbeat = QTimer(self)
        self._heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._tick)
        self._paints = _PaintFilter(self)
        self._watched: Callable[[QObject], bool] = lambda _w: False
        self._widgets: list[QWidget] = []
        self._after_action: Callable[[], QWidget | None] | None = None
        """What to watch once the action ran (see :meth:`watch_inside`)."""
        self._pause_filter = _TimerFilter(self)
        if pause_timer is not None:
            pause_timer.installEventFilter(self._pause_filter)
        self._loop: QEventLoop | None = None
        self._started = 0.0
        self._pause_end: float | None = None
        self._painted: float | None = None
        self._after_pause = False
        self._expect_paint = True
        self._quitting = False
        self._ready: Callable[[], bool] = lambda: True

    def wait_for(self, ready: Callable[[], bool]) -> None:
        """Count only paints made once ``ready()`` holds (the rows read apart have arrived)."""
        self._ready = ready

    # watching

    def watch(self, *widgets: QWidget) -> None:
        """Time to the paint of any of ``widgets`` (their own Paint events)."""
        self._unwatch()
        self._ready = lambda: True
        self._widgets = list(widgets)
        for widget in widgets:
            widget.installEventFilter(self._paints)
        self._watched = lambda w: any(w is x for x in self._widgets)

    def watch_inside(self, container: Callable[[], QWidget | None]) -> None:
        """Time to the paint of what ``container`` returns once the action ran (a new tab).

        Its own Paint event is watched, which comes before its children's in the same pass. No
        filter on the whole application: one in Python slows every event of the widgets the
        action builds (~4,000 for an account's tab, 30-40 ms), which would be timed too.
        """
        self._unwatch()
        self._ready = lambda: True
        self._after_action = container

    def _unwatch(self) -> None:
        for widget in self._widgets:
            if shiboken6.isValid(widget):  # a closed tab's table is gone
                widget.removeEventFilter(self._paints)
        self._widgets = []
        self._after_action = None
        self._watched = lambda _w: False

    def _watch_container(self) -> None:
        container = self._after_action
        widget = container() if container is not None else None
        if widget is not None:
            for earlier in self._widgets:
                if shiboken6.isValid(earlier):
                    earlier.removeEventFilter(self._paints)
            widget.installEventFilter(self._paints)
            self._widgets = [widget]
            self._watched = lambda w: w is widget

    def watching(self, watched: QObject) -> bool:
        """True for a widget whose paint ends the action."""
        return self._loop is not None and self._watched(watched)

    def close(self) -> None:
        """Stop watching anything."""
        self._unwatch()
        self._heartbeat.stop()

    # one action

    def run(
        self,
        label: str,
        action: Callable[[], object],
        *,
        after_pause: bool = False,
        expect_paint: bool = True,
    ) -> Timing:
        """Run ``action`` from the event loop; time it to the watched paint, then settle.

        ``after_pause``: the time is taken from the end of the typing pause (its timer firing)
        to the next paint. ``expect_paint`` False: nothing is waited for but the pause.
        """
        loop = QEventLoop()
        self._loop = loop
        self._pause_end = None
        self._painted = None
        self._after_pause = after_pause
        self._expect_paint = expect_paint
        self._quitting = False

        def start() -> None:
            self._started = time.perf_counter()
            self._ticks = [self._started]
            action()
            self._watch_container()

        QTimer.singleShot(0, start)
        timeout = QTimer()
        timeout.setSingleShot(True)
        timeout.timeout.connect(loop.quit)
        timeout.start(int(TIMEOUT_S * 1000))
        self._heartbeat.start()
        loop.exec()
        self._heartbeat.stop()
        timeout.stop()
        self._loop = None
        ended = self._ticks[-1] if self._ticks else time.perf_counter()
        block = _longest_gap(self._ticks, self._started, ended)
        if self._painted is None:
            return Timing(label, None, block, missed=expect_paint)
        since = self._pause_end if after_pause and self._pause_end is not None else self._started
        return Timing(label, self._painted - since, block, self._painted - self._started)

    def settle(self, milliseconds: int = SETTLE_MS) -> None:
        """Let the loop run untimed (after an untimed set-up step)."""
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()

    def note_pause_end(self) -> None:
        """The typing pause's timer fired."""
        if self._loop is not None and self._pause_end is None:
            self._pause_end = time.perf_counter()
            if not self._expect_paint:
                self._finish()

    def note_paint(self) -> None:
        """A watched widget has painted."""
        if self._loop is None or self._painted is not None or not self._expect_paint:
            return
        if self._after_pause and self._pause_end is None:
            return  # the search box's own repaint, or a paint before the search ran
        if not self._ready():
            return  # old rows, or blank cells of a page still coming: not what was asked
        self._painted = time.perf_counter()
        self._finish()

    def _finish(self) -> None:
        if not self._quitting and self._loop is not None:
            self._quitting = True
            QTimer.singleShot(SETTLE_MS, self._loop.quit)

    def _tick(self) -> None:
        self._ticks.append(time.perf_counter())


def _longest_gap(ticks: list[float], since: float, until: float) -> float:
    """The longest time between heartbeats from ``since`` to ``until``."""
    first = max(bisect_left(ticks, since) - 1, 0)
    last = bisect_right(ticks, until)
    window = ticks[first : last + 1]
    return max((b - a for a, b in pairwise(window)), default=until - since)
