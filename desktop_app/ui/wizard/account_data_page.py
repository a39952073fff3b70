"""Step 3 of the wizard: the account data form with Randomize, Clear and Create / Save."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.demo.randomizer import AccountRandomizer
from desktop_app.domain.accounts import AccountDraft
from desktop_app.domain.errors import (
    DomainError,
    FieldIssue,
    RuleViolationError,
    Severity,
    ValidationError,
)
from desktop_app.domain.validation import validate_draft
from desktop_app.services.accounts import SaveResult
from desktop_app.ui.dialogs import error_dialog
from desktop_app.ui.elided_label import ElidedLabel
from desktop_app.ui.wizard.account_form import FORM_FIELDS, AccountForm
from desktop_app.ui.wizard.field_errors import ERROR_COLOR, WARNING_COLOR, mute

TITLE: Final = "Account data"
SUBTITLE_CREATE: Final = "Fill out the account data, then click Create."
SUBTITLE_EDIT: Final = (
    "Update the account data, then click Save. Click Back to change the type or parent."
)
CREATE_TEXT: Final = "&Create"
SAVE_TEXT: Final = "&Save"
REQUIRED_NOTE: Final = "* Required"
# Issues about what the earlier pages chose: shown on this page with a hint to go Back.
STEP_FIELDS: Final[dict[str, str]] = {"type": "Type", "parent_id": "Parent account"}
BACK_HINT: Final = "Click Back to change it."
# Fields whose check depends on the country: looked at again when the country changes.
COUNTRY_DEPENDENT: Final = ("phone", "tax_id")


def draft_issues(draft: AccountDraft) -> list[FieldIssue]:
    """Every error and warning :func:`validate_draft` finds in ``draft``."""
    try:
        _data, warnings = validate_draft(draft)
    except ValidationError as error:
        return list(error.issues)
    return list(warnings)


def step_issue_text(field: str, message: str) -> str:
    """``Parent account: <message> Click Back to change it.``"""
    return f"{STEP_FIELDS[field]}: {message} {BACK_HINT}"


class AccountDataPage(QWizardPage):
    """The commit page: nothing is written before Create / Save, then only through the service."""

    step_issue = Signal(str, str)
    """An issue with the type or parent chosen earlier: field name and message."""

    def __init__(
        self,
        *,
        account_id: str | None,
        draft_source: Callable[[], AccountDraft],
        save: Callable[[AccountDraft], SaveResult],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("account_data_page")
        self.setTitle(TITLE)
        self.setSubTitle(SUBTITLE_EDIT if account_id else SUBTITLE_CREATE)
        self.setCommitPage(True)
        self.setButtonText(
            QWizard.WizardButton.CommitButton, SAVE_TEXT if account_id else CREATE_TEXT
        )
        self._draft_source = draft_source
        self._save = save
        self._touched: set[str] = set()
        self._read_only_reason: str | None = None
        self.randomizer = AccountRandomizer()

        self.read_only_label = self._banner("read_only_label", WARNING_COLOR)
        self.context_label = ElidedLabel()  # names the parent: never wider than the wizard
        self.context_label.setObjectName("context_label")
        self.context_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.page_error_label = self._banner("page_error_label", ERROR_COLOR)

        self.form = AccountForm(account_id)
        self.form.field_left.connect(self._on_form_field_left)
        self.form.field_edited.connect(self._on_form_field_edited)
        scroll = QScrollArea()
        scroll.setObjectName("account_form_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)

        self.randomize_button = QPushButton("&Randomize")
        self.randomize_button.setObjectName("randomize_button")
        self.randomize_button.setToolTip(
            "Fill every field with random data for the chosen country "
            "(a random country when none is chosen)"
        )
        self.randomize_button.setAutoDefault(False)
        self.randomize_button.clicked.connect(self._on_randomize_button_clicked)
        self.clear_button = QPushButton("C&lear")
        self.clear_button.setObjectName("clear_button")
        self.clear_button.setToolTip("Empty every field")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        required = QLabel(REQUIRED_NOTE)
        required.setObjectName("required_note_label")
        mute(required)

        buttons = QHBoxLayout()
        buttons.addWidget(self.randomize_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(required)

        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.context_label)
        layout.addWidget(self.page_error_label)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.form.widget_for(FORM_FIELDS[-1]), self.randomize_button)
        QWidget.setTabOrder(self.randomize_button, self.clear_button)

    @staticmethod
    def _banner(name: str, color: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet(f"color: {color};")
        label.setVisible(False)
        return label

    # public

    def values(self) -> dict[str, str]:
        """The text of every field, keyed by the draft's field names."""
        return self.form.values()

    def set_values(self, draft: AccountDraft) -> None:
        """Show ``draft``'s text fields."""
        self.form.set_values(draft)

    def set_context(self, text: str) -> None:
        """What the earlier pages chose, shown above the form (``Customer · Parent: …``)."""
        self.context_label.setText(text)

    def set_read_only(self, reason: str) -> None:
        """Show the data, say why it cannot be saved, and keep Save disabled."""
        self._read_only_reason = reason
        self.read_only_label.setText(reason)
        self.read_only_label.setVisible(True)
        self.form.set_read_only(True)
        self.randomize_button.setEnabled(False)
        self.clear_button.setEnabled(False)
        self.completeChanged.emit()

    def read_only_reason(self) -> str | None:
        """Why the account cannot be saved here, None when it can."""
        return self._read_only_reason

    def validate(self, fields: Iterable[str] | None = None) -> list[FieldIssue]:
        """Check the draft and show the issues of ``fields`` (all fields when None)."""
        shown = FORM_FIELDS if fields is None else tuple(fields)
        issues = self._issues(self._draft_source())
        self.form.show_issues(issues, shown)
        return issues

    def show_step_issues(self, issues: Iterable[FieldIssue]) -> None:
        """Issues with the type or parent: on this page with a hint to go Back, and upwards."""
        lines = []
        for issue in issues:
            if issue.field in STEP_FIELDS and issue.severity is Severity.ERROR:
                lines.append(step_issue_text(issue.field, issue.message))
                self.step_issue.emit(issue.field, issue.message)
        self.page_error_label.setText("\n".join(lines))
        self.page_error_label.setVisible(bool(lines))

    def clear_step_issues(self) -> None:
        """The type or parent changed: the issues about them no longer hold."""
        self.page_error_label.clear()
        self.page_error_label.setVisible(False)

    def randomize(self) -> None:
        """Fill every field with coherent random data for the chosen country (or a random one)."""
        draft = self._draft_source()
        country = self.form.country_combo.code() if self.form.country_combo.is_known() else None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            random_draft = self.randomizer.draft(
                country=country, account_type=draft.type, parent_id=draft.parent_id
            )
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.form.set_values(random_draft)
        self.form.clear_issues()
        self._touched.clear()

    def clear(self) -> None:
        """Empty every field and forget the messages."""
        self.form.clear()
        self._touched.clear()
        self.form.widget_for(FORM_FIELDS[0]).setFocus()

    # Qt overrides

    def isComplete(self) -> bool:
        """Create / Save is possible unless the account is read-only here."""
        return self._read_only_reason is None

    def validatePage(self) -> bool:
        """Check every field, then create or save through the service; stay on any refusal."""
        if self._read_only_reason is not None:
            return False
        self._touched.update(FORM_FIELDS)
        draft = self._draft_source()
        issues = self.validate()
        self.show_step_issues(issues)
        if any(issue.severity is Severity.ERROR for issue in issues):
            self._focus_first_error()
            return False
        try:
            self._save(draft)
        except ValidationError as error:
            self.form.show_issues(error.issues, {issue.field for issue in error.issues})
            self.show_step_issues(error.issues)
            self._focus_first_error()
            return False
        except RuleViolationError as error:
            if error.field in STEP_FIELDS:
                self.show_step_issues([FieldIssue(error.field, error.message)])
            else:
                error_dialog.show_error(self.window(), error)
            return False
        except DomainError as error:
            error_dialog.show_error(self.window(), error)
            return False
        return True

    # state

    def _issues(self, draft: AccountDraft) -> list[FieldIssue]:
        issues = draft_issues(draft)
        combo = self.form.country_combo
        text = combo.currentText().strip()
        if text and not combo.is_known():
            issues = [i for i in issues if i.field != "country"]
            issues.append(
                FieldIssue("country", f"“{text}” is not a country; choose one from the list.")
            )
        return issues

    def _focus_first_error(self) -> None:
        fields = self.form.fields_in_error()
        if fields:
            self.form.widget_for(fields[0]).setFocus(Qt.FocusReason.OtherFocusReason)

    # slots

    @Slot(str)
    def _on_form_field_left(self, field: str) -> None:
        if self._read_only_reason is not None:
            return
        self._touched.add(field)
        if field == "country":
            values = self.form.values()
            self._touched.update(f for f in COUNTRY_DEPENDENT if values[f])
        self.validate(f for f in FORM_FIELDS if f in self._touched)

    @Slot(str)
    def _on_form_field_edited(self, field: str) -> None:
        # A message shown is checked again at each key; a text too long is named at once.
        if self.form.message(field) or self.form.is_too_long(field):
            self.validate([field])

    @Slot()
    def _on_randomize_button_clicked(self) -> None:
        self.randomize()

    @Slot()
    def _on_clear_button_clicked(self) -> None:
        self.clear()
