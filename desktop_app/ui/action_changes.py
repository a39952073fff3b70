"""What an action changed, when a view's signal carries only the id of what it saved."""

from __future__ import annotations

from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services


def deleted_changes(services: Services, account_id: str) -> Changes:
    """The account was deleted: it and its parent (read again: a deleted account keeps it)."""
    try:
        return Changes.deleted(services.accounts.get(account_id))
    except DomainError:  # cannot tell its parent: every view reads again
        return Changes.all()


def decided_changes(services: Services, request_id: str) -> Changes:
    """The request was accepted or ignored: it and its account's sync state."""
    try:
        return Changes.decided([services.requests.get(request_id)])
    except DomainError:
        return Changes.all()
