"""Texts of the History tab: a version's line, a request's line, two versions field by field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from desktop_app.domain.accounts import FIELD_LABELS, AccountData, display_value
from desktop_app.domain.enums import RequestStatus
from desktop_app.services.history import AccountHistory, VersionComparison, VersionEntry
from desktop_app.services.history_rows import VersionRequest
from desktop_app.ui.details.columns import NONE_TEXT, country_text
from desktop_app.ui.labels import full_local_time, local_time
from desktop_app.ui.models.field_diff_model import FieldRow

CREATED_TEXT: Final = "Created"
CHANGES_SHOWN: Final = 3
"""Changed fields a version's line names before it says "and N more"."""


def version_title(version: int) -> str:
    """``Version 3``."""
    return f"Version {version}"


def author_header(history: AccountHistory) -> str:
    """Who saved: the database user on a team workspace, the user on a file."""
    return "Database user" if history.team_workspace else "Saved by"


def changes_text(entry: VersionEntry) -> str:
    """``Created``, ``City, Email`` or ``Name, City, Email and 2 more``."""
    if entry.version == 1:
        return CREATED_TEXT
    labels = entry.changed_labels
    if not labels:
        return "No field changed"
    shown = ", ".join(labels[:CHANGES_SHOWN])
    rest = len(labels) - CHANGES_SHOWN
    return f"{shown} and {rest} more" if rest > 0 else shown


def changes_tooltip(entry: VersionEntry) -> str:
    """Every changed field, one a line."""
    if entry.version == 1:
        return "The account was created with this version."
    return "Changed from the version before:\n" + "\n".join(entry.changed_labels)


def requests_summary(entry: VersionEntry) -> str:
    """``2 requests``; empty when the version raised none."""
    count = len(entry.requests)
    if not count:
        return ""
    return f"{count} request{'s' * (count != 1)}"


def request_text(request: VersionRequest, who: Callable[[str], str]) -> str:
    """``TAR-… · Cloud Mail (PRD-…) · Accepted 2026-01-02 10:00 by Anna (UR-…)``."""
    status = request.status
    if status is RequestStatus.UNSUPPORTED:
        state = f"{status.label}: Tier Accounts Sync is off for this product"
    elif status.is_terminal:
        state = f"{status.label} {local_time(request.updated.at)} by {who(request.updated.by)}"
    else:
        state = f"{status.label}, awaiting the vendor's decision"
    return f"{request.id} · {request.product_name} ({request.product_id}) · {state}"


def request_tooltip(request: VersionRequest) -> str:
    """When the request last changed, in full; how to open it."""
    return (
        f"{request.status.label} since {full_local_time(request.updated.at)}.\n"
        "Double-click or press Enter to open the request."
    )


def field_text(data: AccountData, name: str, account_text: Callable[[str], str]) -> str:
    """A field of a version for people: the parent by name, the country by name."""
    if name == "country":
        return country_text(data.country) or NONE_TEXT
    if name == "parent_id" and data.parent_id:
        return account_text(data.parent_id)
    return display_value(data, name) or NONE_TEXT


def comparison_rows(
    comparison: VersionComparison, account_text: Callable[[str], str]
) -> list[FieldRow]:
    """Every field of the two versions, the differing ones marked."""
    before, after = comparison.before.data, comparison.after.data
    return [
        FieldRow(
            field=name,
            label=label,
            before=field_text(before, name, account_text),
            after=field_text(after, name, account_text),
            changed=name in comparison.changed,
        )
        for name, label in FIELD_LABELS.items()
    ]


def comparison_summary(comparison: VersionComparison) -> str:
    """``2 fields differ between version 1 and version 3.``"""
    first, second = comparison.before.version, comparison.after.version
    if first == second:
        return f"Version {first} as it was saved."
    count = len(comparison.changed)
    if not count:
        return f"No field differs between version {first} and version {second}."
    fields = "field differs" if count == 1 else "fields differ"
    return f"{count} {fields} between version {first} and version {second}."
