"""The Tier Account Request Details screen: header, tabs, Accept, Ignore and their refusals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QLabel, QMessageBox, QPushButton, QTableView, QTabWidget

from desktop_app.domain.accounts import FIELD_LABELS, TierAccount
from desktop_app.domain.catalog import TierConfig
from desktop_app.domain.enums import AccountType, RequestStatus, TierConfigStatus
from desktop_app.domain.requests import UNSUPPORTED_REASON, TierAccountRequest
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.ui.details.columns import local_time
from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.dialogs.reason_dialog import ReasonDialog
from desktop_app.ui.models.listing_table_model import IdRole
from desktop_app.ui.requests.account_data_model import ChangedRole, Column, FieldRole
from desktop_app.ui.requests.request_details_view import RequestDetailsView, RequestTab
from tests.support.world import (
    API_HUB,
    NOSYNC_PRODUCT,
    OTHER_VENDOR,
    PROVIDER,
    SYNC_PRODUCT,
    VENDOR,
    World,
    draft,
    dump,
    open_world,
)

TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
CUSTOMER_NAME = "Contoso <Cloud> & Co"


@dataclass(frozen=True)
class Raised:
    """A customer under a reseller, edited once: one pending and one unsupported request."""

    reseller: TierAccount
    customer: TierAccount
    pending: TierAccountRequest
    unsupported: TierAccountRequest


def customer_draft(reseller_id: str, **changes: object):
    values: dict[str, object] = {
        "type": AccountType.CUSTOMER,
        "parent_id": reseller_id,
        "name": CUSTOMER_NAME,
        "external_id": "C-4711",
        "email": "it@contoso.example",
    }
    values.update(changes)
    return draft(**values)


@pytest.fixture
def raised(world: World) -> Raised:
    accounts = world.services.accounts
    reseller = accounts.create(draft(name="Northwind Resellers", hub_id=API_HUB.id)).account
    customer = accounts.create(customer_draft(reseller.id)).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, customer.id, reseller.id)
    world.subscribe("AS-0000-0000-0002", NOSYNC_PRODUCT, customer.id, reseller.id)
    result = accounts.update(customer.id, customer_draft(reseller.id, city="Hamburg"))
    by_status = {request.status: request for request in result.requests}
    return Raised(
        reseller,
        result.account,
        by_status[RequestStatus.PENDING],
        by_status[RequestStatus.UNSUPPORTED],
    )


@pytest.fixture
def keep_alive():
    """Holds widgets until after the model tester's own teardown has disconnected."""
    kept: list[object] = []
    yield kept
    kept.clear()


def make_view(qtbot, world: World, request_id: str) -> RequestDetailsView:
    view = RequestDetailsView(world.services, request_id)
    qtbot.addWidget(view)
    view.resize(1200, 750)
    return view


def plain(label: QLabel) -> str:
    """A label's text as people read it (links and entities resolved)."""
    if label.textFormat() == Qt.TextFormat.PlainText:
        return label.text()
    return QTextDocumentFragment.fromHtml(label.text()).toPlainText()


def click_link(qtbot, label: QLabel) -> None:
    """Click a one-link label on its text."""
    metrics = label.fontMetrics()
    x = label.contentsRect().left() + metrics.horizontalAdvance(plain(label)[:3])
    y = label.contentsRect().center().y()
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(x, y))


def error_box(view: RequestDetailsView) -> QMessageBox | None:
    """The open error box (a closed one lingers until the event loop deletes it)."""
    boxes = [b for b in view.findChildren(QMessageBox, ERROR_BOX_NAME) if b.isVisible()]
    assert len(boxes) <= 1
    return boxes[0] if boxes else None


def take_error(view: RequestDetailsView) -> str:
    """The text of the open error box, which is then closed."""
    box = error_box(view)
    assert box is not None
    text = box.text()
    box.close()
    return text


def status_of(world: World, request_id: str) -> RequestStatus:
    return world.services.requests.get(request_id).status


def table_ids(table: QTableView) -> list[str]:
    model = table.model()
    return [model.index(row, 0).data(IdRole) for row in range(model.rowCount())]


def add_tier_configs(world: World, raised: Raised) -> None:
    """Configs of the customer for both products, and one of the reseller."""
    created = world.clock.now
    configs = [
        TierConfig(
            "TC-000-000-001",
            f"Configuration of {raised.customer.id}",
            raised.customer.id,
            SYNC_PRODUCT.id,
            1,
            TierConfigStatus.ACTIVE,
            created,
        ),
        TierConfig(
            "TC-000-000-002",
            f"Configuration of {raised.customer.id}",
            raised.customer.id,
            NOSYNC_PRODUCT.id,
            1,
            TierConfigStatus.ACTIVE,
            created + timedelta(minutes=1),
        ),
        TierConfig(
            "TC-000-000-003",
            f"Configuration of {raised.reseller.id}",
            raised.reseller.id,
            SYNC_PRODUCT.id,
            2,
            TierConfigStatus.PROCESSING,
            created + timedelta(minutes=2),
        ),
    ]
    with world.store.write():
        BulkWriter(world.store.db).tier_configs(configs)


def assert_no_actions(view: RequestDetailsView) -> None:
    assert not view.accept_button.isEnabled()
    assert not view.ignore_button.isEnabled()


# header


def test_header_of_a_pending_request(qtbot, world, raised):
    pending = raised.pending
    view = make_view(qtbot, world, pending.id)

    assert view.request_id == pending.id
    assert view.title() == pending.id
    assert view.findChild(QLabel, "request_id_label").text() == pending.id
    assert view.findChild(QLabel, "status_label").text() == "Pending"
    account_link = view.findChild(QLabel, "account_link")
    assert plain(account_link) == f"{CUSTOMER_NAME} ({raised.customer.id})"
    product_link = view.findChild(QLabel, "product_link")
    assert plain(product_link) == f"{SYNC_PRODUCT.name} ({SYNC_PRODUCT.id})"
    assert view.findChild(QLabel, "vendor_label").text() == f"{VENDOR.name} ({VENDOR.id})"
    assert view.findChild(QLabel, "provider_label").text() == f"{PROVIDER.name} ({PROVIDER.id})"
    assert view.version_label.text() == "2"
    assert view.type_label.text() == "Update"

    accept = view.findChild(QPushButton, "accept_button")
    ignore = view.findChild(QPushButton, "ignore_button")
    assert (accept.text(), ignore.text()) == ("Accept", "Ignore")
    assert accept.isEnabled() and ignore.isEnabled()
    assert view.findChild(QLabel, "decision_label").isHidden()
    assert view.findChild(QFrame, "unsupported_notice").isHidden()
    assert not view.is_showing_missing()


def test_status_colours_differ(qtbot, world, raised):
    pending = make_view(qtbot, world, raised.pending.id)
    unsupported = make_view(qtbot, world, raised.unsupported.id)
    assert pending.status_label.styleSheet()
    assert pending.status_label.styleSheet() != unsupported.status_label.styleSheet()


def test_links_ask_for_the_account_and_the_product(qtbot, world, raised):
    view = make_view(qtbot, world, raised.pending.id)
    view.show()
    qtbot.waitExposed(view)

    with qtbot.waitSignal(view.account_requested) as blocker:
        click_link(qtbot, view.account_link)
    assert blocker.args == [raised.customer.id]
    with qtbot.waitSignal(view.product_requested) as blocker:
        click_link(qtbot, view.product_link)
    assert blocker.args == [SYNC_PRODUCT.id]


def test_unknown_request_shows_a_message(qtbot, world):
    view = make_view(qtbot, world, "TAR-0000-0000-0000-002-001")
    assert view.is_showing_missing()
    assert view.missing_label.text() == (
        "The tier account request TAR-0000-0000-0000-002-001 no longer exists."
    )
    assert view.title() == "TAR-0000-0000-0000-002-001"
    assert view.details is None


# tabs


def test_tabs_have_the_titles_users_know(qtbot, world, raised):
    view = make_view(qtbot, world, raised.pending.id)
    tabs = view.findChild(QTabWidget, "request_tabs")

    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles == ["Account Data", "Details", "Subscriptions", "Tier Configuration"]
    assert tabs.currentIndex() == RequestTab.ACCOUNT_DATA
    assert tabs.widget(RequestTab.DETAILS).objectName() == "details_page"


def test_account_data_marks_the_changed_city(qtbot, world, raised):
    view = make_view(qtbot, world, raised.pending.id)
    table = view.findChild(QTableView, "account_data_table")
    model = table.model()

    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Field", "Previous", "Requested"]
    fields = [model.index(r, 0).data(FieldRole) for r in range(model.rowCount())]
    assert fields == list(FIELD_LABELS)
    assert model.changed_fields() == ["city"]

    city = fields.index("city")
    cells = [model.index(city, c).data() for c in Column]
    assert cells == ["● City", "Berlin", "Hamburg"]
    for column in Column:
        index = model.index(city, column)
        assert index.data(ChangedRole) is True
        assert index.data(Qt.ItemDataRole.FontRole).bold()
        assert index.data(Qt.ItemDataRole.BackgroundRole) is not None

    name = fields.index("name")
    assert [model.index(name, c).data() for c in Column] == [
        "Organization name",
        CUSTOMER_NAME,
        CUSTOMER_NAME,
    ]
    for row in range(model.rowCount()):
        if row == city:
            continue
        index = model.index(row, Column.REQUESTED)
        assert index.data(ChangedRole) is False
        assert index.data(Qt.ItemDataRole.FontRole) is None
        assert index.data(Qt.ItemDataRole.BackgroundRole) is None
        assert not index.siblingAtColumn(Column.FIELD).data().startswith("●")

    parent = fields.index("parent_id")
    assert model.index(parent, Column.REQUESTED).data() == (
        f"Northwind Resellers ({raised.reseller.id})"
    )
    assert model.index(fields.index("country"), Column.PREVIOUS).data() == "Germany (DE)"
    assert model.index(fields.index("tax_id"), Column.PREVIOUS).data() == "—"
    assert view.changes_label.text() == "● 1 field changed compared with version 1."


def test_model_tester_on_the_account_data(keep_alive, qtbot, qtmodeltester, world, raised):
    view = make_view(qtbot, world, raised.pending.id)
    keep_alive.append(view)
    qtmodeltester.check(view.account_data_table.model(), force_py=True)


def test_details_tab_of_a_pending_request(qtbot, world, raised):
    pending = raised.pending
    view = make_view(qtbot, world, pending.id)
    user = world.services.workspace.ensure_user()
    page = view.findChild(QLabel, "hub_value").parentWidget()
    assert page.objectName() == "details_page"

    assert view.findChild(QLabel, "hub_value").text() == f"{API_HUB.name} ({API_HUB.id})"
    assert view.findChild(QLabel, "external_id_value").text() == "C-4711"
    created = view.findChild(QLabel, "created_value").text()
    assert created == f"{local_time(pending.created.at)} by {user.name} ({user.id})"
    assert TIME.match(created.split(" by ")[0])
    assert view.findChild(QLabel, "updated_value").text() == created
    assert not view.details_form.isRowVisible(view.findChild(QLabel, "reason_value"))


def test_lists_load_only_once_shown(qtbot, world, raised):
    view = make_view(qtbot, world, raised.pending.id)
    assert not view.subscriptions_tab.is_loaded
    assert not view.tier_configs_tab.is_loaded

    view.refresh()
    assert not view.subscriptions_tab.is_loaded, "a refresh does not load a hidden tab"
    view.show_tab(RequestTab.SUBSCRIPTIONS)
    assert view.subscriptions_tab.is_loaded
    assert not view.tier_configs_tab.is_loaded


def test_subscriptions_tab_shows_the_accounts_subscriptions_of_the_product(qtbot, world, raised):
    world.subscribe("AS-0000-0000-0003", SYNC_PRODUCT, raised.customer.id, raised.reseller.id)
    other = world.services.accounts.create(
        customer_draft(raised.reseller.id, name="Someone Else", external_id="X")
    ).account
    world.subscribe("AS-0000-0000-0004", SYNC_PRODUCT, other.id, raised.reseller.id)
    view = make_view(qtbot, world, raised.pending.id)
    expected = world.services.directory.subscriptions(raised.customer.id, SYNC_PRODUCT.id).all()

    view.show_tab(RequestTab.SUBSCRIPTIONS)
    table = view.findChild(QTableView, "subscriptions_table")
    assert (
        table_ids(table)
        == [s.id for s in expected]
        == [
            "AS-0000-0000-0003",
            "AS-0000-0000-0001",
        ]
    )
    model = table.model()
    assert [model.item(r) for r in range(model.rowCount())] == expected
    assert model.index(0, 1).data() == SYNC_PRODUCT.name
    assert view.subscriptions_tab.count_label.text() == "2 subscriptions"


def test_tier_configuration_tab_shows_the_accounts_configs_of_the_product(qtbot, world, raised):
    add_tier_configs(world, raised)
    view = make_view(qtbot, world, raised.pending.id)
    expected = world.services.directory.tier_configs(raised.customer.id, SYNC_PRODUCT.id).all()

    view.show_tab(RequestTab.TIER_CONFIGURATION)
    table = view.findChild(QTableView, "tier_configs_table")
    assert table_ids(table) == [c.id for c in expected] == ["TC-000-000-001"]
    model = table.model()
    assert [model.item(r) for r in range(model.rowCount())] == expected
    assert view.tier_configs_tab.count_label.text() == "1 tier configuration"


def test_tier_configuration_tab_without_configs_shows_a_placeholder(qtbot, world, raised):
    view = make_view(qtbot, world, raised.pending.id)
    view.show_tab(RequestTab.TIER_CONFIGURATION)
    assert view.tier_configs_tab.is_showing_placeholder()
    assert view.tier_configs_tab.placeholder_text == "No tier configurations."


@pytest.mark.parametrize("tab", [RequestTab.SUBSCRIPTIONS, RequestTab.TIER_CONFIGURATION])
def test_model_tester_on_each_list_tab(keep_alive, qtbot, qtmodeltester, world, raised, tab):
    add_tier_configs(world, raised)
    view = make_view(qtbot, world, raised.pending.id)
    keep_alive.append(view)
    view.show_tab(tab)
    table = view.subscriptions_table if tab is RequestTab.SUBSCRIPTIONS else view.tier_configs_table
    model = table.model()
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


# accept


def test_accept_after_confirmation(qtbot, world, raised):
    pending = raised.pending
    view = make_view(qtbot, world, pending.id)
    view.show_tab(RequestTab.SUBSCRIPTIONS)
    asked: list[str] = []
    view.confirm_accept = lambda request_id: asked.append(request_id) or True

    with qtbot.waitSignal(view.request_changed) as blocker:
        qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)

    assert blocker.args == [pending.id]
    assert asked == [pending.id]
    assert status_of(world, pending.id) is RequestStatus.ACCEPTED
    assert view.status_label.text() == "Accepted"
    assert_no_actions(view)
    assert not view.decision_label.isHidden()
    assert view.decision_label.text() == "This request is already accepted."
    assert view.accept_button.toolTip() == "This request is already accepted."
    assert error_box(view) is None
    assert view.subscriptions_tab.is_loaded


def test_declined_confirmation_changes_nothing(qtbot, world, raised):
    view = make_view(qtbot, world, raised.pending.id)
    view.confirm_accept = lambda _request_id: False
    before = dump(world.store)

    with qtbot.assertNotEmitted(view.request_changed):
        qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)

    assert dump(world.store) == before
    assert view.status_label.text() == "Pending"
    assert view.accept_button.isEnabled()
    assert error_box(view) is None


def test_the_accept_question_is_an_ok_confirmation(qtbot, world, raised, monkeypatch):
    view = make_view(qtbot, world, raised.pending.id)
    asked: list[tuple[Any, ...]] = []

    def ask(parent, title, text, confirm_text="OK", *, destructive=False) -> bool:
        asked.append((parent, title, text, confirm_text, destructive))
        return False

    monkeypatch.setattr(ConfirmDialog, "ask", ask)
    view.accept_button.click()

    [(parent, title, text, confirm_text, destructive)] = asked
    assert parent is view and title == "Accept request"
    assert confirm_text == "OK" and not destructive
    assert text.startswith(f"Accept tier account request {raised.pending.id}?")
    assert status_of(world, raised.pending.id) is RequestStatus.PENDING


def test_accept_of_a_request_ignored_meanwhile_elsewhere(qtbot, world, raised):
    pending = raised.pending
    view = make_view(qtbot, world, pending.id)
    view.confirm_accept = lambda _request_id: True
    other = open_world(world.path, seed_catalog=False)
    try:
        other.services.requests.ignore(pending.id, "Done in the other window")
    finally:
        other.store.close()
    assert view.accept_button.isEnabled(), "the view has not looked again yet"

    with qtbot.assertNotEmitted(view.request_changed):
        qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)

    assert "was already ignored by" in take_error(view)
    assert status_of(world, pending.id) is RequestStatus.IGNORED
    assert view.status_label.text() == "Ignored"
    assert view.reason_value.text() == "Done in the other window"
    assert_no_actions(view)
    assert view.decision_label.text() == "This request is already ignored."


# ignore


def test_ignore_with_a_reason(qtbot, world, raised):
    pending = raised.pending
    view = make_view(qtbot, world, pending.id)
    asked: list[str] = []
    view.ask_reason = lambda request_id: asked.append(request_id) or "Wrong city"

    with qtbot.waitSignal(view.request_changed) as blocker:
        qtbot.mouseClick(view.ignore_button, Qt.MouseButton.LeftButton)

    assert blocker.args == [pending.id]
    assert asked == [pending.id]
    stored = world.services.requests.get(pending.id)
    assert (stored.status, stored.reason) == (RequestStatus.IGNORED, "Wrong city")
    assert view.status_label.text() == "Ignored"
    assert view.details_form.isRowVisible(view.reason_value)
    assert view.findChild(QLabel, "reason_value").text() == "Wrong city"
    assert_no_actions(view)
    assert view.decision_label.text() == "This request is already ignored."
    assert error_box(view) is None


def test_cancelled_reason_changes_nothing(qtbot, world, raised):
    view = make_view(qtbot, world, raised.pending.id)
    view.ask_reason = lambda _request_id: None
    before = dump(world.store)

    with qtbot.assertNotEmitted(view.request_changed):
        qtbot.mouseClick(view.ignore_button, Qt.MouseButton.LeftButton)

    assert dump(world.store) == before
    assert view.status_label.text() == "Pending"
    assert error_box(view) is None


def test_invalid_reason_is_refused_with_an_error_box(qtbot, world, raised):
    view = make_view(qtbot, world, raised.pending.id)
    view.ask_reason = lambda _request_id: "   "
    before = dump(world.store)

    with qtbot.assertNotEmitted(view.request_changed):
        view.ignore_button.click()

    assert "Enter the reason" in take_error(view)
    assert dump(world.store) == before
    assert view.ignore_button.isEnabled()


def test_the_reason_is_asked_with_the_reason_dialog(qtbot, world, raised, monkeypatch):
    view = make_view(qtbot, world, raised.pending.id)
    asked: list[tuple[Any, str]] = []
    monkeypatch.setattr(
        ReasonDialog, "ask", classmethod(lambda _cls, parent, rid: asked.append((parent, rid)))
    )
    view.ignore_button.click()

    assert asked == [(view, raised.pending.id)]
    assert status_of(world, raised.pending.id) is RequestStatus.PENDING


# who may decide


@pytest.mark.parametrize(
    ("operator", "why", "refusal"),
    [
        (
            PROVIDER,
            "Only vendors accept or ignore requests; you act as a provider.",
            "Only vendors can",
        ),
        (
            OTHER_VENDOR,
            f"Only the product's vendor ({VENDOR.id}) decides it.",
            f"Only the product's vendor ({VENDOR.id}) can",
        ),
    ],
)
def test_others_than_the_vendor_get_no_action(qtbot, world, raised, operator, why, refusal):
    pending = raised.pending
    world.act_as(operator)
    view = make_view(qtbot, world, pending.id)

    assert_no_actions(view)
    assert not view.decision_label.isHidden()
    assert view.decision_label.text() == why
    assert view.ignore_button.toolTip() == why

    # The service refuses even when the buttons are bypassed.
    view.confirm_accept = lambda _request_id: True
    view.ask_reason = lambda _request_id: "Wrong city"
    before = dump(world.store)
    with qtbot.assertNotEmitted(view.request_changed):
        view._on_accept_button_clicked()
        assert refusal in take_error(view)
        view._on_ignore_button_clicked()
        assert refusal in take_error(view)
    assert dump(world.store) == before
    assert view.status_label.text() == "Pending"


# unsupported


def test_unsupported_request_explains_and_offers_the_product(qtbot, world, raised):
    unsupported = raised.unsupported
    view = make_view(qtbot, world, unsupported.id)

    assert view.status_label.text() == "Unsupported"
    notice = view.findChild(QFrame, "unsupported_notice")
    assert not notice.isHidden()
    text = plain(view.unsupported_text)
    assert "Tier Accounts Sync" in text and "ignored automatically" in text
    assert "Capabilities" in text and "General" in text
    assert NOSYNC_PRODUCT.id in text
    assert_no_actions(view)
    assert view.decision_label.isHidden(), "the notice says it instead"
    assert view.details_form.isRowVisible(view.reason_value)
    assert view.reason_value.text() == UNSUPPORTED_REASON
    assert plain(view.product_link) == f"{NOSYNC_PRODUCT.name} ({NOSYNC_PRODUCT.id})"

    button = view.findChild(QPushButton, "open_product_button")
    assert button.text() == "Open product"
    with qtbot.waitSignal(view.product_requested) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == [NOSYNC_PRODUCT.id]


def test_unsupported_request_cannot_be_accepted_even_directly(qtbot, world, raised):
    view = make_view(qtbot, world, raised.unsupported.id)
    view.confirm_accept = lambda _request_id: True

    with qtbot.assertNotEmitted(view.request_changed):
        view._on_accept_button_clicked()

    assert "unsupported" in take_error(view)
    assert status_of(world, raised.unsupported.id) is RequestStatus.UNSUPPORTED
    assert view.status_label.text() == "Unsupported"
