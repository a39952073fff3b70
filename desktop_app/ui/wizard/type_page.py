"""Step 1 of the wizard: customer or reseller."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.domain.enums import AccountType
from desktop_app.ui.wizard.field_errors import FieldErrorLabel, mute

TITLE: Final = "Type"
SUBTITLE: Final = "Select a customer or reseller account type."
DESCRIPTIONS: Final[dict[AccountType, str]] = {
    AccountType.CUSTOMER: "Buys subscriptions. A customer always has a parent reseller.",
    AccountType.RESELLER: (
        "Sells to customers or to other resellers. A reseller without a parent account "
        "is a direct reseller."
    ),
}
DESCRIPTION_INDENT: Final = 26


class TypePage(QWizardPage):
    """Two radio buttons; Next is enabled once one of them is chosen."""

    type_changed = Signal(object)
    """The :class:`AccountType` chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("type_page")
        self.setTitle(TITLE)
        self.setSubTitle(SUBTITLE)

        self.customer_radio = QRadioButton("&Customer")
        self.customer_radio.setObjectName("customer_radio")
        self.reseller_radio = QRadioButton("&Reseller")
        self.reseller_radio.setObjectName("reseller_radio")
        self._group = QButtonGroup(self)
        self._group.addButton(self.customer_radio)
        self._group.addButton(self.reseller_radio)
        self._group.buttonToggled.connect(self._on_group_button_toggled)

        self.type_error = FieldErrorLabel("type")

        layout = QVBoxLayout(self)
        for radio, account_type in (
            (self.customer_radio, AccountType.CUSTOMER),
            (self.reseller_radio, AccountType.RESELLER),
        ):
            description = QLabel(DESCRIPTIONS[account_type])
            description.setObjectName(f"{account_type.value}_description_label")
            description.setWordWrap(True)
            description.setContentsMargins(DESCRIPTION_INDENT, 0, 0, 0)
            mute(description)
            radio.setToolTip(DESCRIPTIONS[account_type])
            layout.addWidget(radio)
            layout.addWidget(description)
            layout.addSpacing(10)
        layout.addWidget(self.type_error)
        layout.addStretch(1)

    def account_type(self) -> AccountType | None:
        """The type chosen, None before the user chose."""
        if self.customer_radio.isChecked():
            return AccountType.CUSTOMER
        if self.reseller_radio.isChecked():
            return AccountType.RESELLER
        return None

    def set_account_type(self, account_type: AccountType) -> None:
        """Choose ``account_type`` (prefilling when editing)."""
        radio = self.customer_radio if account_type is AccountType.CUSTOMER else self.reseller_radio
        radio.setChecked(True)

    def show_error(self, message: str) -> None:
        """Show why the type cannot be saved (empty clears)."""
        self.type_error.show_message(message)

    def set_read_only(self, read_only: bool) -> None:
        """Keep the choice but forbid changing it."""
        self.customer_radio.setEnabled(not read_only)
        self.reseller_radio.setEnabled(not read_only)

    # Qt overrides

    def isComplete(self) -> bool:
        """Complete once a type is chosen."""
        return self.account_type() is not None

    # slots

    @Slot(QAbstractButton, bool)
    def _on_group_button_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if not checked:
            return
        self.type_error.clear_issue()
        self.completeChanged.emit()
        self.type_changed.emit(self.account_type())
