"""Other people's changes to a team workspace, as they commit: ``LISTEN`` off the GUI thread.

Every transaction that changes the workspace sends one ``NOTIFY`` per table it touched (the
triggers of schema version 6). A thread with a connection of its own waits for them and hands
each burst, the tables named, to a callback; when the connection drops it says so once and
connects again, a little later each time, and says so when it is back (what was missed
meanwhile is unknown, so the window reads everything again).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Final

import psycopg

from desktop_app.persistence.location import ServerAddress
from desktop_app.persistence.migrations.m0006_change_notices import CHANNEL
from desktop_app.persistence.postgres_connection import (
    APPLICATION_NAME,
    CONNECT_TIMEOUT_S,
    KEEPALIVE,
)
from desktop_app.persistence.postgres_errors import password_parameter

LOG = logging.getLogger(__name__)
WAIT_S: Final = 0.5
"""How long one wait for notices lasts: how soon :meth:`ChangeListener.stop` is heard."""
GATHER_S: Final = 0.05
"""Notices this close together are one burst (a transaction that touched many tables)."""
RETRY_S: Final = (0.5, 1.0, 2.0, 5.0)


class ChangeListener:
    """Listens for committed changes to one team workspace until :meth:`stop`."""

    def __init__(
        self,
        address: ServerAddress,
        changed: Callable[[frozenset[str]], None],
        connection_lost: Callable[[str], None] | None = None,
        *,
        ignored_pid: Callable[[], int | None] | None = None,
    ) -> None:
        self._address = address
        # The window's own connection (it knows its changes); asked each time: it is a new
        # one after the window connected again.
        self._ignored_pid = ignored_pid or (lambda: None)
        self._changed = changed
        self._lost = connection_lost
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="workspace-changes", daemon=True)
        self.listening = threading.Event()
        """Set while the listener's connection is up and listening."""

    def start(self) -> ChangeListener:
        """Start listening (returns at once)."""
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Stop listening and wait for the thread to end."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _connect(self) -> psycopg.Connection[tuple[object, ...]]:
        connection = psycopg.connect(
            self._address.url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name=f"{APPLICATION_NAME} (changes)",
            **KEEPALIVE,  # a silent drop is noticed and the listener connects again
            **password_parameter(self._address),
        )
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def _run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                with self._connect() as connection:
                    self.listening.set()
                    if failures:  # back after a loss: anything may have changed meanwhile
                        self._changed(frozenset())
                    failures = 0
                    self._listen(connection)
            except psycopg.Error as exc:
                self.listening.clear()
                if self._stopping.is_set():
                    return
                if failures == 0 and self._lost is not None:
                    self._lost(" ".join(str(exc).split()))
                LOG.info("change notices of %s: %s", self._address.display, exc)
                self._stopping.wait(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1
        self.listening.clear()

    def _listen(self, connection: psycopg.Connection[tuple[object, ...]]) -> None:
        while not self._stopping.is_set():
            notices = list(connection.notifies(timeout=WAIT_S, stop_after=1))
            if not notices:
                continue
            notices.extend(connection.notifies(timeout=GATHER_S))
            own = self._ignored_pid()
            tables = {n.payload for n in notices if n.pid != own}
            if tables:
                self._changed(frozenset(tables))
