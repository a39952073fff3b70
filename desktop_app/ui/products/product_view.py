"""A product's profile: header, and a General section with its Overview and Capabilities tabs."""

from __future__ import annotations

from enum import IntEnum
from typing import Final

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.catalog import OperatorAccount, Product
from desktop_app.domain.enums import ResellerAuthorizationLevel
from desktop_app.domain.errors import DomainError
from desktop_app.services.changes import Changes
from desktop_app.services.container import Services
from desktop_app.ui.dialogs.error_dialog import show_error
from desktop_app.ui.documents import product_key
from desktop_app.ui.labels import SELECTABLE, caption, form_page, heading, title_label, value_label
from desktop_app.ui.object_stack import ObjectStack
from desktop_app.ui.products.switch import Switch
from desktop_app.ui.products.texts import (
    LEVEL_EXPLANATION,
    LEVEL_TEXTS,
    LEVEL_TITLE,
    SYNC_EXPLANATION,
    SYNC_TITLE,
    capabilities_note,
    operator_text,
    status_text,
    sync_text,
    vendor_text,
)


class ProductTab(IntEnum):
    """The tabs of the General section, in display order."""

    OVERVIEW = 0
    CAPABILITIES = 1

    @property
    def title(self) -> str:
        """The tab's title, as users know it from Connect."""
        return TAB_TITLES[self]


TAB_TITLES: Final[dict[ProductTab, str]] = {
    ProductTab.OVERVIEW: "Overview",
    ProductTab.CAPABILITIES: "Capabilities",
}
GENERAL_TITLE: Final = "General"
FACT_GAP: Final = 24
MIN_FACT_EM: Final = 4
NOTE_STYLE: Final = (
    "QLabel { background: #fff4e0; color: #5c3b00; border: 1px solid #f0cf8f;"
    " border-radius: 4px; padding: 6px 8px; }"
)
# The Capabilities tab reads as one column; wider lines of explanation are hard to follow.
CAPABILITIES_MAX_WIDTH_EM: Final = 48
OVERVIEW_ROWS: Final = (
    ("id", "Product ID"),
    ("name", "Name"),
    ("vendor", "Vendor"),
    ("status", "Status"),
)


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def _explanation(name: str, text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setTextInteractionFlags(SELECTABLE)
    return label


class ProductView(QWidget):
    """One product: who sells it and the capabilities its vendor switches here."""

    product_changed = Signal(str)
    """A capability of this product was saved; its id."""

    def __init__(self, services: Services, product_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("product_view")
        self._services = services
        self._product_id = product_id
        self._product: Product | None = None

        self.values: dict[str, QLabel] = {}
        """The value labels of the Overview tab by field name."""

        self.stack = ObjectStack(
            self._build_header(), self._build_general(), name="product_stack", prefix="product_"
        )
        self.content_page = self.stack.content_page
        self.missing_label = self.stack.missing_label
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.refresh()

    # public

    @property
    def product_id(self) -> str:
        """The id of the product shown."""
        return self._product_id

    @property
    def key(self) -> str:
        """Its key among the open documents."""
        return product_key(self._product_id)

    def current_account_id(self) -> str | None:
        """None: Edit and Delete do not apply to a product."""
        return None

    def as_widget(self) -> QWidget:
        """The view itself, for its tab."""
        return self

    @property
    def product(self) -> Product | None:
        """What was read on the last refresh; None when the product could not be read."""
        return self._product

    def title(self) -> str:
        """The product's name for a tab title; its id when it could not be read."""
        return self._product.name if self._product is not None else self._product_id

    def apply_changes(self, changes: Changes) -> None:
        """Read again when this product's capabilities changed."""
        if changes.touches_product(self._product_id):
            self.refresh()

    def refresh(self) -> None:
        """Read the product, its vendor and the operator's rights again."""
        found = self.stack.read(f"product {self._product_id}", self._read)
        self._product = None if found is None else found[0]
        if found is None:
            return
        product, vendor, operator = found
        self._show_header(product, vendor)
        self._show_capabilities(product, vendor, operator)
        self.stack.show_content()

    def _read(self) -> tuple[Product, OperatorAccount | None, OperatorAccount | None]:
        """The product, its vendor, and the operator when it may not change the product."""
        products = self._services.products
        product = products.get(self._product_id)
        operator = None if products.may_change(product) else self._services.workspace.operator()
        return product, products.vendor_of(product), operator

    def is_showing_missing(self) -> bool:
        """True while a message replaces the product (it vanished or could not be read)."""
        return self.stack.is_showing_missing()

    def show_tab(self, tab: ProductTab) -> None:
        """Make ``tab`` the current tab of the General section."""
        self.product_tabs.setCurrentIndex(tab)

    def show_capabilities(self) -> None:
        """Open the Capabilities tab (where Tier Accounts Sync is switched)."""
        self.show_tab(ProductTab.CAPABILITIES)

    # building

    def _build_header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("product_header")

        self.product_name_label = title_label("product_name_label")

        self.product_id_label = value_label("product_id_label")
        self.vendor_label = value_label("vendor_label")
        self.status_label = value_label("status_label")

        # Three short facts side by side from the left; the space that remains goes after them.
        facts = QHBoxLayout()
        facts.setSpacing(12)
        cells = (
            ("Product ID", self.product_id_label),
            ("Vendor", self.vendor_label),
            ("Status", self.status_label),
        )
        for number, (caption_text, value) in enumerate(cells):
            if number:
                facts.addSpacing(FACT_GAP)
            # One line each; a long vendor name is clipped rather than widening the window.
            value.setWordWrap(False)
            value.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("M") * MIN_FACT_EM)
            facts.addWidget(caption(caption_text))
            facts.addWidget(value)
        facts.addStretch(1)

        layout = QVBoxLayout(header)
        layout.setContentsMargins(4, 4, 4, 8)
        layout.addWidget(self.product_name_label)
        layout.addSpacing(4)
        layout.addLayout(facts)
        return header

    def _build_general(self) -> QWidget:
        self.general_section = QWidget()
        self.general_section.setObjectName("general_section")
        general_heading = heading("general_heading", GENERAL_TITLE, 1.2)
        self.product_tabs = QTabWidget()
        self.product_tabs.setObjectName("product_tabs")
        self.product_tabs.setDocumentMode(True)
        pages: dict[ProductTab, QWidget] = {
            ProductTab.OVERVIEW: self._build_overview_page(),
            ProductTab.CAPABILITIES: self._build_capabilities_page(),
        }
        for tab in ProductTab:
            self.product_tabs.addTab(pages[tab], tab.title)
        layout = QVBoxLayout(self.general_section)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(general_heading)
        layout.addWidget(self.product_tabs, 1)
        return self.general_section

    def _build_overview_page(self) -> QWidget:
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        for name, caption_text in OVERVIEW_ROWS:
            value = value_label(f"overview_{name}_value")
            self.values[name] = value
            form.addRow(caption(caption_text), value)
        return form_page("overview_page", form)

    def _build_capabilities_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("capabilities_page")

        self.capabilities_note = QLabel()
        self.capabilities_note.setObjectName("capabilities_note")
        self.capabilities_note.setWordWrap(True)
        self.capabilities_note.setTextInteractionFlags(SELECTABLE)
        self.capabilities_note.setStyleSheet(NOTE_STYLE)

        self.tier_accounts_sync_switch = Switch()
        self.tier_accounts_sync_switch.setObjectName("tier_accounts_sync_switch")
        self.tier_accounts_sync_switch.setAccessibleName(SYNC_TITLE)
        self.tier_accounts_sync_switch.toggled.connect(self._on_tier_accounts_sync_switch_toggled)
        sync_group = QWidget()
        sync_group.setObjectName("tier_accounts_sync_group")
        sync_layout = QVBoxLayout(sync_group)
        sync_layout.setContentsMargins(0, 0, 0, 0)
        sync_layout.setSpacing(6)
        sync_layout.addWidget(heading("tier_accounts_sync_heading", SYNC_TITLE))
        sync_layout.addWidget(self.tier_accounts_sync_switch, 0, Qt.AlignmentFlag.AlignLeft)
        sync_layout.addWidget(_explanation("tier_accounts_sync_explanation", SYNC_EXPLANATION))

        self.reseller_level_combo = QComboBox()
        self.reseller_level_combo.setObjectName("reseller_level_combo")
        self.reseller_level_combo.setAccessibleName(LEVEL_TITLE)
        for level, text in LEVEL_TEXTS.items():
            self.reseller_level_combo.addItem(text, int(level))
        self.reseller_level_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reseller_level_combo.currentIndexChanged.connect(
            self._on_reseller_level_combo_current_index_changed
        )
        level_group = QWidget()
        level_group.setObjectName("reseller_level_group")
        level_layout = QVBoxLayout(level_group)
        level_layout.setContentsMargins(0, 0, 0, 0)
        level_layout.setSpacing(6)
        level_heading = heading("reseller_level_heading", LEVEL_TITLE)
        level_heading.setBuddy(self.reseller_level_combo)
        level_layout.addWidget(level_heading)
        level_layout.addWidget(self.reseller_level_combo, 0, Qt.AlignmentFlag.AlignLeft)
        level_layout.addWidget(_explanation("reseller_level_explanation", LEVEL_EXPLANATION))

        column = QWidget()
        column.setObjectName("capabilities_column")
        column.setMaximumWidth(
            self.fontMetrics().horizontalAdvance("M") * CAPABILITIES_MAX_WIDTH_EM
        )
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(12)
        column_layout.addWidget(self.capabilities_note)
        column_layout.addWidget(sync_group)
        column_layout.addWidget(_separator())
        column_layout.addWidget(level_group)
        column_layout.addStretch(1)

        row = QHBoxLayout(page)
        row.setContentsMargins(12, 12, 12, 12)
        row.addWidget(column, 1)
        row.addStretch(0)
        return page

    # showing

    def _show_header(self, product: Product, vendor: OperatorAccount | None) -> None:
        vendor_shown = vendor_text(product, vendor)
        status = status_text(product.status)
        self.product_name_label.setText(product.name)
        self.product_id_label.setText(product.id)
        self.vendor_label.setText(vendor_shown)
        self.vendor_label.setToolTip(vendor_shown)
        self.status_label.setText(status)
        self.values["id"].setText(product.id)
        self.values["name"].setText(product.name)
        self.values["vendor"].setText(vendor_shown)
        self.values["status"].setText(status)

    def _show_capabilities(
        self, product: Product, vendor: OperatorAccount | None, operator: OperatorAccount | None
    ) -> None:
        """Show the stored values; ``operator`` is given when it may not change them."""
        switch = self.tier_accounts_sync_switch
        combo = self.reseller_level_combo
        # Showing stored values is no user action: nothing is saved.
        with QSignalBlocker(switch), QSignalBlocker(combo):
            switch.setChecked(product.tier_accounts_sync)
            combo.setCurrentIndex(max(combo.findData(int(product.reseller_authorization_level)), 0))
        switch.setText(sync_text(product.tier_accounts_sync))

        permission = self._services.workspace.write_permission()
        may_change = operator is None and permission.allowed
        note = ""
        if operator is not None:
            note = capabilities_note(product, vendor, operator_text(operator))
        elif not permission.allowed:
            note = permission.reason
        self.capabilities_note.setText(note)
        self.capabilities_note.setVisible(not may_change)
        for control in (switch, combo):
            control.setEnabled(may_change)
            control.setToolTip(note)

    # saving

    def _save(
        self,
        *,
        tier_accounts_sync: bool | None = None,
        level: ResellerAuthorizationLevel | None = None,
    ) -> None:
        """Save the one capability the user changed (one call), then show what is stored."""
        products = self._services.products
        try:
            if tier_accounts_sync is not None:
                products.set_capabilities(self._product_id, tier_accounts_sync=tier_accounts_sync)
            elif level is not None:
                products.set_capabilities(self._product_id, reseller_authorization_level=level)
        except DomainError as error:
            self.refresh()  # the controls go back to what is stored
            show_error(self, error)
            return
        self.refresh()
        self.product_changed.emit(self._product_id)

    # slots

    @Slot(bool)
    def _on_tier_accounts_sync_switch_toggled(self, checked: bool) -> None:
        if self._product is None or checked == self._product.tier_accounts_sync:
            return
        self._save(tier_accounts_sync=checked)

    @Slot(int)
    def _on_reseller_level_combo_current_index_changed(self, index: int) -> None:
        data = self.reseller_level_combo.itemData(index)
        if self._product is None or data is None:
            return
        level = ResellerAuthorizationLevel(data)
        if level is self._product.reseller_authorization_level:
            return
        self._save(level=level)
