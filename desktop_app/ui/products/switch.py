"""A check box drawn as an on/off switch: a rounded track with a knob, then its text."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QCheckBox, QWidget

TRACK_RATIO: Final = 1.8
"""Track width as a multiple of its height."""
KNOB_INSET: Final = 2.0
TEXT_GAP: Final = 8
FOCUS_MARGIN: Final = 2


class Switch(QCheckBox):
    """A checkable control that looks like a switch; clicks anywhere on it toggle it."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    # geometry

    def _track_height(self) -> int:
        return self.fontMetrics().height() + 4

    def _track_rect(self) -> QRectF:
        height = self._track_height()
        top = (self.height() - height) / 2
        return QRectF(FOCUS_MARGIN, top, round(height * TRACK_RATIO), height)

    def sizeHint(self) -> QSize:
        """Track, gap and text, with room for the focus ring."""
        height = self._track_height()
        width = round(height * TRACK_RATIO) + 2 * FOCUS_MARGIN
        if self.text():
            width += TEXT_GAP + self.fontMetrics().horizontalAdvance(self.text())
        return QSize(width, height + 2 * FOCUS_MARGIN)

    def minimumSizeHint(self) -> QSize:
        """As wide as the size hint: the text is never cut."""
        return self.sizeHint()

    def hitButton(self, pos: QPoint) -> bool:
        """The whole widget, text included, reacts to the mouse."""
        return self.rect().contains(pos)

    # painting

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the track, the knob on the side of the state, the focus ring and the text."""
        palette = self.palette()
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        track = self._track_rect()
        radius = track.height() / 2
        on = self.isChecked()

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track_color = QColor(
            palette.color(group, QPalette.ColorRole.Highlight)
            if on
            else palette.color(group, QPalette.ColorRole.Mid)
        )
        if not self.isEnabled():
            track_color.setAlphaF(0.55)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track_color)
        painter.drawRoundedRect(track, radius, radius)

        diameter = track.height() - 2 * KNOB_INSET
        left = track.right() - KNOB_INSET - diameter if on else track.left() + KNOB_INSET
        knob = QRectF(left, track.top() + KNOB_INSET, diameter, diameter)
        painter.setBrush(palette.color(group, QPalette.ColorRole.Base))
        painter.drawEllipse(knob)

        if self.hasFocus():
            ring = track.adjusted(-1.5, -1.5, 1.5, 1.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.color(group, QPalette.ColorRole.Highlight), 1.5))
            painter.drawRoundedRect(ring, radius + 1.5, radius + 1.5)

        if self.text():
            painter.setPen(palette.color(group, QPalette.ColorRole.WindowText))
            text_left = round(track.right()) + TEXT_GAP
            text_rect = self.rect().adjusted(text_left, 0, 0, 0)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.text(),
            )
        painter.end()
