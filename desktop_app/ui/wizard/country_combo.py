"""An editable, searchable choice of ISO-3166 countries shown as ``Germany (DE)``."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import pycountry
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from desktop_app.domain.countries import country_name
from desktop_app.domain.text import fold_for_search, normalize_text

PLACEHOLDER: Final = "Type a country or its code…"
VISIBLE_ITEMS: Final = 15
MINIMUM_CHARACTERS: Final = 24
_CODE_AT_END: Final = re.compile(r"\(([A-Za-z]{2})\)\s*$")


def country_text(code: str) -> str:
    """``Germany (DE)``: the common name and the alpha-2 code; the code alone when unknown."""
    country = pycountry.countries.get(alpha_2=code.upper()) if country_name(code) else None
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return f"{name} ({country.alpha_2})"


@lru_cache(maxsize=1)
def country_choices() -> tuple[tuple[str, str], ...]:
    """Every ISO-3166 country as ``(text, alpha-2)``, sorted by name."""
    choices = [(country_text(str(c.alpha_2)), str(c.alpha_2)) for c in pycountry.countries]
    return tuple(sorted(choices, key=lambda choice: fold_for_search(choice[0])))


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Folded names (short, common and official) to alpha-2 codes."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(fold_for_search(str(value)), str(country.alpha_2))
    return names


def resolve_country(text: str) -> str | None:
    """The alpha-2 code ``text`` names (``de``, ``Germany``, ``Germany (DE)``), None if none."""
    clean = normalize_text(text)
    if not clean:
        return None
    if country_name(clean):
        return clean.upper()
    match = _CODE_AT_END.search(clean)
    if match and country_name(match.group(1)):
        return match.group(1).upper()
    return _names().get(fold_for_search(clean))


class CountryCombo(QComboBox):
    """Pick a country from the list or type part of its name or code to find it."""

    country_changed = Signal(str)
    """The code (or, for text naming no country, the text) after the user chose or typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("country_combo")
        self.line_edit = QLineEdit()
        self.line_edit.setObjectName("country_edit")
        self.setLineEdit(self.line_edit)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(VISIBLE_ITEMS)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(MINIMUM_CHARACTERS)
        for text, code in country_choices():
            self.addItem(text, code)
        completer = QCompleter(self.model(), self)
        completer.setObjectName("country_completer")
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(VISIBLE_ITEMS)
        self.setCompleter(completer)
        self.line_edit.setPlaceholderText(PLACEHOLDER)
        self.line_edit.setClearButtonEnabled(True)
        self.line_edit.editingFinished.connect(self._on_line_edit_editing_finished)
        self.activated.connect(self._on_self_activated)
        self.setCurrentIndex(-1)

    def code(self) -> str:
        """The chosen country's alpha-2 code; the text as typed when it names no country."""
        text = self.currentText()
        return resolve_country(text) or normalize_text(text)

    def is_known(self) -> bool:
        """True when the text names an ISO-3166 country."""
        return resolve_country(self.currentText()) is not None

    def set_code(self, code: str) -> None:
        """Show the country ``code``; an unknown code is shown as typed, empty clears."""
        index = self.findData(code.upper()) if code else -1
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(code)

    def clear_country(self) -> None:
        """No country chosen."""
        self.set_code("")

    def _canonicalize(self) -> None:
        code = resolve_country(self.currentText())
        if code is not None:
            index = self.findData(code)
            if index != self.currentIndex() or self.currentText() != self.itemText(index):
                self.setCurrentIndex(index)

    @Slot()
    def _on_line_edit_editing_finished(self) -> None:
        self._canonicalize()
        self.country_changed.emit(self.code())

    @Slot(int)
    def _on_self_activated(self, _index: int) -> None:
        self.country_changed.emit(self.code())
