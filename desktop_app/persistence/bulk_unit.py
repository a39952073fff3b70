"""One unit of a bulk write (a row of an import): no savepoint, and a refusal that wrote nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from desktop_app.domain.errors import DomainError, StorageError
from desktop_app.persistence.pending import PendingRows


@contextmanager
def unit_of_bulk(changed: Callable[[], int], pending: PendingRows) -> Iterator[None]:
    """A write nested in a bulk write, on either backend: it joins the bulk's transaction.

    A savepoint a unit would cost more than the row it guards (on a server, two round trips a
    row, and the held rows sent before it: a ``COPY`` a row). So a refusal must come before
    the unit's first write, as every service rule does; a refusal after one (``changed``, the
    rows the connection's own statements changed, has moved, or a row was held back) undoes
    the whole bulk write rather than leave half a change behind.
    """

    def written() -> tuple[int, int]:
        return changed(), pending.added

    before = written()
    try:
        yield
    except DomainError:
        if written() != before:
            raise StorageError(
                "A refused change had already written part of itself, so the whole "
                "import was undone; nothing was saved."
            ) from None
        raise
