"""The rows an account's history reads from its repository."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.accounts import Event
from desktop_app.domain.enums import RequestStatus


@dataclass(frozen=True)
class VersionRequest:
    """A tier account request one version raised, for the history list."""

    id: str
    version: int
    product_id: str
    product_name: str
    status: RequestStatus
    updated: Event
    """When it was last changed and by whom: its decision once it is no longer pending."""
