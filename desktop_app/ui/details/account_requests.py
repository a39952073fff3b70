"""The details screen's Tier Account Requests tab: the account's requests, opened by their ID."""

from __future__ import annotations

from functools import partial
from typing import Final

from PySide6.QtCore import QModelIndex

from desktop_app.services.container import Services
from desktop_app.services.listing import Listing
from desktop_app.services.queries import RequestQuery, RequestRow
from desktop_app.ui.details.listing_tab import ListingTab
from desktop_app.ui.labels import full_local_time, local_time
from desktop_app.ui.models.background_reads import BackgroundReader
from desktop_app.ui.models.listing_table_model import ColumnSpec, IdRole

TITLE: Final = "Tier Account Requests"
TOOLTIP: Final = "Requests for this account: every tier account request its edits raised"
NONE_TEXT: Final = "—"

COLUMNS: Final[tuple[ColumnSpec[RequestRow], ...]] = (
    ColumnSpec("Request ID", lambda r: r.id, lambda _r: "Click to open the request"),
    ColumnSpec("Status", lambda r: r.status.label),
    ColumnSpec("Product", lambda r: f"{r.product_name} ({r.product_id})"),
    ColumnSpec("Vendor", lambda r: f"{r.vendor_name} ({r.vendor_id})"),
    ColumnSpec(
        "Created", lambda r: local_time(r.created_at), lambda r: full_local_time(r.created_at)
    ),
    ColumnSpec("Decided by", lambda r: r.decided_by or NONE_TEXT),
    ColumnSpec(
        "Decided at",
        lambda r: local_time(r.decided_at) if r.decided_at else NONE_TEXT,
        lambda r: full_local_time(r.decided_at) if r.decided_at else None,
    ),
)


def account_requests_tab(
    services: Services, account_id: str, reader: BackgroundReader | None = None
) -> ListingTab[RequestRow]:
    """The tab: every status, newest first; one click on a request ID opens it.

    With the window's ``reader`` the requests are read on its thread.
    """
    query = RequestQuery(account_id=account_id)

    def recipe(over: Services) -> Listing[RequestRow]:  # the window's or the reading thread's
        return over.requests.listing(query)

    tab: ListingTab[RequestRow] = ListingTab(
        "tier_account_requests_table",
        partial(recipe, services),
        COLUMNS,
        lambda row: row.id,
        ("tier account request", "tier account requests"),
        recipe=recipe,
        reader=reader,
    )
    tab.setToolTip(TOOLTIP)

    def clicked(index: QModelIndex) -> None:
        # "Click on a tier account request ID": the ID column opens with one click
        request_id = index.data(IdRole)
        if index.column() == 0 and request_id:
            tab.item_activated.emit(str(request_id))

    tab.table.clicked.connect(clicked)
    return tab
