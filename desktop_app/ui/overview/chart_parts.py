"""What a bar chart is drawn with: sizes, palette colours, where a bar is, the save dialog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.services.overview import Figure

MARGIN: Final = 8
GAP: Final = 3
LABEL_SHARE: Final = 0.34
"""At most this share of the width for the row labels (longer ones are elided)."""
COLUMNS_HEIGHT: Final = 150
EMPTY_TEXT: Final = "Nothing to show"
READING_TEXT: Final = "Reading…"
SAVE_TEXT: Final = "Save as PNG…"
COPY_TEXT: Final = "Copy"
HUE_STEP: Final = 150


def series_colors(palette: QPalette, count: int) -> list[QColor]:
    """The palette's highlight, then hues turned from it at the same saturation and lightness."""
    base = palette.color(QPalette.ColorRole.Highlight)
    hue = base.hslHue() if base.hslHue() >= 0 else 210
    saturation, lightness = max(base.hslSaturation(), 120), base.lightness()
    turned = [
        QColor.fromHsl((hue + HUE_STEP * i) % 360, saturation, lightness) for i in range(count)
    ]
    return [base, *turned[1:]][:count]


def ask_png_path(parent: QWidget, suggested: str) -> str | None:
    """Where to save a chart: the user's choice in a save dialog; None when cancelled."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, "Save Chart as PNG", suggested, "PNG images (*.png)"
    )
    return path or None


@dataclass(frozen=True)
class Bar:
    """Where one figure is drawn."""

    rect: QRectF
    figure: Figure
    series: int
    index: int


_STEPS: Final[dict[int, int]] = {
    Qt.Key.Key_Right.value: 1,
    Qt.Key.Key_Down.value: 1,
    Qt.Key.Key_Left.value: -1,
    Qt.Key.Key_Up.value: -1,
}


def keyboard_step(key: int, bars: int, current: int | None) -> int | None:
    """Where an arrow, Home or End key moves among ``bars`` from ``current``; None: not a move."""
    if key == Qt.Key.Key_Home:
        return 0
    if key == Qt.Key.Key_End:
        return bars - 1
    step = _STEPS.get(int(key))
    if step is None:
        return None
    return max(0, min(bars - 1, (-1 if current is None else current) + step))


def paint_row_labels(
    painter: QPainter, bars: Sequence[Bar], muted: QColor, labels: int, row: int
) -> None:
    """Each row's label left of its bars (``labels`` wide, elided), each bar's figure after it."""
    metrics = painter.fontMetrics()
    text = painter.pen().color()
    for bar in bars:
        if bar.series == 0:
            painter.setPen(text)
            painter.drawText(
                QRectF(MARGIN, bar.rect.top() - GAP, labels, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(bar.figure.label, Qt.TextElideMode.ElideRight, labels),
            )
        painter.setPen(muted)
        painter.drawText(
            QRectF(bar.rect.right() + GAP, bar.rect.top(), 200, bar.rect.height() + 1),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"{bar.figure.value:,}",
        )


def paint_column_labels(painter: QPainter, bars: Sequence[Bar], muted: QColor, width: int) -> None:
    """The labels under the columns, as many as fit (every n-th)."""
    metrics = painter.fontMetrics()
    first = [b for b in bars if b.series == 0]
    if not first:
        return
    every = max(1, round(len(first) * metrics.horizontalAdvance("00 Mmm  ") / width))
    baseline = first[0].rect.bottom() + GAP + metrics.ascent()
    painter.setPen(muted)
    for bar in first[::every]:
        painter.drawText(QPointF(bar.rect.left(), baseline), bar.figure.label)
