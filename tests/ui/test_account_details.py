"""The Tier Account Details screen: header, links, tabs loaded lazily, Edit and Delete."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
)

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType
from desktop_app.services.directory import DirectoryService
from desktop_app.services.listing import Listing
from desktop_app.ui.details.account_details_view import (
    DIRECT_RESELLER_TEXT,
    AccountDetailsView,
    Tab,
)
from desktop_app.ui.details.listing_tab import ListingTab
from desktop_app.ui.dialogs.confirm_dialog import ConfirmDialog
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.labels import local_time
from desktop_app.ui.models.listing_table_model import IdRole
from tests.support.world import (
    API_HUB,
    OA_HUB,
    SYNC_PRODUCT,
    VENDOR,
    World,
    draft,
    dump,
    open_world,
)

TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")

# For each list tab: its table's object name, the service method behind it and the headers.
LIST_TABS: dict[Tab, tuple[str, str, list[str]]] = {
    Tab.CHILD_ACCOUNTS: (
        "children_table",
        "children",
        ["ID", "Name", "Type", "Country", "City", "Created"],
    ),
    Tab.REQUESTS: (
        "requests_table",
        "fulfillment_requests",
        ["ID", "Subscription", "Product", "Type", "Status", "Created"],
    ),
    Tab.SUBSCRIPTIONS: (
        "subscriptions_table",
        "subscriptions",
        ["ID", "Product", "Status", "Customer", "Tier 1", "Tier 2", "Marketplace", "Created"],
    ),
    Tab.TIER_CONFIG_REQUESTS: (
        "tier_config_requests_table",
        "tier_config_requests",
        ["ID", "Tier config", "Product", "Type", "Status", "Created"],
    ),
    Tab.TIER_CONFIGS: (
        "tier_configs_table",
        "tier_configs",
        ["ID", "Name", "Product", "Tier level", "Status", "Created"],
    ),
}


# fixtures and helpers


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A demo workspace of 300 accounts, shared by the tests that only read."""
    world = open_world(tmp_path_factory.mktemp("seeded") / "workspace.sqlite")
    seed_workspace(world.store, 300, random_seed=1)
    yield world
    world.store.close()


def busy_reseller(world: World) -> str:
    """A live reseller under another one with rows in every list tab."""
    rows = world.store.db.execute_sql(
        "SELECT t.id FROM tier_account t WHERE t.type = 'reseller' AND t.parent_id IS NOT NULL"
        " AND t.decommissioned_at IS NULL"
        " AND EXISTS (SELECT 1 FROM tier_account c WHERE c.parent_id = t.id"
        "             AND c.decommissioned_at IS NULL)"
        " AND EXISTS (SELECT 1 FROM tier_config_request r JOIN tier_config c"
        "             ON c.id = r.config_id WHERE c.account_id = t.id)"
        " ORDER BY t.id"
    ).fetchall()
    directory = world.services.directory
    for (account_id,) in rows:
        if directory.fulfillment_requests(account_id).count():
            return str(account_id)
    raise AssertionError("the demo data has no reseller with rows in every tab")


def make_view(qtbot, services, account_id: str) -> AccountDetailsView:
    view = AccountDetailsView(services, account_id)
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


def error_box(view: AccountDetailsView) -> QMessageBox | None:
    return view.findChild(QMessageBox, ERROR_BOX_NAME)


def reseller_with_customer(world: World) -> tuple[str, str]:
    accounts = world.services.accounts
    reseller = accounts.create(draft(name="Northwind Resellers", hub_id=API_HUB.id)).account
    customer = accounts.create(
        draft(
            type=AccountType.CUSTOMER,
            parent_id=reseller.id,
            name="Contoso <Cloud> & Co",
            email="it@contoso.example",
            tax_id="",
        )
    ).account
    return reseller.id, customer.id


def table_ids(table: QTableView) -> list[str]:
    model = table.model()
    return [model.index(row, 0).data(IdRole) for row in range(model.rowCount())]


@dataclass
class CountingDirectory:
    """Wraps the directory service and records, per method, each count and page asked for."""

    inner: DirectoryService
    calls: list[tuple[str, str]] = field(default_factory=list)

    def __getattr__(self, name: str) -> Callable[..., Listing[Any]]:
        method = getattr(self.inner, name)

        def wrapped(*args: Any, **kwargs: Any) -> Listing[Any]:
            listing = method(*args, **kwargs)

            def count() -> int:
                self.calls.append((name, "count"))
                return listing.count()

            def fetch(offset: int, limit: int) -> Sequence[Any]:
                self.calls.append((name, "fetch"))
                return listing.fetch(offset, limit)

            return Listing(count=count, fetch=fetch)

        return wrapped

    def asked(self) -> set[str]:
        return {name for name, _ in self.calls}


# header


def test_header_shows_a_customer_under_a_reseller(qtbot, world):
    reseller_id, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)

    assert view.account_id == customer_id
    assert view.title() == "Contoso <Cloud> & Co"
    assert view.findChild(QLabel, "name_label").text() == "Contoso <Cloud> & Co"
    id_label = view.findChild(QLabel, "id_label")
    assert id_label.text() == customer_id
    assert id_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert view.type_label.text() == "Customer"
    assert plain(view.findChild(QLabel, "parent_link")) == f"Northwind Resellers ({reseller_id})"
    assert view.hub_label.text() == f"{API_HUB.name} ({API_HUB.id})"
    assert view.owner_label.text() == f"{VENDOR.name} ({VENDOR.id})"
    assert plain(view.findChild(QLabel, "sync_label")) == "Up to date"
    assert view.deleted_banner.isHidden()
    assert view.read_only_label.isHidden()
    assert view.edit_button.isEnabled() and view.delete_action.isEnabled()


def test_direct_reseller_has_no_parent_link(qtbot, world):
    reseller_id, _ = reseller_with_customer(world)
    view = make_view(qtbot, world.services, reseller_id)

    assert view.parent_link.text() == DIRECT_RESELLER_TEXT == "None (direct reseller)"
    assert view.type_label.text() == "Reseller"


def test_parent_link_asks_for_the_parent(qtbot, world):
    reseller_id, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)
    view.show()
    qtbot.waitExposed(view)

    with qtbot.waitSignal(view.account_requested) as blocker:
        click_link(qtbot, view.parent_link)
    assert blocker.args == [reseller_id]


def test_sync_state_awaits_approval_after_an_edit_of_a_synced_account(qtbot, world):
    reseller_id, customer_id = reseller_with_customer(world)
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, customer_id, reseller_id)
    view = make_view(qtbot, world.services, customer_id)
    assert plain(view.sync_label) == "Up to date"

    world.services.accounts.update(
        customer_id,
        draft(
            type=AccountType.CUSTOMER,
            parent_id=reseller_id,
            name="Contoso <Cloud> & Co",
            email="it@contoso.example",
            city="Hamburg",
        ),
    )
    view.refresh()
    assert plain(view.sync_label) == "Awaiting approval, 1 pending"
    assert view.values["version"].text() == "2"
    assert view.values["city"].text() == "Hamburg"

    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.requests_requested) as blocker:
        click_link(qtbot, view.sync_label)
    assert blocker.args == [customer_id]


def test_deleted_account_shows_a_banner_and_cannot_be_edited(qtbot, world):
    _, customer_id = reseller_with_customer(world)
    world.services.accounts.delete(customer_id)
    view = make_view(qtbot, world.services, customer_id)

    deleted = world.services.accounts.get(customer_id).decommissioned
    assert not view.deleted_banner.isHidden()
    assert view.deleted_banner.text().startswith(f"Deleted on {local_time(deleted.at)}")
    assert "cannot be restored" in view.deleted_banner.text()
    assert not view.edit_button.isEnabled()
    assert not view.delete_action.isEnabled()
    assert view.values["deleted"].text().startswith(local_time(deleted.at))
    assert view.details_form.isRowVisible(view.values["deleted"])


# tabs


def test_tabs_have_the_titles_users_know(qtbot, world):
    _, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)
    tabs = view.findChild(QTabWidget, "details_tabs")

    titles = [tabs.tabText(i) for i in range(tabs.count())]
    expected = [
        "Account Data",
        "Child Accounts",
        "Requests",
        "Tier Account Requests",
        "Subscriptions",
        "Tier Config Requests",
        "Tier Configs",
        "Details",
        "History",
    ]
    assert len(titles) == len(expected)
    assert all(title.startswith(base) for title, base in zip(titles, expected, strict=True))
    assert tabs.currentIndex() == Tab.ACCOUNT_DATA
    assert tabs.widget(Tab.DETAILS).objectName() == "details_page"


def test_account_data_tab_shows_general_address_and_contact(qtbot, world):
    _, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)
    account = world.services.accounts.get(customer_id)

    expected = {
        "name": "Contoso <Cloud> & Co",
        "account_id": customer_id,
        "external_id": "100200",
        "external_uid": account.data.external_uid,
        "tax_id": "—",
        "country": "Germany (DE)",
        "state": "Berlin",
        "city": "Berlin",
        "postal_code": "10117",
        "address_line1": "Friedrichstraße 10",
        "address_line2": "—",
        "first_name": "Anna",
        "last_name": "Müller",
        "email": "it@contoso.example",
        "phone": "+49 30 1234567",
    }
    for name, text in expected.items():
        label = view.findChild(QLabel, f"{name}_value")
        assert label is view.values[name]
        assert label.text() == text, name
        assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    groups = ("general_group", "address_group", "technical_contact_group")
    titles = [view.findChild(QGroupBox, name).title() for name in groups]
    assert titles == ["General", "Address", "Technical Contact"]


def test_details_tab_shows_when_and_by_whom(qtbot, world):
    _, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)
    account = world.services.accounts.get(customer_id)
    user = world.services.workspace.ensure_user()

    created = view.values["created"].text()
    assert created == f"{local_time(account.created.at)} by {user.name} ({user.id})"
    assert TIME.match(created.split(" by ")[0])
    assert view.values["updated"].text() == created
    assert view.values["version"].text() == "1"
    assert view.values["owner"].text() == f"{VENDOR.name} ({VENDOR.id})"
    assert view.values["environment"].text() == "—"
    assert not view.details_form.isRowVisible(view.values["deleted"])


@pytest.mark.parametrize("tab", list(LIST_TABS))
def test_each_list_tab_shows_the_service_listing(qtbot, seeded, tab):
    account_id = busy_reseller(seeded)
    view = make_view(qtbot, seeded.services, account_id)
    table_name, method, headers = LIST_TABS[tab]
    listing = getattr(seeded.services.directory, method)(account_id)
    expected = listing.all()
    assert expected, "the demo account has rows in this tab"

    view.show_tab(tab)
    table = view.findChild(QTableView, table_name)
    model = table.model()
    assert model is not None
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(headers))] == (
        headers
    )
    assert model.columnCount() == len(headers)
    assert table_ids(table) == [row.id for row in expected]
    assert [model.item(r) for r in range(model.rowCount())] == expected
    created = [model.index(r, len(headers) - 1).data() for r in range(model.rowCount())]
    assert created == [local_time(row.created_at) for row in expected]
    assert all(TIME.match(text) for text in created)
    assert sorted(created, reverse=True) == created, "newest first, as the service returns"
    page = table.parentWidget().parentWidget()
    assert isinstance(page, ListingTab)
    assert not page.is_showing_placeholder()
    assert page.count_label.text().startswith(f"{len(expected)} ")


def test_list_tab_texts_follow_the_objects(qtbot, seeded):
    account_id = busy_reseller(seeded)
    view = make_view(qtbot, seeded.services, account_id)
    directory = seeded.services.directory

    view.show_tab(Tab.SUBSCRIPTIONS)
    subscription = directory.subscriptions(account_id).fetch(0, 1)[0]
    row = [view.subscriptions_table.model().index(0, c).data() for c in range(7)]
    assert row == [
        subscription.id,
        subscription.product_name,
        subscription.status.value.capitalize(),
        subscription.customer_id,
        subscription.tier1_id,
        subscription.tier2_id or "—",
        subscription.marketplace_id,
    ]
    assert account_id in (subscription.tier1_id, subscription.tier2_id)

    view.show_tab(Tab.CHILD_ACCOUNTS)
    child = directory.children(account_id).fetch(0, 1)[0]
    model = view.children_table.model()
    assert [model.index(0, c).data() for c in range(5)] == [
        child.id,
        child.name,
        child.type.label,
        child.country,
        child.city,
    ]


@pytest.fixture
def keep_alive():
    """Holds widgets until after the model tester's own teardown has disconnected."""
    kept: list[object] = []
    yield kept
    kept.clear()


@pytest.mark.parametrize("tab", list(LIST_TABS))
def test_model_tester_on_each_tab(keep_alive, qtbot, qtmodeltester, seeded, tab):
    view = make_view(qtbot, seeded.services, busy_reseller(seeded))
    keep_alive.append(view)
    view.show_tab(tab)
    model = view.findChild(QTableView, LIST_TABS[tab][0]).model()
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_empty_tab_shows_a_placeholder(qtbot, world):
    _, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)

    view.show_tab(Tab.CHILD_ACCOUNTS)
    assert view.children_tab.is_showing_placeholder()
    assert view.children_tab.placeholder_text == "No child accounts."
    for tab in view.listing_tabs()[1:]:
        view.details_tabs.setCurrentWidget(tab)
        assert tab.is_showing_placeholder()
        assert tab.placeholder_text.startswith("No ")


def test_tabs_query_their_listing_only_once_shown(qtbot, seeded):
    counting = CountingDirectory(seeded.services.directory)
    services = seeded.services.replacing(directory=counting)
    view = make_view(qtbot, services, busy_reseller(seeded))
    view.show()
    qtbot.waitExposed(view)
    assert counting.calls == [], "nothing is listed while the Account Data tab is shown"

    view.details_tabs.setCurrentIndex(Tab.CHILD_ACCOUNTS)
    qtbot.waitUntil(lambda: ("children", "fetch") in counting.calls)
    assert counting.asked() == {"children"}

    view.refresh()
    assert counting.asked() == {"children"}, "a refresh lists only the tabs already shown"
    assert counting.calls.count(("children", "count")) == 2

    view.details_tabs.setCurrentIndex(Tab.TIER_CONFIGS)
    assert counting.asked() == {"children", "tier_configs"}
    view.details_tabs.setCurrentIndex(Tab.CHILD_ACCOUNTS)
    assert counting.calls.count(("children", "count")) == 2, "a shown tab is not asked again"


def test_child_double_click_and_enter_open_the_child(qtbot, seeded):
    account_id = busy_reseller(seeded)
    view = make_view(qtbot, seeded.services, account_id)
    view.show()
    qtbot.waitExposed(view)
    view.show_tab(Tab.CHILD_ACCOUNTS)
    table = view.findChild(QTableView, "children_table")
    child_id = seeded.services.directory.children(account_id).fetch(0, 1)[0].id
    center = table.visualRect(table.model().index(0, 1)).center()

    with qtbot.waitSignal(view.account_requested) as blocker:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert blocker.args == [child_id]

    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    with qtbot.waitSignal(view.account_requested) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [child_id]


# edit


def test_edit_asks_to_edit_the_account(qtbot, world):
    _, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)
    button = view.findChild(QPushButton, "edit_button")
    assert button.text() == "Edit"

    with qtbot.waitSignal(view.edit_requested) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == [customer_id]


def test_account_on_a_commerce_hub_cannot_be_edited_and_says_why(qtbot, world):
    account = world.services.accounts.create(draft()).account
    with world.store.write():
        world.store.db.execute_sql(
            "UPDATE tier_account SET hub_id = ? WHERE id = ?", (OA_HUB.id, account.id)
        )
    view = make_view(qtbot, world.services, account.id)

    assert not view.edit_button.isEnabled()
    reason = view.findChild(QLabel, "read_only_label")
    assert reason.isVisibleTo(view)
    assert reason.text() == (
        "This account is on the CloudBlue Commerce hub Commerce hub (HB-8765-4321); "
        "it belongs to that system and cannot be changed here."
    )
    assert view.hub_label.text() == "Commerce hub (HB-8765-4321)"


# delete


def test_more_menu_holds_delete(qtbot, world):
    _, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)
    more = view.findChild(QToolButton, "more_button")

    assert more.text() == "⋮"
    assert more.menu().actions() == [view.delete_action]
    assert view.delete_action.objectName() == "delete_action"
    assert view.delete_action.text() == "Delete"


def test_delete_of_a_parent_is_refused_and_keeps_it(qtbot, world):
    reseller_id, _ = reseller_with_customer(world)
    view = make_view(qtbot, world.services, reseller_id)
    questions: list[str] = []
    view.confirm_delete = lambda text: questions.append(text) or True

    with qtbot.assertNotEmitted(view.deleted):
        view.delete_action.trigger()

    assert len(questions) == 1
    box = error_box(view)
    assert box is not None and box.isVisible()
    assert "1 child account" in box.text() and "Delete the child accounts first" in box.text()
    assert not world.services.accounts.get(reseller_id).is_decommissioned
    assert view.edit_button.isEnabled() and view.deleted_banner.isHidden()
    box.close()


def test_delete_of_a_leaf_after_confirmation(qtbot, world):
    _, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)
    questions: list[str] = []
    view.confirm_delete = lambda text: questions.append(text) or True

    with qtbot.waitSignal(view.deleted) as blocker:
        view.delete_action.trigger()

    assert blocker.args == [customer_id]
    assert customer_id in questions[0] and "cannot be restored" in questions[0]
    assert world.services.accounts.get(customer_id).is_decommissioned
    assert error_box(view) is None
    assert not view.deleted_banner.isHidden()
    assert not view.edit_button.isEnabled()


def test_cancel_in_the_confirmation_changes_nothing(qtbot, world):
    _, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)
    view.confirm_delete = lambda _text: False
    before = dump(world.store)

    with qtbot.assertNotEmitted(view.deleted):
        view.delete_action.trigger()

    assert dump(world.store) == before
    assert error_box(view) is None


def test_the_question_is_a_destructive_confirm_dialog(qtbot, world, monkeypatch):
    _, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, customer_id)
    asked: list[tuple[Any, ...]] = []

    def ask(parent, title, text, confirm_text="OK", *, destructive=False) -> bool:
        asked.append((parent, title, text, confirm_text, destructive))
        return False

    monkeypatch.setattr(ConfirmDialog, "ask", ask)
    view.delete_action.trigger()

    [(parent, title, text, confirm_text, destructive)] = asked
    assert parent is view and confirm_text == "Delete" and destructive
    assert "Delete" in title and "cannot be restored" in text
    assert not world.services.accounts.get(customer_id).is_decommissioned


# refresh


def test_refresh_of_a_vanished_account_shows_a_message(qtbot, world):
    account = world.services.accounts.create(draft(name="Vanishing Ltd")).account
    view = make_view(qtbot, world.services, account.id)
    assert view.title() == "Vanishing Ltd"

    with world.store.write():
        world.store.db.execute_sql(
            "DELETE FROM tier_account_version WHERE account_id = ?", (account.id,)
        )
        world.store.db.execute_sql("DELETE FROM tier_account WHERE id = ?", (account.id,))
    view.refresh()

    assert view.is_showing_missing()
    assert view.missing_label.text() == f"The tier account {account.id} no longer exists."
    assert view.title() == account.id
    assert view.summary is None


def test_unknown_account_opens_with_the_message(qtbot, world):
    view = make_view(qtbot, world.services, "TA-0000-0000-0000")
    assert view.is_showing_missing()
    view.delete_action.trigger()  # nothing to delete: no question, no error
    assert error_box(view) is None


def test_refresh_reads_changes_into_shown_tabs(qtbot, world):
    reseller_id, customer_id = reseller_with_customer(world)
    view = make_view(qtbot, world.services, reseller_id)
    view.show_tab(Tab.CHILD_ACCOUNTS)
    assert table_ids(view.children_table) == [customer_id]

    other = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller_id, name="Second", email="s@x.de")
    ).account
    view.refresh()
    assert table_ids(view.children_table) == [other.id, customer_id]
    assert view.children_tab.count_label.text() == "2 child accounts"
