"""The Requests tab's filters: status, vendor (you by default), product, creation dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final

from PySide6.QtCore import QDate, QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from desktop_app.domain.catalog import OperatorAccount, Product
from desktop_app.domain.enums import RequestStatus

ALL_STATUSES: Final = "All statuses"
ALL_VENDORS: Final = "All vendors"
ALL_PRODUCTS: Final = "All products"
YOU: Final = "@you"
"""The vendor combo's first choice: whoever the workspace acts as, read at each query."""
ANY_DATE: Final = "Any"
FIRST_DATE: Final = QDate(2000, 1, 1)
"""The date edits' minimum, shown as :data:`ANY_DATE`: no bound."""

COMBO_CHARACTERS: Final = 10
KEY_STATUS: Final = "requests/status"
KEY_VENDOR: Final = "requests/vendor"
KEY_PRODUCT: Final = "requests/product"
KEY_FROM: Final = "requests/created_from"
KEY_TO: Final = "requests/created_to"


def _date_edit(name: str, tip: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(FIRST_DATE)
    edit.setSpecialValueText(ANY_DATE)  # shown at the minimum: no bound
    edit.setDate(FIRST_DATE)
    edit.setToolTip(tip)
    return edit


def _start_of(day: QDate) -> datetime:
    """Local midnight at the start of ``day``, as an aware time."""
    return datetime(day.year(), day.month(), day.day()).astimezone()


class RequestFilters(QObject):
    """Which requests the tab lists; by default the pending ones the operator decides.

    The view lays out its widgets: the three combos, and :attr:`dates` (the creation range).
    """

    changed = Signal()
    """A filter was changed by the user (or restored)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_filter_combo")
        for status in RequestStatus:
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.addItem(ALL_STATUSES, "")

        self.vendor_combo = QComboBox()
        self.vendor_combo.setObjectName("vendor_filter_combo")
        self.vendor_combo.setToolTip("Requests of the products of one vendor")
        self.product_combo = QComboBox()
        self.product_combo.setObjectName("product_filter_combo")
        self.product_combo.setToolTip("Requests of one product")
        self._wanted: dict[QComboBox, str] = {}
        """A vendor or product chosen before the catalog was read (restored settings)."""
        self.set_catalog([], [])

        self.from_edit = _date_edit("created_from_edit", "Created on or after this day")
        self.to_edit = _date_edit("created_to_edit", "Created on or before this day")

        self.dates = QWidget()
        self.dates.setObjectName("created_range")
        layout = QHBoxLayout(self.dates)
        layout.setContentsMargins(0, 0, 0, 0)
        created = QLabel("Created")
        created.setBuddy(self.from_edit)
        layout.addWidget(created)
        layout.addWidget(self.from_edit)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.to_edit)

        for combo in (self.status_combo, self.vendor_combo, self.product_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
            # long product and vendor names never widen the window (the popup shows them)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(COMBO_CHARACTERS)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._on_filter_changed)

    # what the filters say

    def status(self) -> RequestStatus | None:
        """The status chosen (None: every status)."""
        value = self.status_combo.currentData()
        return RequestStatus(value) if value else None

    def vendor_id(self, operator_id: str) -> str | None:
        """The vendor chosen, ``operator_id`` for "you"; None: every vendor."""
        value = self._wanted.get(self.vendor_combo, self.vendor_combo.currentData())
        return operator_id if value == YOU else (value or None)

    def for_you(self) -> bool:
        """True while the tab shows what the operator can act on (the first filter)."""
        return bool(self._wanted.get(self.vendor_combo, self.vendor_combo.currentData()) == YOU)

    def product_id(self) -> str | None:
        """The product chosen (None: every product)."""
        return self._wanted.get(self.product_combo, self.product_combo.currentData()) or None

    def created_from(self) -> datetime | None:
        """The start of the first day asked for, local time; None: no bound."""
        day = self.from_edit.date()
        return None if day == FIRST_DATE else _start_of(day)

    def created_before(self) -> datetime | None:
        """The end of the last day asked for (the next day's start); None: no bound."""
        day = self.to_edit.date()
        return None if day == FIRST_DATE else _start_of(day) + timedelta(days=1)

    # changing them

    def set_status(self, status: RequestStatus | None) -> None:
        """Filter by status (None: every status), without a :attr:`changed` signal."""
        self._choose(self.status_combo, status.value if status is not None else "")

    def show_every_request(self) -> None:
        """Every vendor, product and day (an account's requests), without a signal."""
        self._choose(self.vendor_combo, "")
        self._choose(self.product_combo, "")
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(True)
            edit.setDate(FIRST_DATE)
            edit.blockSignals(False)

    def set_product(self, product_id: str | None) -> None:
        """Filter by product (None: every product), without a signal."""
        self._choose(self.product_combo, product_id or "")

    def set_catalog(self, vendors: Sequence[OperatorAccount], products: Sequence[Product]) -> None:
        """The vendors and products to choose from; the choices made stay when still there."""
        vendor = self._wanted.pop(self.vendor_combo, self.vendor_combo.currentData())
        product = self._wanted.pop(self.product_combo, self.product_combo.currentData())
        for combo in (self.vendor_combo, self.product_combo):
            combo.blockSignals(True)
            combo.clear()
        self.vendor_combo.addItem("Your products", YOU)
        self.vendor_combo.addItem(ALL_VENDORS, "")
        for operator in vendors:
            self.vendor_combo.addItem(f"{operator.name} ({operator.id})", operator.id)
        self.product_combo.addItem(ALL_PRODUCTS, "")
        for item in products:
            self.product_combo.addItem(f"{item.name} ({item.id})", item.id)
        self.vendor_combo.setCurrentIndex(max(0, self.vendor_combo.findData(vendor or YOU)))
        self.product_combo.setCurrentIndex(max(0, self.product_combo.findData(product or "")))
        for combo in (self.vendor_combo, self.product_combo):
            combo.blockSignals(False)

    def save_settings(self, settings: QSettings) -> None:
        """Keep the choices for the next start."""
        settings.setValue(KEY_STATUS, self.status_combo.currentData())
        for key, combo in ((KEY_VENDOR, self.vendor_combo), (KEY_PRODUCT, self.product_combo)):
            settings.setValue(key, self._wanted.get(combo, combo.currentData()))
        settings.setValue(KEY_FROM, self.from_edit.date().toString("yyyy-MM-dd"))
        settings.setValue(KEY_TO, self.to_edit.date().toString("yyyy-MM-dd"))

    def restore_settings(self, settings: QSettings) -> None:
        """Bring back what :meth:`save_settings` kept (unknown values leave the default)."""
        self._choose(self.status_combo, str(settings.value(KEY_STATUS, "pending", type=str)))
        self._choose(self.vendor_combo, str(settings.value(KEY_VENDOR, YOU, type=str)))
        self._choose(self.product_combo, str(settings.value(KEY_PRODUCT, "", type=str)))
        for key, edit in ((KEY_FROM, self.from_edit), (KEY_TO, self.to_edit)):
            day = QDate.fromString(str(settings.value(key, "", type=str)), "yyyy-MM-dd")
            edit.blockSignals(True)
            edit.setDate(day if day.isValid() else FIRST_DATE)
            edit.blockSignals(False)
        self.changed.emit()

    def _choose(self, combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        self._wanted.pop(combo, None)
        if index < 0 and combo in (self.vendor_combo, self.product_combo) and value:
            self._wanted[combo] = value  # its catalog is read when the tab is first shown
        if index >= 0:
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    @Slot()
    def _on_filter_changed(self) -> None:
        self.changed.emit()
