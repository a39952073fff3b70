"""Every service of one open workspace, over one store; each is built when first used."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from desktop_app.services.directory import DirectoryService
from desktop_app.services.ports import Store
from desktop_app.services.workspace import Clock, WorkspaceService, utc_now

if TYPE_CHECKING:
    from desktop_app.services.accounts import AccountService
    from desktop_app.services.history import HistoryService
    from desktop_app.services.overview import OverviewService
    from desktop_app.services.products import ProductService
    from desktop_app.services.requests import RequestService


class Services:
    """The use cases the window and the command line call.

    The window's first paint needs only the workspace and the directory; the other
    services (and the modules behind them) load when something first asks for them.
    """

    def __init__(self, store: Store, clock: Clock = utc_now) -> None:
        self._store = store
        self._clock = clock
        self.workspace = WorkspaceService(store, clock)
        self.directory = DirectoryService(store)

    @classmethod
    def over(cls, store: Store, clock: Clock = utc_now) -> Services:
        """Every service over ``store``."""
        return cls(store, clock)

    def on_own_connection(self) -> tuple[Services, Callable[[], None]]:
        """Every service again over a sibling store, for a job on the calling thread.

        The same workspace and clock on a connection of this thread; the second item closes
        it (on this thread too). A DomainError says why it cannot be opened.
        """
        store = self._store.sibling()
        return Services(store, self._clock), store.close

    def replacing(self, **services: object) -> Services:
        """A copy with some services swapped for others (tests hand in doubles)."""
        copy = Services.__new__(Services)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(services)
        return copy

    @cached_property
    def accounts(self) -> AccountService:
        """Creating, editing and deleting tier accounts."""
        from desktop_app.services.accounts import AccountService

        return AccountService(self._store, self.workspace)

    @cached_property
    def requests(self) -> RequestService:
        """Tier account requests: listing, accepting, ignoring."""
        from desktop_app.services.requests import RequestService

        return RequestService(self._store, self.workspace)

    @cached_property
    def history(self) -> HistoryService:
        """An account's versions and the requests each raised."""
        from desktop_app.services.history import HistoryService

        return HistoryService(self._store)

    @cached_property
    def overview(self) -> OverviewService:
        """The Overview tab's figures."""
        from desktop_app.services.overview import OverviewService

        return OverviewService(self._store)

    @cached_property
    def products(self) -> ProductService:
        """Products and their capabilities."""
        from desktop_app.services.products import ProductService

        return ProductService(self._store, self.workspace)
