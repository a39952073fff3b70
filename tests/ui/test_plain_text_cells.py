"""The Directory's cells of plain text ask Qt to skip shaping; the others keep it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop_app.ui.directory.directory_view import DirectoryView
from desktop_app.ui.models.account_table_model import Column
from tests.support.world import World, draft


def test_plain_names_are_drawn_unshaped_and_arabic_ones_shaped(qtbot: Any, world: World) -> None:
    world.services.accounts.create(draft(name="Müller Handels GmbH"))
    world.services.accounts.create(draft(name="شركة الأمل للتجارة"))
    view = DirectoryView(world.services.directory)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    model = view.model
    fonts = {}
    for row in range(model.rowCount()):
        index = model.index(row, Column.NAME)
        name = index.data()  # formatted first, as a paint of rows read apart finds them
        fonts[name] = index.data(Qt.ItemDataRole.FontRole)
    plain = fonts["Müller Handels GmbH"]
    assert isinstance(plain, QFont)
    assert plain.styleStrategy() == QFont.StyleStrategy.PreferNoShaping
    assert fonts["شركة الأمل للتجارة"] is None  # the table's own font, shaped
    view.table.viewport().repaint()  # both are painted without a complaint
