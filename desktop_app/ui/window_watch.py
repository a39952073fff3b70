"""What changes under the window: saves from elsewhere and damage on disk, so the shell only reacts.

Three sources, one owner: the window turning active again (``data_version`` moved), a team
workspace's change notices (:class:`ChangeWatch`) and the background check of the file
(:class:`IntegrityWatch`). Each ends in the shell's ``refresh`` and a status message.
"""

from __future__ import annotations

import weakref
from typing import Final, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop_app.domain.errors import DomainError
from desktop_app.services.container import Services
from desktop_app.services.write_permission import read_only_statement
from desktop_app.ui.change_watch import ChangeWatch
from desktop_app.ui.integrity_watch import IntegrityWatch
from desktop_app.ui.lifetime import alive

INTEGRITY_CHECK_DELAY_MS: Final = 200
"""The background check of the file starts this long after the window is shown."""
LISTEN_DELAY_MS: Final = 100
"""A team workspace's change notices are listened for from this long after the window is shown:
the listener's thread, starting and connecting, took 4-5 ms of the first paint (2026-12-04)."""
ACTIVATION_REFRESH_MS: Final = 300
"""How long after the window is activated it looks for changes saved elsewhere."""
CHANGED_ELSEWHERE: Final = "Showing changes saved in another window or program"


class WatchedShell(Protocol):
    """What the watch needs of the window: the open workspace, a refresh and a status line."""

    @property
    def services(self) -> Services:
        """The open workspace's services."""

    def refresh(self) -> None:
        """Read the workspace again into every view."""

    def show_status(self, message: str, timeout_ms: int) -> None:
        """Say what happened in the status bar."""


class WindowWatch(QObject):
    """Refreshes ``window`` when others saved to its workspace or the file turned out damaged."""

    def __init__(self, window: QWidget, shell: WatchedShell) -> None:
        super().__init__(window)
        self.setObjectName("window_watch")
        self._window_ref = weakref.ref(window)  # weakly: the window holds its watch
        self._shell_ref = weakref.ref(shell)
        self._closing = False
        self._seen_version = self._data_version()
        self.integrity = self._watch_integrity()
        """The background check of the open workspace's file."""
        self.changes = self._watch_changes(listen=False)  # once shown: see :meth:`shown`
        """Others' commits to a team workspace."""
        # Activating the window looks for changes saved elsewhere, once per burst of events.
        self._activation_timer = QTimer(self)
        self._activation_timer.setObjectName("activation_timer")
        self._activation_timer.setSingleShot(True)
        self._activation_timer.setInterval(ACTIVATION_REFRESH_MS)
        self._activation_timer.timeout.connect(self._on_activation_timer_timeout)

    @property
    def _window(self) -> QWidget:
        return alive(self._window_ref)

    @property
    def _shell(self) -> WatchedShell:
        return alive(self._shell_ref)

    def shown(self) -> None:
        """After the window's first paint: check its file, hear others' changes to a server."""
        QTimer.singleShot(INTEGRITY_CHECK_DELAY_MS, self, self._start_integrity_check)
        QTimer.singleShot(LISTEN_DELAY_MS, self, self._start_listening)

    def activated(self) -> None:
        """The window became active again: look for changes saved elsewhere, soon."""
        if not self._closing:
            self._activation_timer.start()

    def seen(self) -> None:
        """The views show the workspace as it is now."""
        self._seen_version = self._data_version()

    def refresh_if_changed(self) -> bool:
        """Refresh when another window or program saved to the workspace since the last look.

        Never while a dialog of this window (a wizard, a question) is open: it may hold what
        the user is typing. True when the views were read again.
        """
        if self._closing or self._dialog_is_open():
            return False
        version = self._data_version()
        if version is None or version == self._seen_version:
            return False
        self._shell.refresh()
        self._shell.show_status(CHANGED_ELSEWHERE, 5000)
        return True

    def damage_found(self, found: list[str]) -> None:
        """The file is damaged: it turns read-only, and the window says so."""
        if self._closing:
            return
        reason = self._shell.services.workspace.mark_damaged(found)
        self._shell.refresh()
        self._shell.show_status(read_only_statement(reason), 30_000)

    def follow(self) -> None:
        """Watch the workspace the window shows now instead of the one before."""
        self.integrity.stop_reporting()
        self.integrity = self._watch_integrity()
        self.integrity.start()
        self.changes.stop()
        self.changes = self._watch_changes()

    def stop(self) -> None:
        """The window closes: nothing is watched or refreshed from now on."""
        self._closing = True
        self._activation_timer.stop()
        self.integrity.stop_reporting()
        self.changes.stop()

    def _watch_integrity(self) -> IntegrityWatch:
        return IntegrityWatch(self._shell.services.workspace.integrity_problems, self.damage_found)

    def _watch_changes(self, *, listen: bool = True) -> ChangeWatch:
        """Hear others' commits to a team workspace: the views follow within a second."""
        watch = ChangeWatch(self._shell.services, self, listen=listen)
        watch.changed.connect(self._on_change_watch_changed)
        watch.lost.connect(self._on_change_watch_lost)
        return watch

    def _start_integrity_check(self) -> None:
        if not self._closing:
            self.integrity.start()

    def _start_listening(self) -> None:
        if self._closing or self.changes.active:
            return
        self.changes.listen()
        if self.changes.active:  # what others saved since the window read the workspace
            self.refresh_if_changed()

    def _data_version(self) -> int | None:
        try:
            return self._shell.services.workspace.data_version()
        except DomainError:
            return None

    def _dialog_is_open(self) -> bool:
        """A dialog of this window, or one that blocks the whole application, is open.

        Another window's window-modal message (an error it shows) holds up only that window.
        """
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.windowModality() == Qt.WindowModality.ApplicationModal:
            return True
        return any(dialog.isVisible() for dialog in self._window.findChildren(QDialog))

    @Slot()
    def _on_activation_timer_timeout(self) -> None:
        if self._window.isActiveWindow():
            self.refresh_if_changed()

    @Slot(object)
    def _on_change_watch_changed(self, _tables: frozenset[str]) -> None:
        self.refresh_if_changed()

    @Slot(str)
    def _on_change_watch_lost(self, reason: str) -> None:
        self._shell.show_status(
            f"The connection to the team workspace dropped ({reason}); reconnecting…", 10000
        )
