"""Which cell texts are drawn unshaped: letters drawn one after the other, nothing joined."""

from __future__ import annotations

import pytest

from desktop_app.ui.models.plain_text import is_plain


@pytest.mark.parametrize(
    "text",
    [
        "",
        "TA-1234-5678-9012",
        "Müller Handels GmbH",
        "Geraldo Bolaños Soler S.A.",
        "Łódź Żółć ß Œuvre",
        "Công ty Trách nhiệm Hữu hạn",  # precomposed Vietnamese
        "ООО «Ромашка»",
        "Αθήνα",
        "Smith & Co – “Quotes” …",
        "100 € ™",
    ],
)
def test_latin_greek_and_cyrillic_text_is_plain(text: str) -> None:
    assert is_plain(text)


@pytest.mark.parametrize(
    "text",
    [
        "شركة الأمل",  # Arabic: joined, right to left
        "חברה בע״מ",  # Hebrew
        "कंपनी",  # Devanagari
        "บริษัท",  # Thai
        "株式会社テスト",  # CJK, drawn with fallback fonts
        "Cafe\u0301",  # a combining accent
        "Zettl\u200dWirth",  # a zero-width joiner
        "abc\u200fdef",  # a right-to-left mark
        "Müller 😀",  # an emoji
    ],
)
def test_text_that_needs_shaping_is_not_plain(text: str) -> None:
    assert not is_plain(text)
