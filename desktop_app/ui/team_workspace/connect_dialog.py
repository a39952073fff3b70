"""File → Open Team Workspace…: a PostgreSQL server's address, checked next to each field."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DomainError
from desktop_app.ui.team_workspace.password_dialog import ERROR_STYLE, open_asking_password
from desktop_app.ui.team_workspace.server_fields import (
    DATABASE,
    HOST,
    PORT,
    ServerFields,
    UrlError,
    login_name,
)
from desktop_app.ui.workspace import TeamWorkspaceOpener, WorkspaceHandle

TITLE: Final = "Open Team Workspace"
INTRO: Final = (
    "A team workspace on a PostgreSQL server (made with desktop-app init). "
    "Fill in the fields or paste its postgresql:// URL."
)
URL_PASSWORD_NOTE: Final = (
    "The URL's password was taken out: used for this connection only, never saved."
)


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setVisible(False)
    return label


def _show(label: QLabel, message: str, *, error: bool = True) -> None:
    label.setText(message)
    label.setStyleSheet(ERROR_STYLE if error else "")
    label.setVisible(bool(message))


class TeamWorkspaceDialog(QDialog):
    """Where the team workspace is; Open connects (asking a password if the server wants one)."""

    def __init__(
        self, parent: QWidget | None, opener: TeamWorkspaceOpener, recent: list[str]
    ) -> None:
        super().__init__(parent)
        self.setObjectName("team_workspace_dialog")
        self.setWindowTitle(TITLE)
        self._opener = opener
        self._url_password: str | None = None
        self._touched: set[str] = set()
        self._handle: WorkspaceHandle | None = None

        intro = QLabel(INTRO)
        intro.setObjectName("intro_label")
        intro.setWordWrap(True)
        self.recent_combo = QComboBox()
        self.recent_combo.setObjectName("recent_combo")
        self.recent_combo.setPlaceholderText("A team workspace opened before")
        self.recent_combo.addItems(recent)
        self.recent_combo.setCurrentIndex(-1)
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("url_edit")
        self.url_edit.setPlaceholderText("postgresql://user@host:5432/database")
        self.url_error = _error_label("url_error")
        self.host_edit = QLineEdit()
        self.host_edit.setObjectName("host_edit")
        self.host_edit.setPlaceholderText("dbhost.example.com")
        self.host_error = _error_label("host_error")
        self.port_edit = QLineEdit(ServerFields().port)
        self.port_edit.setObjectName("port_edit")
        self.port_edit.setMaxLength(5)
        self.port_error = _error_label("port_error")
        self.database_edit = QLineEdit()
        self.database_edit.setObjectName("database_edit")
        self.database_edit.setPlaceholderText("customers")
        self.database_error = _error_label("database_error")
        self.user_edit = QLineEdit(login_name())
        self.user_edit.setObjectName("user_edit")
        self.status_label = _error_label("status_label")
        self.status_label.setTextInteractionFlags(self.status_label.textInteractionFlags())

        form = QFormLayout()
        if recent:
            form.addRow("&Recent:", self.recent_combo)
        form.addRow("&URL:", self._with(self.url_edit, self.url_error))
        form.addRow("&Host:", self._with(self.host_edit, self.host_error))
        form.addRow("&Port:", self._with(self.port_edit, self.port_error))
        form.addRow("&Database:", self._with(self.database_edit, self.database_error))
        form.addRow("U&ser:", self.user_edit)
        self.recent_combo.setVisible(bool(recent))

        buttons = QDialogButtonBox()
        self.ok_button: QPushButton = buttons.addButton(
            "&Open", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setDefault(True)
        self.cancel_button: QPushButton = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

        self.recent_combo.activated.connect(self._on_recent_combo_activated)
        self.url_edit.textChanged.connect(self._on_url_edit_text_changed)
        for name, edit in (
            (HOST, self.host_edit),
            (PORT, self.port_edit),
            (DATABASE, self.database_edit),
        ):
            edit.textEdited.connect(lambda _text, field=name: self._on_field_edited(field))
        self.user_edit.textEdited.connect(self._on_user_edit_text_edited)
        (self.recent_combo if recent else self.host_edit).setFocus()
        self._check()

    @staticmethod
    def _with(edit: QLineEdit, error: QLabel) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(edit)
        column.addWidget(error)
        # The row's label (Alt+H…) focuses its buddy only when that takes focus; Tab skips a
        # widget with a proxy, so the edit keeps its one place in the tab order.
        box.setFocusPolicy(edit.focusPolicy())
        box.setFocusProxy(edit)
        return box

    def fields(self) -> ServerFields:
        """What the fields hold now."""
        return ServerFields(
            self.host_edit.text(),
            self.port_edit.text(),
            self.database_edit.text(),
            self.user_edit.text(),
        )

    def handle(self) -> WorkspaceHandle | None:
        """The workspace opened by OK; None before (or when cancelled)."""
        return self._handle

    def fill(self, fields: ServerFields) -> None:
        """Show ``fields`` (a recent workspace, a pasted URL) and check them all."""
        self.host_edit.setText(fields.host)
        self.port_edit.setText(fields.port)
        self.database_edit.setText(fields.database)
        self.user_edit.setText(fields.user)
        self._touched.update((HOST, PORT, DATABASE))
        self._check()

    def accept(self) -> None:
        """Connect; close once the workspace is open, else say why and stay."""
        fields = self.fields()
        if fields.issues():
            self._touched.update((HOST, PORT, DATABASE))
            self._check()
            return
        _show(self.status_label, "")
        url = fields.url
        try:
            handle = open_asking_password(
                self, lambda pw: self._opener(url, pw), self._url_password
            )
        except DomainError as error:
            _show(self.status_label, error.message)
            return
        if handle is not None:  # None: the password was not given; the fields stay
            self._handle = handle
            super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, opener: TeamWorkspaceOpener, recent: list[str]
    ) -> tuple[WorkspaceHandle, ServerFields] | None:
        """Show the dialog modally; the open workspace and its fields, None when cancelled."""
        dialog = cls(parent, opener, recent)
        try:
            dialog.exec()
            handle = dialog.handle()
            return None if handle is None else (handle, dialog.fields())
        finally:
            dialog.deleteLater()

    def _check(self) -> None:
        issues = self.fields().issues()
        for name, label in (
            (HOST, self.host_error),
            (PORT, self.port_error),
            (DATABASE, self.database_error),
        ):
            _show(label, issues.get(name, "") if name in self._touched else "")
        self.ok_button.setEnabled(not issues)

    @Slot(int)
    def _on_recent_combo_activated(self, index: int) -> None:
        if index >= 0:
            self.url_edit.setText(self.recent_combo.itemText(index))

    @Slot(str)
    def _on_url_edit_text_changed(self, text: str) -> None:
        self._url_password = None
        if not text.strip():
            _show(self.url_error, "")
            return
        try:
            fields, password = ServerFields.from_url(text)
        except UrlError as error:
            _show(self.url_error, str(error))
            return
        if password is not None:
            self.url_edit.blockSignals(True)
            self.url_edit.setText(fields.url)  # the password leaves the screen
            self.url_edit.blockSignals(False)
        self.fill(fields)
        self._url_password = password
        _show(self.url_error, URL_PASSWORD_NOTE if password is not None else "", error=False)

    def _on_field_edited(self, name: str) -> None:
        self._touched.add(name)
        self._forget_url_password()
        self._check()

    @Slot(str)
    def _on_user_edit_text_edited(self, _text: str) -> None:
        self._forget_url_password()
        self._check()

    def _forget_url_password(self) -> None:
        """Another address was typed: the pasted URL's password is not for it."""
        if self._url_password is not None:
            self._url_password = None
            _show(self.url_error, "")
