"""The product screens: the profile with its capability switches, and the list of products."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QMessageBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop_app.domain.enums import RequestStatus, ResellerAuthorizationLevel
from desktop_app.domain.errors import PermissionDeniedError
from desktop_app.ui.dialogs.error_dialog import ERROR_BOX_NAME
from desktop_app.ui.models.listing_table_model import IdRole
from desktop_app.ui.products.product_view import ProductTab, ProductView
from desktop_app.ui.products.products_view import ProductsView
from desktop_app.ui.products.texts import SYNC_EXPLANATION
from tests.support.world import (
    NOSYNC_PRODUCT,
    OTHER_PRODUCT,
    OTHER_VENDOR,
    PROVIDER,
    SYNC_PRODUCT,
    VENDOR,
    World,
    draft,
    dump,
)

HEADERS = ["ID", "Name", "Vendor", "Status", "Tier Accounts Sync", "Reseller authorization"]


# fixtures and helpers


@pytest.fixture
def keep_alive() -> Iterator[list[object]]:
    """Holds widgets until after the model tester's own teardown has disconnected."""
    kept: list[object] = []
    yield kept
    kept.clear()


@pytest.fixture
def calls(world: World, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every call of ``set_capabilities`` (passed on to the real service)."""
    recorded: list[dict[str, Any]] = []
    service = world.services.products
    real = service.set_capabilities

    def recording(product_id: str, **changes: Any) -> Any:
        recorded.append({"product_id": product_id, **changes})
        return real(product_id, **changes)

    monkeypatch.setattr(service, "set_capabilities", recording)
    return recorded


def make_view(qtbot, world: World, product_id: str = SYNC_PRODUCT.id) -> ProductView:
    view = ProductView(world.services, product_id)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    return view


def make_list(qtbot, world: World) -> ProductsView:
    view = ProductsView(world.services)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    return view


def switch_of(view: ProductView) -> QCheckBox:
    found = view.findChild(QCheckBox, "tier_accounts_sync_switch")
    assert found is not None
    return found


def combo_of(view: ProductView) -> QComboBox:
    found = view.findChild(QComboBox, "reseller_level_combo")
    assert found is not None
    return found


def note_of(view: ProductView) -> QLabel:
    found = view.findChild(QLabel, "capabilities_note")
    assert found is not None
    return found


def error_box(view: ProductView) -> QMessageBox | None:
    return view.findChild(QMessageBox, ERROR_BOX_NAME)


def click(qtbot, view: ProductView, widget: QCheckBox) -> None:
    view.show()
    qtbot.waitExposed(view)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def subscribed_reseller(world: World) -> str:
    reseller = world.services.accounts.create(draft(name="Northwind Resellers")).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, reseller.id)
    return reseller.id


def texts_of(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def headers_of(table: QTableView) -> list[str]:
    model = table.model()
    return [
        model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())
    ]


# the profile: header and Overview


def test_header_and_overview_show_the_product(qtbot, world):
    view = make_view(qtbot, world)

    assert view.product_id == SYNC_PRODUCT.id
    assert view.title() == "Cloud Mail"
    assert view.findChild(QLabel, "product_name_label").text() == "Cloud Mail"
    assert view.findChild(QLabel, "product_id_label").text() == SYNC_PRODUCT.id
    assert view.findChild(QLabel, "vendor_label").text() == "Acme Software (VA-111-111)"
    assert view.findChild(QLabel, "status_label").text() == "Published"

    tabs = view.findChild(QTabWidget, "product_tabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Overview", "Capabilities"]
    assert tabs.currentIndex() == ProductTab.OVERVIEW
    general = view.findChild(QWidget, "general_section")
    assert general.isAncestorOf(tabs)
    assert general.findChild(QLabel, "general_heading").text() == "General"
    overview = {name: label.text() for name, label in view.values.items()}
    assert overview == {
        "id": SYNC_PRODUCT.id,
        "name": "Cloud Mail",
        "vendor": "Acme Software (VA-111-111)",
        "status": "Published",
    }


def test_show_capabilities_selects_the_tab(qtbot, world):
    view = make_view(qtbot, world)
    tabs = view.findChild(QTabWidget, "product_tabs")

    view.show_capabilities()

    assert tabs.currentIndex() == ProductTab.CAPABILITIES
    assert tabs.tabText(tabs.currentIndex()) == "Capabilities"
    assert tabs.currentWidget().isAncestorOf(switch_of(view))


def test_capabilities_show_the_stored_values_with_the_explanation(qtbot, world):
    view = make_view(qtbot, world)
    switch = switch_of(view)

    assert switch.isCheckable() and switch.isChecked() and switch.text() == "On"
    assert switch.isEnabled() and combo_of(view).isEnabled()
    assert combo_of(view).currentText() == "Level 1"
    assert [combo_of(view).itemText(i) for i in range(3)] == ["None", "Level 1", "Level 2"]
    assert note_of(view).isHidden()
    explanation = view.findChild(QLabel, "tier_accounts_sync_explanation").text()
    assert explanation == SYNC_EXPLANATION
    assert "Switching affects only requests created afterwards" in explanation

    other = make_view(qtbot, world, NOSYNC_PRODUCT.id)
    assert not switch_of(other).isChecked() and switch_of(other).text() == "Off"
    assert combo_of(other).currentText() == "None"


def test_unknown_product_shows_a_message(qtbot, world):
    view = make_view(qtbot, world, "PRD-999-999-999")

    assert view.is_showing_missing() and view.product is None
    assert view.title() == "PRD-999-999-999"
    assert "PRD-999-999-999 no longer exists" in view.missing_label.text()


# the profile: switching capabilities


def test_switching_sync_off_decides_only_later_requests(qtbot, world, calls):
    account_id = subscribed_reseller(world)
    [earlier] = world.services.accounts.update(account_id, draft(city="Bonn")).requests
    assert earlier.status is RequestStatus.PENDING
    view = make_view(qtbot, world)
    view.show_capabilities()
    switch = switch_of(view)

    with qtbot.waitSignal(view.product_changed) as blocker:
        click(qtbot, view, switch)

    assert blocker.args == [SYNC_PRODUCT.id]
    assert calls == [{"product_id": SYNC_PRODUCT.id, "tier_accounts_sync": False}]
    assert not world.services.products.get(SYNC_PRODUCT.id).tier_accounts_sync
    assert not switch.isChecked() and switch.text() == "Off"
    assert error_box(view) is None

    [later] = world.services.accounts.update(account_id, draft(city="Köln")).requests
    assert later.status is RequestStatus.UNSUPPORTED
    assert world.services.requests.get(earlier.id).status is RequestStatus.PENDING


def test_switching_sync_on_by_keyboard(qtbot, world, calls):
    view = make_view(qtbot, world, NOSYNC_PRODUCT.id)
    view.show_capabilities()
    view.show()
    qtbot.waitExposed(view)
    switch = switch_of(view)
    switch.setFocus()

    with qtbot.waitSignal(view.product_changed):
        qtbot.keyClick(switch, Qt.Key.Key_Space)

    assert calls == [{"product_id": NOSYNC_PRODUCT.id, "tier_accounts_sync": True}]
    assert world.services.products.get(NOSYNC_PRODUCT.id).tier_accounts_sync
    assert switch.isChecked() and switch.text() == "On"


def test_reseller_level_combo_saves(qtbot, world, calls):
    view = make_view(qtbot, world)
    combo = combo_of(view)

    with qtbot.waitSignal(view.product_changed) as blocker:
        combo.setCurrentIndex(combo.findText("Level 2"))

    assert blocker.args == [SYNC_PRODUCT.id]
    assert calls == [
        {
            "product_id": SYNC_PRODUCT.id,
            "reseller_authorization_level": ResellerAuthorizationLevel.TWO,
        }
    ]
    product = world.services.products.get(SYNC_PRODUCT.id)
    assert product.reseller_authorization_level is ResellerAuthorizationLevel.TWO
    assert product.tier_accounts_sync  # the other capability is left alone
    assert combo.currentText() == "Level 2"


def test_refresh_shows_values_saved_elsewhere_without_saving(qtbot, world, calls):
    view = make_view(qtbot, world)
    world.services.products.set_capabilities(
        SYNC_PRODUCT.id,
        tier_accounts_sync=False,
        reseller_authorization_level=ResellerAuthorizationLevel.NONE,
    )
    calls.clear()

    with qtbot.assertNotEmitted(view.product_changed):
        view.refresh()

    assert not switch_of(view).isChecked() and combo_of(view).currentText() == "None"
    assert calls == []


@pytest.mark.parametrize(
    ("operator", "product", "note"),
    [
        (
            PROVIDER,
            SYNC_PRODUCT,
            "Only the product's vendor, Acme Software (VA-111-111), can change its capabilities;"
            " you act as the provider Big Distributor (PA-333-333).",
        ),
        (
            VENDOR,
            OTHER_PRODUCT,
            "Only the product's vendor, Other Vendor (VA-222-222), can change its capabilities;"
            " you act as the vendor Acme Software (VA-111-111).",
        ),
    ],
    ids=["provider", "another-vendors-product"],
)
def test_controls_are_disabled_with_a_note_for_others(qtbot, world, operator, product, note):
    world.act_as(operator)
    view = make_view(qtbot, world, product.id)
    view.show_capabilities()
    view.show()
    qtbot.waitExposed(view)

    assert not switch_of(view).isEnabled() and not combo_of(view).isEnabled()
    assert note_of(view).isVisible()
    assert note_of(view).text() == note
    assert switch_of(view).isChecked() == product.tier_accounts_sync


def test_operator_switch_then_refresh_enables_and_disables(qtbot, world):
    view = make_view(qtbot, world)
    assert switch_of(view).isEnabled()

    world.act_as(PROVIDER)
    view.refresh()
    assert not switch_of(view).isEnabled() and not note_of(view).isHidden()

    world.act_as(OTHER_VENDOR)
    view.refresh()
    assert "you act as the vendor Other Vendor (VA-222-222)" in note_of(view).text()

    world.act_as(VENDOR)
    view.refresh()
    assert switch_of(view).isEnabled() and combo_of(view).isEnabled()
    assert note_of(view).isHidden()


def test_a_refusal_shows_the_error_and_restores_the_switch(qtbot, world, monkeypatch):
    attempts: list[dict[str, Any]] = []

    def refuse(product_id: str, **changes: Any) -> Any:
        attempts.append(changes)
        raise PermissionDeniedError("Only vendors can change a product's capabilities.")

    monkeypatch.setattr(world.services.products, "set_capabilities", refuse)
    view = make_view(qtbot, world)
    view.show_capabilities()
    switch = switch_of(view)
    before = dump(world.store)

    with qtbot.assertNotEmitted(view.product_changed):
        click(qtbot, view, switch)

    assert attempts == [{"tier_accounts_sync": False}]
    box = error_box(view)
    assert box is not None and box.isVisible()
    assert box.windowTitle() == "Not allowed"
    assert box.text() == "Only vendors can change a product's capabilities."
    assert switch.isChecked() and switch.text() == "On"
    assert dump(world.store) == before
    box.close()


def test_a_refusal_restores_the_level(qtbot, world, monkeypatch):
    def refuse(product_id: str, **changes: Any) -> Any:
        raise PermissionDeniedError("Not yours.")

    monkeypatch.setattr(world.services.products, "set_capabilities", refuse)
    view = make_view(qtbot, world)
    combo = combo_of(view)

    with qtbot.assertNotEmitted(view.product_changed):
        combo.setCurrentIndex(combo.findText("None"))

    assert combo.currentText() == "Level 1"
    box = error_box(view)
    assert box is not None and box.text() == "Not yours."
    box.close()


def test_the_service_refuses_even_when_the_controls_are_forced(qtbot, world):
    world.act_as(PROVIDER)
    view = make_view(qtbot, world)
    switch = switch_of(view)
    before = dump(world.store)

    switch.setEnabled(True)  # as if the screen had been stale
    with qtbot.assertNotEmitted(view.product_changed):
        switch.click()

    box = error_box(view)
    assert box is not None and "Only vendors can change" in box.text()
    assert switch.isChecked() and not switch.isEnabled()
    assert dump(world.store) == before
    box.close()


# the list of products


def test_list_shows_every_product_with_its_capabilities(qtbot, world):
    view = make_list(qtbot, world)
    table = view.findChild(QTableView, "products_table")

    assert view.title() == "Products"
    assert headers_of(table) == HEADERS
    assert texts_of(table) == [
        [
            "PRD-200-200-200",
            "Cloud Backup",
            "Acme Software (VA-111-111)",
            "Published",
            "Off",
            "None",
        ],
        [
            "PRD-100-100-100",
            "Cloud Mail",
            "Acme Software (VA-111-111)",
            "Published",
            "On",
            "Level 1",
        ],
        [
            "PRD-300-300-300",
            "Foreign Product",
            "Other Vendor (VA-222-222)",
            "Published",
            "On",
            "None",
        ],
    ]
    assert view.count_label.text() == "3 products"
    assert table.model().index(1, 0).data(IdRole) == SYNC_PRODUCT.id


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("mail", [SYNC_PRODUCT.id]),
        ("  CLOUD ", [NOSYNC_PRODUCT.id, SYNC_PRODUCT.id]),
        ("other vendor", [OTHER_PRODUCT.id]),
        ("VA-111", [NOSYNC_PRODUCT.id, SYNC_PRODUCT.id]),
        ("prd-300", [OTHER_PRODUCT.id]),
        ("", [NOSYNC_PRODUCT.id, SYNC_PRODUCT.id, OTHER_PRODUCT.id]),
    ],
)
def test_search_filters_by_id_name_and_vendor(qtbot, world, search, expected):
    view = make_list(qtbot, world)

    view.set_search_text(search)

    assert view.shown_ids() == expected
    assert table_ids(view) == expected


def table_ids(view: ProductsView) -> list[str]:
    model = view.findChild(QTableView, "products_table").model()
    return [model.index(row, 0).data(IdRole) for row in range(model.rowCount())]


def test_typing_filters_after_a_pause(qtbot, world):
    view = make_list(qtbot, world)
    search = view.findChild(type(view.search_edit), "products_search_edit")

    qtbot.keyClicks(search, "backup")

    qtbot.waitUntil(lambda: table_ids(view) == [NOSYNC_PRODUCT.id])
    assert view.count_label.text() == "1 of 3 products"


def test_return_in_the_search_box_filters_at_once(qtbot, world):
    view = make_list(qtbot, world)
    view.search_edit.setText("foreign")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert table_ids(view) == [OTHER_PRODUCT.id]


def test_a_search_matching_nothing_says_so(qtbot, world):
    view = make_list(qtbot, world)
    view.set_search_text("nothing like this")

    assert view.stack.currentWidget() is view.placeholder_label
    assert view.placeholder_label.text() == "No product matches “nothing like this”."
    assert view.count_label.text() == "0 of 3 products"

    view.set_search_text("")
    assert view.stack.currentWidget() is view.table


def test_enter_on_a_row_requests_the_product(qtbot, world):
    view = make_list(qtbot, world)
    view.show()
    qtbot.waitExposed(view)
    view.table.setCurrentIndex(view.model.index(2, 1))
    assert view.current_product_id() == OTHER_PRODUCT.id

    with qtbot.waitSignal(view.product_requested) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [OTHER_PRODUCT.id]


def test_double_click_on_a_row_requests_the_product(qtbot, world):
    view = make_list(qtbot, world)
    view.show()
    qtbot.waitExposed(view)
    center = view.table.visualRect(view.model.index(1, 3)).center()

    with qtbot.waitSignal(view.product_requested) as blocker:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert blocker.args == [SYNC_PRODUCT.id]


def test_refresh_shows_a_switch_and_keeps_the_search(qtbot, world):
    view = make_list(qtbot, world)
    view.set_search_text("cloud mail")
    world.services.products.set_capabilities(SYNC_PRODUCT.id, tier_accounts_sync=False)

    view.refresh()

    assert view.search_text() == "cloud mail"
    assert texts_of(view.table)[0][4] == "Off"


def test_a_switch_in_the_profile_then_refresh_updates_the_list(qtbot, world):
    products = make_list(qtbot, world)
    profile = make_view(qtbot, world)
    profile.product_changed.connect(products.refresh)  # what the main window does

    with qtbot.waitSignal(profile.product_changed):
        combo_of(profile).setCurrentIndex(combo_of(profile).findText("Level 2"))

    assert texts_of(products.table)[1][5] == "Level 2"


def test_model_tester_on_the_products_model(keep_alive, qtbot, qtmodeltester, world):
    view = make_list(qtbot, world)
    keep_alive.append(view)
    model = view.findChild(QTableView, "products_table").model()
    assert model.rowCount() == 3
    qtmodeltester.check(model, force_py=True)


def test_a_read_only_workspace_shows_the_capabilities_disabled(qtbot, world, tmp_path):
    from desktop_app.persistence.store import SqliteStore
    from desktop_app.services.container import Services

    world.store.close()
    store = SqliteStore.open(world.path, read_only=True)
    try:
        view = ProductView(Services.over(store), SYNC_PRODUCT.id)
        qtbot.addWidget(view)
        view.show_capabilities()
        view.show()
        qtbot.waitExposed(view)
        assert not switch_of(view).isEnabled() and not combo_of(view).isEnabled()
        assert note_of(view).isVisible() and "read-only" in note_of(view).text()
    finally:
        view.close()
        store.close()
