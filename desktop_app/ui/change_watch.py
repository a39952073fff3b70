"""Others' changes to a team workspace reach the window as they commit, on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop_app.services.container import Services


class ChangeWatch(QObject):
    """Relays the workspace's change notices (heard on another thread) as queued signals."""

    changed = Signal(object)
    """frozenset[str]: the tables others changed (empty: anything may have changed)."""
    lost = Signal(str)
    """Why the connection that hears the notices dropped (it reconnects by itself)."""

    def __init__(
        self, services: Services, parent: QObject | None = None, *, listen: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("change_watch")
        self._services = services
        self._asked = False
        self._stop: Callable[[], None] | None = None
        if listen:
            self.listen()

    def listen(self) -> None:
        """Start hearing the workspace's notices (``listen=False`` waited for this); once."""
        if not self._asked:
            self._asked = True
            self._stop = self._services.workspace.watch_changes(self.changed.emit, self.lost.emit)

    @property
    def active(self) -> bool:
        """True when the workspace announces changes (a team workspace)."""
        return self._stop is not None

    def stop(self) -> None:
        """Stop hearing notices (before the workspace closes); a later :meth:`listen` does not."""
        self._asked = True
        if self._stop is not None:
            stop, self._stop = self._stop, None
            stop()
