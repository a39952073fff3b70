"""A bar chart drawn with QPainter: one chart of the Overview, clickable bar by bar.

Horizontal bars (a label a row, the series side by side in it) or columns (the weeks). Colours
come from the widget's palette, so the chart follows the window's light or dark look; the
tooltip gives a bar's exact figure; the context menu saves the chart as PNG or copies it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QGuiApplication,
    QHelpEvent,
    QImage,
    QImageWriter,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolTip, QWidget

from desktop_app.services.overview import Chart
from desktop_app.ui.overview.chart_parts import (
    COLUMNS_HEIGHT,
    COPY_TEXT,
    EMPTY_TEXT,
    GAP,
    LABEL_SHARE,
    MARGIN,
    READING_TEXT,
    SAVE_TEXT,
    Bar,
    ask_png_path,
    keyboard_step,
    paint_column_labels,
    paint_row_labels,
    series_colors,
)


class BarChart(QWidget):
    """One :class:`Chart`; a click on a bar emits its :class:`Figure`."""

    figure_clicked = Signal(object)
    """The :class:`Figure` of the bar clicked."""
    figure_current = Signal(object)
    """The :class:`Figure` the arrow keys moved to (its exact figure is told beside)."""

    def __init__(
        self, chart: Chart | None = None, *, columns: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bar_chart")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; arrows pick a bar
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.columns = columns
        """Draw the figures as columns over their labels (many, short ones: weeks)."""
        self.ask_save_path: Callable[[QWidget, str], str | None] = ask_png_path
        """Asks where to save the PNG (tests set a function that answers)."""
        self._chart = chart
        self._bars: list[Bar] = []
        self._laid_out_for: QSize | None = None
        self._hovered: Bar | None = None
        self._current: int | None = None
        """The bar the keyboard is on (its place in :meth:`keyboard_order`)."""
        self._columns_top = 0.0
        self.menu = QMenu(self)
        self.menu.setObjectName("chart_menu")
        self.save_action = self.menu.addAction(SAVE_TEXT)
        self.save_action.setObjectName("action_save_chart")
        self.save_action.triggered.connect(self.save_as)
        self.copy_action = self.menu.addAction(COPY_TEXT)
        self.copy_action.setObjectName("action_copy_chart")
        self.copy_action.triggered.connect(self.copy_image)

    # what it shows

    def chart(self) -> Chart | None:
        """The chart shown (None while its figures are being read)."""
        return self._chart

    def set_chart(self, chart: Chart | None) -> None:
        """Show ``chart``; the height follows its rows."""
        if chart == self._chart:
            return
        self._chart = chart
        self._laid_out_for = None
        self._hovered = None
        self._current = None
        self.setAccessibleName(chart.title if chart is not None else "")
        self.updateGeometry()
        self.update()

    def bars(self) -> list[Bar]:
        """Every bar as drawn at the current size."""
        self._layout()
        return list(self._bars)

    def keyboard_order(self) -> list[Bar]:
        """The bars as the arrow keys go through them: label by label, each series in turn."""
        return sorted(self.bars(), key=lambda b: (b.index, b.series))

    def current_bar(self) -> Bar | None:
        """The bar the keyboard is on (Enter lists its rows), None before any."""
        order = self.keyboard_order()
        return order[self._current] if self._current is not None and order else None

    def bar_at(self, position: QPointF) -> Bar | None:
        """The bar under ``position`` (or in its row), None elsewhere."""
        for bar in self.bars():
            hit = bar.rect.adjusted(0, -1, 0, 1)
            if self.columns:
                hit.setTop(self._columns_top)  # the whole column's height, short or empty
            else:
                hit.setRight(max(hit.right(), hit.left() + 12))
            if hit.contains(position):
                return bar
        return None

    # sizes

    def _header_lines(self) -> int:
        chart = self._chart
        if chart is None:
            return 1
        return 1 + int(bool(chart.note)) + int(len(chart.series) > 1)

    def _row_height(self) -> int:
        series = len(self._chart.series) if self._chart else 1
        return max(1, series) * (self.fontMetrics().height() - 2) + 2 * GAP

    def _categories(self) -> int:
        chart = self._chart
        return max((len(s.figures) for s in chart.series), default=0) if chart else 0

    def sizeHint(self) -> QSize:
        """As wide as the layout gives; as tall as the rows (or the columns) need."""
        line = self.fontMetrics().height()
        header = self._header_lines() * (line + GAP) + MARGIN
        if self.columns:
            body = COLUMNS_HEIGHT + line + GAP
        else:
            body = max(1, self._categories()) * self._row_height()
        return QSize(360, header + body + MARGIN)

    def minimumSizeHint(self) -> QSize:
        """Narrow enough for two charts side by side at 1024 px."""
        return QSize(240, self.sizeHint().height())

    # drawing

    def _layout(self) -> None:
        if self._laid_out_for == self.size():
            return
        self._laid_out_for = self.size()
        self._bars = []
        chart = self._chart
        if chart is None or not chart.series:
            return
        metrics = self.fontMetrics()
        line = metrics.height()
        top = MARGIN + self._header_lines() * (line + GAP)
        width = self.width() - 2 * MARGIN
        peak = max((f.value for s in chart.series for f in s.figures), default=0) or 1
        count = len(chart.series)
        if self.columns:
            slots = max(1, self._categories())
            slot_width = width / slots
            bar_width = max(1.0, (slot_width - GAP) / count)
            base = top + COLUMNS_HEIGHT
            self._columns_top = float(top)
            for s, series in enumerate(chart.series):
                for i, figure in enumerate(series.figures):
                    height = COLUMNS_HEIGHT * figure.value / peak
                    left = MARGIN + i * slot_width + s * bar_width
                    rect = QRectF(left, base - height, bar_width - 1, height)
                    self._bars.append(Bar(rect, figure, s, i))
            return
        labels = self._label_width()
        room = max(10.0, width - labels - GAP - self._value_width())
        row = self._row_height()
        thickness = (row - 2 * GAP) / count
        for s, series in enumerate(chart.series):
            for i, figure in enumerate(series.figures):
                y = top + i * row + GAP + s * thickness
                length = room * figure.value / peak
                rect = QRectF(MARGIN + labels + GAP, y, length, thickness - 1)
                self._bars.append(Bar(rect, figure, s, i))

    def _label_width(self) -> int:
        chart = self._chart
        metrics = self.fontMetrics()
        widest = (
            max(
                (metrics.horizontalAdvance(f.label) for s in chart.series for f in s.figures),
                default=0,
            )
            if chart
            else 0
        )
        return min(widest + 2, int((self.width() - 2 * MARGIN) * LABEL_SHARE))  # 2: rounding

    def _value_width(self) -> int:
        chart = self._chart
        peak = max((f.value for s in chart.series for f in s.figures), default=0) if chart else 0
        return self.fontMetrics().horizontalAdvance(f"{peak:,}") + GAP

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Title, note, legend, then the bars with their labels and figures."""
        painter = QPainter(self)
        try:
            self.paint(painter)
        finally:
            painter.end()

    def paint(self, painter: QPainter) -> None:
        """Draw the whole chart with ``painter`` (the screen, or an image being saved)."""
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        text = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text)
        muted.setAlphaF(0.65)
        metrics = self.fontMetrics()
        line = metrics.height()
        chart = self._chart
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        title = chart.title if chart is not None else READING_TEXT
        painter.drawText(
            QRectF(MARGIN, MARGIN, self.width() - 2 * MARGIN, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, self.width() - 2 * MARGIN),
        )
        painter.setFont(self.font())
        if chart is None:
            return
        y = MARGIN + line + GAP
        if chart.note:
            painter.setPen(muted)
            painter.drawText(
                QRectF(MARGIN, y, self.width() - 2 * MARGIN, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(
                    chart.note, Qt.TextElideMode.ElideRight, self.width() - 2 * MARGIN
                ),
            )
            y += line + GAP
        colors = series_colors(palette, len(chart.series))
        if len(chart.series) > 1:
            x = float(MARGIN)
            for series, color in zip(chart.series, colors, strict=True):
                painter.fillRect(QRectF(x, y + line / 4, line / 2, line / 2), color)
                x += line / 2 + GAP
                painter.setPen(text)
                painter.drawText(QPointF(x, y + metrics.ascent()), series.name)
                x += metrics.horizontalAdvance(series.name) + 3 * GAP
        if not any(s.figures for s in chart.series):
            painter.setPen(muted)
            painter.drawText(QPointF(MARGIN, y + line + metrics.ascent()), EMPTY_TEXT)
            return
        self._layout()
        current = self.current_bar() if self.hasFocus() else None
        for bar in self._bars:
            color = QColor(colors[bar.series])
            if bar is self._hovered or bar is current:
                color = color.lighter(130) if color.lightness() < 128 else color.darker(115)
            painter.fillRect(bar.rect, color)
        if current is not None:  # where the keyboard is
            painter.setPen(QPen(text, 1, Qt.PenStyle.DotLine))
            painter.drawRect(current.rect.adjusted(-2, -2, 1, 1))
        painter.setPen(text)
        if self.columns:
            paint_column_labels(painter, self._bars, muted, self.width())
        else:
            paint_row_labels(painter, self._bars, muted, self._label_width(), self._row_height())

    # exporting

    def image(self) -> QImage:
        """The chart drawn into an image of the widget's size."""
        image = QImage(self.size(), QImage.Format.Format_ARGB32)
        image.fill(self.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(image)
        try:
            self.paint(painter)
        finally:
            painter.end()
        return image

    def save_png(self, path: Path | str) -> bool:
        """Write the chart to ``path`` as PNG; False when it could not be written."""
        writer = QImageWriter(str(path))
        writer.setFormat(b"png")  # whatever the name ends with
        return writer.write(self.image())

    def save_as(self) -> None:
        """Ask where, then save the chart as PNG."""
        chart = self._chart
        suggested = f"{chart.key if chart else 'chart'}.png"
        path = self.ask_save_path(self, suggested)
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            if not self.save_png(path):
                QToolTip.showText(self.mapToGlobal(self.rect().center()), f"Could not write {path}")

    def copy_image(self) -> None:
        """Put the chart on the clipboard as an image."""
        QGuiApplication.clipboard().setImage(self.image())

    # events

    def event(self, event: QEvent) -> bool:
        """The hovered bar's exact figure as its tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.bar_at(QPointF(event.pos()))
            if bar is None:
                QToolTip.hideText()
                event.ignore()
                return True
            QToolTip.showText(event.globalPos(), f"{bar.figure.tip}\nClick to list them", self)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows, Home and End move from bar to bar (its figure told); Enter opens its rows."""
        order = self.keyboard_order()
        key = event.key()
        if not order:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            bar = self.current_bar()
            if bar is not None:
                self.figure_clicked.emit(bar.figure)
            return
        step = keyboard_step(key, len(order), self._current)
        if step is None:
            super().keyPressEvent(event)
            return
        self._current = step
        bar = order[self._current]
        self.setAccessibleDescription(bar.figure.tip)
        self.figure_current.emit(bar.figure)
        self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        """The focus shows on the bar the keyboard is on."""
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """No focus, no mark."""
        super().focusOutEvent(event)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Hovering a bar marks it and shows a pointing hand."""
        bar = self.bar_at(event.position())
        if bar is not self._hovered:
            self._hovered = bar
            self.setCursor(Qt.CursorShape.PointingHandCursor if bar else Qt.CursorShape.ArrowCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        """No bar is hovered once the mouse left."""
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A left click on a bar lists its rows."""
        if event.button() == Qt.MouseButton.LeftButton:
            bar = self.bar_at(event.position())
            if bar is not None:
                self.figure_clicked.emit(bar.figure)
                return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Save as PNG… and Copy."""
        self.menu.popup(event.globalPos())
