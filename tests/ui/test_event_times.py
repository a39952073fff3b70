"""Who and when (Connect's events.created and events.updated) where a user looks for them."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from desktop_app.ui.details.account_details_view import AccountDetailsView
from desktop_app.ui.requests.request_details_view import RequestDetailsView
from tests.support.world import SYNC_PRODUCT, World
from tests.ui.test_history_tab import edited


@pytest.fixture
def kolkata(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's time zone is UTC+05:30 (the world's clock starts at 09:00 UTC)."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def accepted_request(world: World) -> str:
    account_id = edited(world)
    raised = world.services.history.history(account_id).entry(2).requests
    request_id = next(r.id for r in raised if r.product_id == SYNC_PRODUCT.id)
    world.services.requests.accept(request_id)
    return request_id


def test_the_request_header_says_who_raised_and_who_decided_it_in_local_time(qtbot, world, kolkata):
    request_id = accepted_request(world)
    request = world.services.requests.get(request_id)
    user = world.services.workspace.ensure_user()
    view = RequestDetailsView(world.services, request_id)
    qtbot.addWidget(view)

    created = request.created.at.astimezone()
    assert created.utcoffset().total_seconds() == 5.5 * 3600
    assert view.created_label.text() == f"{created:%Y-%m-%d %H:%M} by {user.name} ({user.id})"
    assert view.created_label.text().startswith("2026-01-01 14:30 ")  # 09:00 UTC, local
    assert view.created_label.toolTip() == f"{created:%Y-%m-%d %H:%M:%S} IST"
    updated = request.updated.at.astimezone()
    assert updated > created
    assert view.updated_label.text() == f"{updated:%Y-%m-%d %H:%M} by {user.name} ({user.id})"
    assert view.updated_label.toolTip() == f"{updated:%Y-%m-%d %H:%M:%S} IST"


def test_the_account_details_tab_says_who_created_and_last_changed_it(qtbot, world, kolkata):
    account_id = edited(world)
    account = world.services.accounts.get(account_id)
    view = AccountDetailsView(world.services, account_id)
    qtbot.addWidget(view)

    updated = account.updated.at.astimezone()
    assert view.values["updated"].text().startswith(f"{updated:%Y-%m-%d %H:%M} by ")
    assert view.values["updated"].toolTip() == f"{updated:%Y-%m-%d %H:%M:%S} IST"
    assert view.values["created"].text().startswith("2026-01-01 14:30 ")
