"""Every service of one open workspace, built together over one store."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.services.accounts import AccountService
from desktop_app.services.directory import DirectoryService
from desktop_app.services.ports import Store
from desktop_app.services.products import ProductService
from desktop_app.services.requests import RequestService
from desktop_app.services.workspace import Clock, WorkspaceService, utc_now


@dataclass(frozen=True)
class Services:
    """The use cases the window and the command line call."""

    workspace: WorkspaceService
    accounts: AccountService
    requests: RequestService
    products: ProductService
    directory: DirectoryService

    @classmethod
    def over(cls, store: Store, clock: Clock = utc_now) -> Services:
        """Build every service over ``store``."""
        workspace = WorkspaceService(store, clock)
        return cls(
            workspace=workspace,
            accounts=AccountService(store, workspace),
            requests=RequestService(store, workspace),
            products=ProductService(store, workspace),
            directory=DirectoryService(store),
        )
