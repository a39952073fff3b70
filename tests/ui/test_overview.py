"""The Overview tab: each chart's bars open exactly the rows they count; PNG, palette, place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QImage, QPalette

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType
from desktop_app.services.changes import Changes
from desktop_app.services.overview import (
    ACCOUNTS_BY_TYPE,
    TREES,
    Chart,
    Figure,
    Series,
)
from desktop_app.services.queries import DirectoryQuery
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.overview.bar_chart import BarChart
from desktop_app.ui.overview.chart_parts import series_colors
from desktop_app.ui.window_settings import KEY_OVERVIEW_FIRST
from tests.support.world import draft


@pytest.fixture
def seeded(world):
    seed_workspace(world.store, 300, random_seed=11)
    return world


def make_window(qtbot, world, settings=None) -> MainWindow:
    window = MainWindow(world.services, workspace_path=world.path, settings=settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # Ctrl+0 reaches the active window
    return window


def show_overview(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.overview.tab
    view = window.overview.tab.view
    assert view is not None
    qtbot.waitUntil(lambda: view.charts[TREES].chart() is not None, timeout=10_000)
    return view


def click(qtbot, chart: BarChart, figure: Figure) -> None:
    bar = next(b for b in chart.bars() if b.figure is figure)
    chart.parentWidget().parentWidget().parentWidget().ensureWidgetVisible(chart)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=bar.rect.center().toPoint())


def shown_count(window, figure: Figure) -> int:
    if figure.accounts is not None:
        assert window.tabs.currentWidget() is window.directory_view
        bar = window.directory_view.narrowing_bar
        assert bar.isVisible()
        assert figure.filter_label in bar.label.text()
        return window.directory_view.model.rowCount()
    assert window.tabs.currentWidget() is window.requests_view
    query = window.requests_view.query()
    assert (query.status, query.product_id) == (figure.request_status, figure.product_id)
    assert query.account_id is None and query.vendor_id is None and not query.search
    window.requests_view.model.wait_for_rows()
    return window.requests_view.model.rowCount()


def test_a_bar_of_every_chart_opens_exactly_the_rows_it_counts(qtbot, seeded):
    window = make_window(qtbot, seeded)
    view = show_overview(qtbot, window)
    clicked = 0
    for key, chart in view.charts.items():
        shown = chart.chart()
        assert shown is not None and shown.series, key
        figures = [f for s in shown.series for f in s.figures]
        largest = max(figures, key=lambda f: f.value)
        smallest = min(figures, key=lambda f: f.value)
        for figure in dict.fromkeys((largest, smallest)):
            window.overview.show()
            click(qtbot, chart, figure)
            assert shown_count(window, figure) == figure.value, (key, figure.label)
            clicked += 1
    assert clicked >= 2 * len(view.charts) - 1
    # the filter is cleared with its ✕: every live account again
    directory = window.directory_view
    window.overview.show()
    by_type = view.charts[ACCOUNTS_BY_TYPE]
    deleted = by_type.chart().series[1].figures[0]
    click(qtbot, by_type, deleted)
    assert directory.query().deleted
    qtbot.mouseClick(directory.narrowing_bar.clear_button, Qt.MouseButton.LeftButton)
    assert not directory.narrowing_bar.isVisible()
    assert directory.query() == DirectoryQuery(type=AccountType.CUSTOMER)
    assert directory.model.rowCount() == seeded.services.directory.count(directory.query())


def test_the_figures_follow_a_change_and_keep_the_previous_ones_meanwhile(qtbot, world):
    window = make_window(qtbot, world)
    view = show_overview(qtbot, window)
    chart = view.charts[ACCOUNTS_BY_TYPE]
    live_resellers = chart.chart().series[0].figures[1]
    assert live_resellers.value == 0
    created = world.services.accounts.create(draft(name="New Reseller")).account
    with qtbot.waitSignal(view.figures_shown, timeout=10_000):
        window.apply_changes(Changes.saved(created, created=True))
    assert chart.chart().series[0].figures[1].value == 1


def test_the_chart_code_loads_only_when_the_tab_is_first_shown(qtbot, seeded, settings):
    settings.setValue(KEY_OVERVIEW_FIRST, False)  # the user unticked Show Overview First
    window = make_window(qtbot, seeded, settings)
    assert window.tabs.currentWidget() is window.directory_view
    assert window.overview.tab.view is None  # nothing built, nothing read
    window.apply_changes(Changes.all())
    assert window.overview.tab.view is None
    show_overview(qtbot, window)


def test_a_new_user_opens_on_the_overview_and_unticking_it_is_remembered(qtbot, seeded, settings):
    window = make_window(qtbot, seeded, settings)
    assert titles(window) == ["Overview", "Directory", "Requests"]
    assert window.tabs.currentWidget() is window.overview.tab
    view = window.overview.tab.view
    assert view is not None  # the first tab: its charts are read and shown
    qtbot.waitUntil(lambda: view.charts[ACCOUNTS_BY_TYPE].chart() is not None, timeout=10_000)
    first = window.findChild(QAction, "action_overview_first")
    assert first.isChecked()

    first.trigger()  # unticked: the Overview goes behind Directory and Requests
    assert titles(window) == ["Directory", "Requests", "Overview"]
    assert settings.value(KEY_OVERVIEW_FIRST, type=bool) is False
    window.close()
    again = make_window(qtbot, seeded, settings)
    assert titles(again) == ["Directory", "Requests", "Overview"]
    assert again.tabs.currentWidget() is again.directory_view
    assert again.overview.tab.view is None  # not shown: its charts are not even loaded
    again.findChild(QAction, "action_overview_first").trigger()
    assert titles(again) == ["Overview", "Directory", "Requests"]
    assert settings.value(KEY_OVERVIEW_FIRST, type=bool) is True


def test_an_empty_workspace_opens_on_the_directory_and_its_demo_offer(qtbot, world, settings):
    window = make_window(qtbot, world, settings)
    assert window.overview.is_first()  # first in the tab bar, yet nothing to chart
    assert window.tabs.currentWidget() is window.directory_view
    assert window.directory_view.is_showing_empty_state()
    assert window.directory_view.empty_page.isVisible()


def titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i).split(" (")[0] for i in range(window.tabs.count())]


def shown_chart(qtbot) -> BarChart:
    """The sample chart in a widget of its own, shown at 480 pixels wide."""
    chart = BarChart(sample_chart())
    qtbot.addWidget(chart)
    chart.resize(480, chart.sizeHint().height())
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def sample_chart() -> Chart:
    figures = tuple(Figure(f"Label {i}", (i + 1) * 10, f"{(i + 1) * 10} things") for i in range(5))
    return Chart("sample", "Sample chart", (Series("Things", figures),), "A note")


def test_save_as_png_writes_an_image_of_the_charts_size(qtbot, tmp_path):
    chart = shown_chart(qtbot)
    target = tmp_path / "chart.png"
    asked = []
    chart.ask_save_path = lambda _parent, suggested: asked.append(suggested) or str(target)
    chart.save_action.trigger()
    assert asked == ["sample.png"]
    image = QImage(str(target))
    assert not image.isNull()
    assert image.size() == chart.size()
    assert target.stat().st_size > 1000
    # Copy puts the same picture on the clipboard
    chart.copy_action.trigger()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().image().size() == chart.size()
    assert [a.text() for a in chart.menu.actions()] == ["Save as PNG…", "Copy"]


@pytest.mark.parametrize(
    ("base", "text", "highlight"),
    [("#ffffff", "#000000", "#3070d0"), ("#202124", "#e8eaed", "#8ab4f8")],
    ids=["light", "dark"],
)
def test_the_chart_follows_the_palette(qtbot, base, text, highlight):
    chart = BarChart(sample_chart())
    qtbot.addWidget(chart)
    palette = QPalette(chart.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor(text))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(highlight))
    chart.setPalette(palette)
    chart.resize(480, chart.sizeHint().height())
    image = chart.image()
    assert QColor(image.pixel(1, 1)).rgb() == QColor(base).rgb()
    bar = chart.bars()[-1]
    inside = bar.rect.center().toPoint()
    assert (
        QColor(image.pixel(inside)).rgb()
        == series_colors(palette, 1)[0].rgb()
        == QColor(highlight).rgb()
    )
    # the title is drawn in the palette's text colour
    title = [
        QColor(image.pixel(x, y))
        for x in range(8, 120)
        for y in range(8, 8 + chart.fontMetrics().height())
    ]
    assert any(c.rgb() == QColor(text).rgb() for c in title)


def test_a_bar_tells_its_exact_figure_and_a_click_emits_it(qtbot):
    chart = shown_chart(qtbot)
    bar = chart.bars()[2]
    assert chart.bar_at(bar.rect.center()) is bar
    assert chart.bar_at(QPoint(1, 1).toPointF()) is None
    with qtbot.waitSignal(chart.figure_clicked) as clicked:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=bar.rect.center().toPoint())
    assert clicked.args == [bar.figure]
    assert bar.figure.tip == "30 things"


def test_another_workspace_shows_its_own_figures_and_closing_ends_the_reading(qtbot, tmp_path):
    from tests.support.windows import window_over

    window = window_over(qtbot, tmp_path, ["Alpha Resale", "Beta Resale"])
    window.overview.show()
    view = window.overview.tab.view
    assert view is not None
    by_type = view.charts[ACCOUNTS_BY_TYPE]
    qtbot.waitUntil(lambda: by_type.chart() is not None and by_type.chart().total == 2)
    reader = view._reader

    assert window.switch_workspace(tmp_path / "other.sqlite", create=True)
    assert reader.closed  # the old workspace's reading thread ended with it
    qtbot.waitUntil(lambda: by_type.chart() is not None and by_type.chart().total == 0)
    window.close()
    assert view._reader.closed


def test_the_keyboard_goes_from_bar_to_bar_and_enter_opens_one(qtbot):
    chart = shown_chart(qtbot)
    chart.setFocus()
    assert chart.current_bar() is None
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left):
        qtbot.keyClick(chart, key)
    assert chart.current_bar() is chart.keyboard_order()[1]  # the first, on, on, back
    assert chart.accessibleDescription() == chart.keyboard_order()[1].figure.tip
    with qtbot.waitSignal(chart.figure_clicked) as opened:
        qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert opened.args == [chart.keyboard_order()[1].figure]
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert chart.current_bar() is chart.keyboard_order()[-1]
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    assert chart.current_bar() is chart.keyboard_order()[0]
