"""What an action changed, when a view's signal carries only the id of what it saved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services


def deleted_changes(services: Services, account_id: str) -> Changes:
    """The account was deleted: it and its parent (read again: a deleted account keeps it)."""
    try:
        return Changes.deleted(services.accounts.get(account_id))
    except DomainError:  # cannot tell its parent: every view reads again
        return Changes.all()


LOOKED_UP: Final = 200
"""Decided requests whose accounts are looked up; beyond, every account's requests changed."""


def decided_changes(services: Services, request_ids: Sequence[str]) -> Changes:
    """The requests were accepted or ignored: they and their accounts' sync state."""
    if len(request_ids) > LOOKED_UP:
        return Changes.decided_ids(request_ids)
    try:
        return Changes.decided([services.requests.get(i) for i in request_ids])
    except DomainError:
        return Changes.decided_ids(request_ids)
