"""The account data form: General, Address and Technical Contact, an error label per field."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from itertools import pairwise
from typing import Final

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.accounts import FIELD_LABELS, TEXT_FIELDS, AccountDraft
from desktop_app.domain.errors import FieldIssue
from desktop_app.domain.text import normalize_text
from desktop_app.domain.validation import MAX_LENGTHS, REQUIRED
from desktop_app.ui.wizard.country_combo import CountryCombo
from desktop_app.ui.wizard.field_errors import FieldErrorLabel, issue_for, mute

GENERAL_FIELDS: Final = ("name", "external_uid", "external_id", "tax_id")
ADDRESS_FIELDS: Final = (
    "country",
    "state",
    "city",
    "postal_code",
    "address_line1",
    "address_line2",
)
CONTACT_FIELDS: Final = ("first_name", "last_name", "email", "phone")
FORM_FIELDS: Final = GENERAL_FIELDS + ADDRESS_FIELDS + CONTACT_FIELDS
PLACEHOLDERS: Final[dict[str, str]] = {
    "external_uid": "Generated when left empty",
    "external_id": "ID in the commerce system",
    "tax_id": "VAT or local tax number",
    "email": "name@example.com",
    "phone": "+49 30 1234567",
}
ID_NOTE_CREATE: Final = "The account ID is generated automatically."
REQUIRED_MARK: Final = " *"
FIELD_MINIMUM_CHARACTERS: Final = 22
FIELD_SPACING: Final = 6
ERROR_SPACING: Final = 2


def field_label(field: str) -> str:
    """The label of ``field``, ``Organization name *`` when it is required."""
    return FIELD_LABELS[field] + (REQUIRED_MARK if field in REQUIRED else "")


def account_id_note(account_id: str | None) -> str:
    """``Account ID: TA-…`` when editing; that it is generated when creating."""
    return f"Account ID: {account_id}" if account_id else ID_NOTE_CREATE


class AccountForm(QWidget):
    """Every text field of an account draft, grouped as in Connect; tab order top to bottom."""

    field_edited = Signal(str)
    """The user changed the text of a field (the field's name)."""
    field_left = Signal(str)
    """The user finished editing a field: focus left it or Return was pressed."""

    def __init__(self, account_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("account_form")
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, FieldErrorLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.country_combo = CountryCombo()
        self.country_combo.country_changed.connect(self._on_country_combo_country_changed)
        self.country_combo.line_edit.textEdited.connect(self._on_country_edit_text_edited)

        self.account_id_label = QLabel(account_id_note(account_id))
        self.account_id_label.setObjectName("account_id_label")
        self.account_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if account_id is None:
            mute(self.account_id_label)

        self.general_group = self._group("General", "general_group", GENERAL_FIELDS)
        general_layout = self.general_group.layout()
        assert isinstance(general_layout, QGridLayout)
        general_layout.addWidget(self.account_id_label, general_layout.rowCount(), 0, 1, 2)
        self.address_group = self._group("Address", "address_group", ADDRESS_FIELDS)
        self.contact_group = self._group("Technical Contact", "contact_group", CONTACT_FIELDS)

        left = QVBoxLayout()
        left.addWidget(self.general_group)
        left.addWidget(self.contact_group)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.address_group)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

        # One label width for every group, so that the fields line up across the groups.
        widest = max(label.sizeHint().width() for label in self.labels.values())
        for group in (self.general_group, self.address_group, self.contact_group):
            grid = group.layout()
            assert isinstance(grid, QGridLayout)
            grid.setColumnMinimumWidth(0, widest)

        chain = [self.widget_for(field) for field in FORM_FIELDS]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # building

    def _group(self, title: str, name: str, fields: Iterable[str]) -> QGroupBox:
        group = QGroupBox(title)
        group.setObjectName(name)
        grid = QGridLayout(group)
        grid.setVerticalSpacing(ERROR_SPACING)
        grid.setColumnStretch(1, 1)
        row = 0
        for field in fields:
            widget = self.country_combo if field == "country" else self._line_edit(field)
            label = QLabel(field_label(field))
            label.setObjectName(f"{field}_label")
            label.setBuddy(widget)
            error = FieldErrorLabel(field)
            self.labels[field] = label
            self.errors[field] = error
            if row:
                grid.setRowMinimumHeight(row, FIELD_SPACING)
                row += 1
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(error, row + 1, 1)
            row += 2
        return group

    def _line_edit(self, field: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"{field}_edit")
        # No setMaxLength: the edit would cut a longer text (a paste) silently. It keeps all
        # of it, and the check says next to the field how much is too much.
        edit.setPlaceholderText(PLACEHOLDERS.get(field, ""))
        edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * FIELD_MINIMUM_CHARACTERS)
        edit.setAccessibleName(FIELD_LABELS[field])
        edit.textEdited.connect(partial(self._on_edit_text_edited, field))
        edit.editingFinished.connect(partial(self._on_edit_editing_finished, field))
        self.edits[field] = edit
        return edit

    # values

    def widget_for(self, field: str) -> QWidget:
        """The input widget of ``field``."""
        return self.country_combo if field == "country" else self.edits[field]

    def value(self, field: str) -> str:
        """The text of ``field`` (the country as its code)."""
        return self.country_combo.code() if field == "country" else self.edits[field].text()

    def values(self) -> dict[str, str]:
        """Every field's text, keyed by the draft's field names."""
        return {field: self.value(field) for field in TEXT_FIELDS}

    def is_too_long(self, field: str) -> bool:
        """True while ``field`` holds more characters than an account keeps."""
        return len(normalize_text(self.value(field))) > MAX_LENGTHS[field]

    def set_values(self, draft: AccountDraft) -> None:
        """Show the text fields of ``draft``."""
        for field in TEXT_FIELDS:
            text = getattr(draft, field)
            if field == "country":
                self.country_combo.set_code(text)
            else:
                self.edits[field].setText(text)
                self.edits[field].setCursorPosition(0)

    def clear(self) -> None:
        """Empty every field, the external UUID and the country included."""
        for edit in self.edits.values():
            edit.clear()
        self.country_combo.clear_country()
        self.clear_issues()

    def set_read_only(self, read_only: bool) -> None:
        """Show the values but forbid typing."""
        for edit in self.edits.values():
            edit.setReadOnly(read_only)
        self.country_combo.setEnabled(not read_only)

    # issues

    def show_issues(self, issues: Iterable[FieldIssue], fields: Iterable[str]) -> None:
        """Show the issue of each of ``fields`` under it, clear the others of ``fields``."""
        found = list(issues)
        for field in fields:
            if field not in self.errors:
                continue
            issue = issue_for(field, found)
            self.errors[field].show_issue(issue)
            self.widget_for(field).setAccessibleDescription(issue.message if issue else "")
        # Hiding word-wrapped labels leaves the groups' old heights cached (the rows stay
        # spread out); recomputing them at once keeps the form compact.
        for group in (self.general_group, self.address_group, self.contact_group):
            layout = group.layout()
            if layout is not None:
                layout.invalidate()

    def clear_issues(self) -> None:
        """Hide every field's message."""
        self.show_issues((), FORM_FIELDS)

    def fields_in_error(self) -> list[str]:
        """Fields showing an error (not a warning), in form order."""
        return [field for field in FORM_FIELDS if self.errors[field].is_error()]

    def message(self, field: str) -> str:
        """The message shown under ``field`` (empty when none)."""
        return self.errors[field].text()

    # slots

    def _on_edit_text_edited(self, field: str, _text: str) -> None:
        self.field_edited.emit(field)

    def _on_edit_editing_finished(self, field: str) -> None:
        self.field_left.emit(field)

    @Slot(str)
    def _on_country_combo_country_changed(self, _code: str) -> None:
        self.field_left.emit("country")

    @Slot(str)
    def _on_country_edit_text_edited(self, _text: str) -> None:
        self.field_edited.emit("country")
