"""Reads of the open workspace on a thread and a connection of their own.

A table asks here for its count and pages instead of querying on the GUI thread. A search, a
sort or a filter does not wait: the table shows its rows until the new ones arrive, from the
event loop, so a keystroke or a header click never freezes the window. A paint waits a few
milliseconds for a page it lacks (most come by then), then shows blank cells until it comes.
A newer question from the same table supersedes an older one still waiting in the queue
(typing runs ahead of the search), and an answer to a question that was superseded is dropped.

The thread opens its connection when first asked (SQLite shares the process's locks between
its connections, and the file is never opened outside SQLite) and closes it in :meth:`close`.
"""

from __future__ import annotations

import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Final, Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services

R = TypeVar("R")

QUICK_WAIT: Final = -1.0
"""Wait :data:`quick_wait_s`: what a cell being painted waits for its page."""
quick_wait_s = 0.003
"""How long a paint waits for a page before it shows blank cells until the page comes (a
page far down, after a jump); well inside one 16 ms frame."""
NEW_ROWS_WAIT: Final = -2.0
"""Wait :data:`new_rows_wait_s`: what a search, a sort or a filter waits for its rows."""
new_rows_wait_s = 0.0
"""How long a search, a sort or a filter waits for its rows: not at all, as the rows shown
stay until the new ones are in (no blank table, no frame lost to the query)."""

SWITCH_INTERVAL_S: Final = 0.001
"""How often a thread holding the GIL lets another run (Python's default is 5 ms)."""

Job = Callable[[Services], R]
OpenServices = Callable[[], tuple[Services, Callable[[], None]]]
"""Opens the workspace on a connection of the calling thread: its services and how to close it."""


class Ticket(Generic[R]):
    """One question to the reading thread, and in time its answer."""

    def __init__(
        self,
        slot: object,
        job: Job[R],
        on_answer: Callable[[R], None],
        on_error: Callable[[DomainError], None],
    ) -> None:
        self.slot = slot
        self.key = 0
        """Where the reader keeps it: its slot's id, or its own when it supersedes nothing."""
        self.job = job
        self.on_answer = on_answer
        self.on_error = on_error
        self.answered = threading.Event()
        self.result: R | None = None
        self.error: BaseException | None = None
        self.dropped = False
        """Superseded or withdrawn: its answer, when it comes, is not delivered."""
        self.delivered = False
        self.yields = False
        """Its job ends early when another question waits (and asks again): it makes none wait."""

    def drop(self) -> None:
        """Deliver nothing of this ticket's answer."""
        self.dropped = True


class _Courier(QObject):
    """Carries answers to the GUI thread; one for the process, never deleted.

    The reading thread emits here rather than on its reader: a window deleted without closing
    its reader takes the reader's C++ object with it, which a signal emitted from another
    thread at that moment would use after it is freed.
    """

    answered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.answered.connect(self._on_answered)

    @Slot(object)
    def _on_answered(self, answer: tuple[weakref.ref[_Reading], Ticket[Any]]) -> None:
        reading = answer[0]()
        if reading is not None:
            reading.deliver(answer[1])


_courier: _Courier | None = None


def _the_courier() -> _Courier:
    global _courier  # one for the process, made on the GUI thread
    if _courier is None:
        _courier = _Courier()
    return _courier


class _Reading:
    """The reading thread and its questions: plain Python, safe to touch from either thread."""

    def __init__(self, open_services: OpenServices, courier: _Courier) -> None:
        self._open = open_services
        self._courier = courier
        self._queue: OrderedDict[int, Ticket[Any]] = OrderedDict()
        self._urgent = 0
        """Questions waiting in the queue that do not yield (see :meth:`waiting`)."""
        """Waiting tickets by the id of their slot: one a slot, the newest."""
        self._latest: dict[int, Ticket[Any]] = {}
        self._lock = threading.Condition()
        self.closed = False
        self._thread: threading.Thread | None = None

    def ask(self, ticket: Ticket[Any]) -> None:
        with self._lock:
            if self.closed:
                ticket.drop()
                return
            earlier = self._latest.get(ticket.key)
            if earlier is not None:
                earlier.drop()
            self._latest[ticket.key] = ticket
            self._queue.pop(ticket.key, None)
            self._queue[ticket.key] = ticket
            self._count_urgent()
            self._start()
            self._lock.notify()

    def waiting(self) -> bool:
        """True while a question that does not yield waits for the thread, or it is closing.

        Read without the lock (a glance): a step of reading ahead looks many times a key.
        Questions that yield do not count, else two lists reading ahead would end each other's
        steps for ever.
        """
        return self._urgent > 0 or self.closed

    def _count_urgent(self) -> None:
        self._urgent = sum(not t.yields for t in self._queue.values())

    def stop(self) -> threading.Thread | None:
        """Drop every question and let the thread end (it closes its connection)."""
        with self._lock:
            self.closed = True
            for ticket in self._latest.values():
                ticket.drop()
            self._queue.clear()
            self._urgent = 0
            self._latest.clear()
            self._lock.notify()
            return self._thread

    def _start(self) -> None:
        if self._thread is None:
            # Python hands the GIL over every 5 ms by default: the window's thread, back from
            # a short wait, would often sit out a whole interval while the rows are built here
            sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
            self._thread = threading.Thread(target=self._run, name="workspace-reads", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        services: Services | None = None
        close: Callable[[], None] | None = None
        me = weakref.ref(self)
        try:
            while True:
                with self._lock:
                    while not self._queue and not self.closed:
                        self._lock.wait()
                    if self.closed:
                        return
                    _key, ticket = self._queue.popitem(last=False)
                    self._count_urgent()
                if ticket.dropped:
                    self.forget(ticket)
                    continue
                try:
                    if services is None:
                        services, close = self._open()
                    ticket.result = ticket.job(services)
                except BaseException as exc:  # handed to the GUI thread with the ticket
                    ticket.error = exc
                ticket.answered.set()
                self._courier.answered.emit((me, ticket))
        finally:
            if close is not None:
                close()

    # on the GUI thread

    def forget(self, ticket: Ticket[Any]) -> None:
        with self._lock:
            if self._latest.get(ticket.key) is ticket:
                del self._latest[ticket.key]

    def deliver(self, ticket: Ticket[Any]) -> None:
        if ticket.delivered:
            return
        self.forget(ticket)
        if ticket.dropped:
            return
        ticket.delivered = True
        if ticket.error is None:
            ticket.on_answer(ticket.result)
        elif isinstance(ticket.error, DomainError):
            ticket.on_error(ticket.error)
        else:
            raise ticket.error


class BackgroundReader(QObject):
    """One reading thread of a window over one workspace; answers delivered on the GUI thread.

    Closed by :meth:`close`, or (without waiting for its thread) when Qt deletes it with its
    window.
    """

    def __init__(self, open_services: OpenServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reading = _Reading(open_services, _the_courier())
        self.destroyed.connect(self._reading.stop)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran: nothing more is read."""
        return self._reading.closed

    def ask(
        self,
        slot: object,
        job: Job[R],
        on_answer: Callable[[R], None],
        on_error: Callable[[DomainError], None],
        *,
        supersede: bool = True,
        yields: bool = False,
    ) -> Ticket[R]:
        """Run ``job`` on the reading thread; its answer goes to ``on_answer`` on this thread.

        With ``supersede`` the question replaces the one ``slot`` asked before, when that one
        is still waiting or unanswered: only the newest answer of a slot is delivered. A job
        that ``yields`` looks at :meth:`waiting` and ends early: no question waits for it.
        """
        ticket: Ticket[R] = Ticket(slot, job, on_answer, on_error)
        ticket.key = id(slot) if supersede else id(ticket)
        ticket.yields = yields
        self._reading.ask(ticket)
        return ticket

    def waiting(self) -> bool:
        """True while a question waits for the reading thread, or it is closing.

        A job that can end early (a step of reading ahead) ends then. Safe from either thread.
        """
        return self._reading.waiting()

    def waiting_check(self) -> Callable[[], bool]:
        """:meth:`waiting` for a job to call on the reading thread.

        It holds no Qt object: it stays safe to call after the reader's window was deleted.
        """
        return self._reading.waiting

    def wait(self, ticket: Ticket[Any], timeout: float | None = QUICK_WAIT) -> bool:
        """Wait for ``ticket``'s answer at most ``timeout`` seconds; delivered now if it came.

        True when the answer was delivered (here, or before); False while it is still coming
        (it is delivered from the event loop when it comes) or when it was dropped.
        """
        if ticket.delivered:
            return True
        if ticket.dropped:
            return False
        if timeout == QUICK_WAIT:
            timeout = quick_wait_s
        elif timeout == NEW_ROWS_WAIT:
            timeout = new_rows_wait_s
        if not ticket.answered.wait(timeout):
            return False
        self._reading.deliver(ticket)
        return ticket.delivered

    def close(self) -> None:
        """Drop every question, close the thread's connection and end the thread."""
        thread = self._reading.stop()
        if thread is not None and thread is not threading.current_thread():
            thread.join()
