"""One unit of a bulk write (a row of an import): no savepoint, and a refusal that wrote nothing."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from desktop_app.domain.errors import DomainError, StorageError
from desktop_app.persistence.pending import PendingRows


class unit_of_bulk:  # noqa: N801 - used as the context manager function it was
    """A write nested in a bulk write, on either backend: it joins the bulk's transaction.

    A savepoint a unit would cost more than the row it guards (on a server, two round trips a
    row, and the held rows sent before it: a ``COPY`` a row). So a refusal must come before
    the unit's first write, as every service rule does; a refusal after one (``changed``, the
    rows the connection's own statements changed, has moved, or a row was held back) undoes
    the whole bulk write rather than leave half a change behind.

    A class rather than a generator: an import enters one a row (a generator's context
    manager costs several times as much).
    """

    __slots__ = ("_before", "_changed", "_pending")

    def __init__(self, changed: Callable[[], int], pending: PendingRows) -> None:
        self._changed = changed
        self._pending = pending
        self._before = (0, 0)

    def __enter__(self) -> None:
        self._before = (self._changed(), self._pending.added)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if (
            isinstance(error, DomainError)
            and (self._changed(), self._pending.added) != self._before
        ):
            raise StorageError(
                "A refused change had already written part of itself, so the whole "
                "import was undone; nothing was saved."
            ) from None
