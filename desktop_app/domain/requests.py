"""Tier account requests: what an edit raises per product, and their status rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from desktop_app.domain.accounts import Event
from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.errors import ConflictError, FieldIssue, ValidationError
from desktop_app.domain.text import character_message, normalize_text, refused_character

REASON_MAX_LENGTH: Final = 255
UNSUPPORTED_REASON: Final = (
    "Tier Accounts Sync is switched off for this product, so the request was ignored "
    "automatically. Switch it on in the product's Capabilities tab."
)


@dataclass(frozen=True)
class TierAccountRequest:
    """A request raised for one product when an account was edited."""

    id: str
    account_id: str
    version: int
    product_id: str
    vendor_id: str
    provider_id: str | None
    status: RequestStatus
    reason: str
    created: Event
    updated: Event

    @property
    def created_at(self) -> datetime:
        """When the edit raised it."""
        return self.created.at


def initial_status(tier_accounts_sync: bool) -> RequestStatus:
    """Pending when the product syncs tier accounts, unsupported (terminal) otherwise."""
    return RequestStatus.PENDING if tier_accounts_sync else RequestStatus.UNSUPPORTED


def clean_reason(reason: str) -> str:
    """The reject reason, normalised; refused unless 1–255 characters remain."""
    text = normalize_text(reason, multiline=True)
    if not text:
        raise ValidationError([FieldIssue("reason", "Enter the reason for ignoring the request.")])
    refused = refused_character(text, multiline=True)
    if refused is not None:
        message = character_message(refused, control="Remove the control characters.")
        raise ValidationError([FieldIssue("reason", message)])
    if len(text) > REASON_MAX_LENGTH:
        raise ValidationError(
            [FieldIssue("reason", f"Use at most {REASON_MAX_LENGTH} characters ({len(text)} now).")]
        )
    return text


def ensure_pending(request: TierAccountRequest) -> None:
    """Refuse a decision on a request that is no longer pending."""
    if request.status is not RequestStatus.PENDING:
        raise ConflictError(
            f"Request {request.id} is {request.status.label.lower()}, not pending any more; "
            "nothing was changed."
        )
