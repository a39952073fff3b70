"""A thousand words in a search box: the list answers, and the tooltip says what is looked for."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.domain.text import SEARCH_WORDS_MAX
from desktop_app.ui.directory.directory_view import DirectoryView
from desktop_app.ui.requests.requests_view import RequestsView
from tests.persistence.test_long_searches import THOUSAND_WORDS, edited_customer


@pytest.fixture
def requested(world):
    return edited_customer(world)


def test_the_requests_search_takes_a_thousand_words(qtbot, world, requested):
    view = RequestsView(world.services)
    qtbot.addWidget(view)
    view.set_status(None)
    assert view.model.rowCount() == 1
    assert f"first {SEARCH_WORDS_MAX} words" in view.search_edit.toolTip()
    view.search_edit.setText(THOUSAND_WORDS)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert view.findChild(QMessageBox) is None
    view.search_edit.setText("kunde " * 1_000)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)


def test_the_directory_search_takes_a_thousand_words(qtbot, world, requested):
    view = DirectoryView(world.services.directory)
    qtbot.addWidget(view)
    assert f"first {SEARCH_WORDS_MAX} words" in view.search_edit.toolTip()
    view.search_edit.setText("kunde " * 1_000)
    qtbot.waitUntil(lambda: view.count_label.text() == "1 account")
    view.search_edit.setText(THOUSAND_WORDS)
    qtbot.waitUntil(lambda: view.count_label.text() == "0 accounts")
    assert view.findChild(QMessageBox) is None
