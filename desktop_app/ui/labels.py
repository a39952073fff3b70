"""Labels every object screen shares: captions, selectable values, who-and-when texts."""

from __future__ import annotations

import html
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.domain.accounts import Event
from desktop_app.domain.errors import DomainError
from desktop_app.services.workspace import WorkspaceService
from desktop_app.ui.elided_label import ElidedLabel
from desktop_app.ui.local_times import full_local_time as full_local_time
from desktop_app.ui.local_times import local_time as local_time

SELECTABLE: Final = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)
LINKS: Final = (
    Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
)


def value_label(name: str) -> QLabel:
    """A plain-text value people can select and copy, wrapping when long.

    It never widens the window: a word wider than the room (a name with no space) is elided,
    the whole text in the tooltip.
    """
    label = ElidedLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(SELECTABLE)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


TITLE_SCALE: Final = 1.6
"""How much larger than the body text an object screen's title is."""


def heading(name: str, text: str = "", scale: float = 1.0) -> QLabel:
    """A bold label, ``scale`` times the body text's size."""
    label = QLabel(text)
    label.setObjectName(name)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def title_label(name: str, *, wrap: bool = True) -> QLabel:
    """The title of an object screen: large, bold, plain text people can select.

    Elided like :func:`value_label` where it does not fit.
    """
    label = ElidedLabel()
    label.setObjectName(name)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * TITLE_SCALE)
    font.setBold(True)
    label.setFont(font)
    label.setTextInteractionFlags(SELECTABLE)
    label.setWordWrap(wrap)
    return label


def caption(text: str) -> QLabel:
    """The muted name in front of a value."""
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def user_text(workspace: WorkspaceService, user_id: str) -> str:
    """``Name (UR-…)`` when the workspace knows the user, the id alone otherwise."""
    try:
        user = workspace.user(user_id)
    except DomainError:
        user = None
    return f"{user.name} ({user_id})" if user is not None else user_id


def event_text(workspace: WorkspaceService, event: Event) -> str:
    """``2026-01-01 10:00 by Anna (UR-…)``."""
    return f"{local_time(event.at)} by {user_text(workspace, event.by)}"


def link_html(href: str, text: str) -> str:
    """A rich-text link to ``href`` showing ``text``; the view follows it (none opens a browser)."""
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'


def form_page(name: str, form: QFormLayout) -> QWidget:
    """A tab page of captions and values: ``form`` at the top, the values taking the width."""
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    form.setVerticalSpacing(8)
    page = QWidget()
    page.setObjectName(name)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 12, 12, 12)
    layout.addLayout(form)
    layout.addStretch(1)
    return page
