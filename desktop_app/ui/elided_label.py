"""A plain-text label that never widens its window: what does not fit is elided, whole in a tip."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

HINT_CHARACTERS: Final = 80
"""The widest a label asks to be (its size hint); it takes more when the layout has it."""
MIN_CHARACTERS: Final = 3
"""The narrowest it goes: "A…"."""


def _elided_word(word: str, metrics: QFontMetrics, room: int) -> str:
    if metrics.horizontalAdvance(word) <= room:
        return word
    return metrics.elidedText(word, Qt.TextElideMode.ElideRight, room)


def elide_words(text: str, metrics: QFontMetrics, room: int) -> str:
    """``text`` with every word wider than ``room`` pixels elided (for rich text's words)."""
    return "\n".join(
        " ".join(_elided_word(word, metrics, room) for word in line.split(" "))
        for line in text.split("\n")
    )


class ElidedLabel(QLabel):
    """A label of plain text of any length that fits whatever width the layout gives it.

    One line is elided at the end; a wrapping label wraps at spaces as usual and elides only
    the words wider than a line (a long name with no space). When anything is elided the
    tooltip shows the whole text. :meth:`text` is always the whole text.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._full = ""
        self._own_tip = ""
        self._heights: dict[tuple[int, int, int], int] = {}
        """Heights for widths of the text as it is (a layout asks each width many times:
        opening an account asked 242 times for its 26 labels)."""
        self.setText(text)

    # the whole text

    def text(self) -> str:
        """The whole text, elided or not."""
        return self._full

    def setText(self, text: str) -> None:
        """Show ``text``, elided to the width the label has."""
        if text != self._full:
            self._full = text
            self._heights.clear()
        self._show()

    def setToolTip(self, tip: str) -> None:
        """A tooltip of its own, shown while nothing is elided (then the whole text is)."""
        self._own_tip = tip
        self._show()

    def is_elided(self) -> bool:
        """True while part of the text is hidden."""
        return super().text() != self._full

    def setWordWrap(self, on: bool) -> None:
        """Wrap at spaces (long words elided) or show one elided line."""
        super().setWordWrap(on)
        self._heights.clear()
        self._show()

    # sizes: from the whole text, never from what is shown

    def _extra(self) -> QSize:
        margins = self.contentsMargins()
        margin = 2 * self.margin()
        return QSize(
            margins.left() + margins.right() + margin, margins.top() + margins.bottom() + margin
        )

    def sizeHint(self) -> QSize:
        """The whole text's width, at most about :data:`HINT_CHARACTERS` characters."""
        metrics = self.fontMetrics()
        widest = max(line_width for line_width in map(metrics.horizontalAdvance, self._lines()))
        width = min(widest, metrics.averageCharWidth() * HINT_CHARACTERS) + self._extra().width()
        if self.wordWrap():
            return QSize(width, self.heightForWidth(width))
        return QSize(width, metrics.height() + self._extra().height())

    def minimumSizeHint(self) -> QSize:
        """A few characters wide, whatever the text."""
        metrics = self.fontMetrics()
        width = metrics.averageCharWidth() * MIN_CHARACTERS + self._extra().width()
        return QSize(width, metrics.height() + self._extra().height())

    def heightForWidth(self, width: int) -> int:
        """The height of the text wrapped (and elided) to ``width``."""
        if not self.wordWrap():
            return -1
        extra = self._extra()
        key = (width, extra.width(), extra.height())  # margins may change too
        height = self._heights.get(key)
        if height is None:
            room = max(1, width - extra.width())
            shown = self._elided(room)
            bounds = self.fontMetrics().boundingRect(
                QRect(0, 0, room, 1_000_000), int(Qt.TextFlag.TextWordWrap), shown
            )
            height = self._heights[key] = bounds.height() + extra.height()
        return height

    def changeEvent(self, event: QEvent) -> None:
        """A new font or style measures the text again."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Elide again to the new width."""
        super().resizeEvent(event)
        self._show()

    # showing

    def _lines(self) -> list[str]:
        return self._full.split("\n") or [""]

    def _elided(self, room: int) -> str:
        metrics = self.fontMetrics()
        if not self.wordWrap():
            elide = Qt.TextElideMode.ElideRight
            return "\n".join(metrics.elidedText(line, elide, room) for line in self._lines())
        return elide_words(self._full, metrics, room)

    def _show(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin()
        shown = self._elided(room) if room > 0 else self._full
        if super().text() != shown:
            super().setText(shown)
        super().setToolTip(self._full if shown != self._full else self._own_tip)
