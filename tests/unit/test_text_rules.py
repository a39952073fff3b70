"""Text every field refuses (invisible format characters, a lone ``-``) and how messages quote."""

import unicodedata

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.requests import clean_reason
from desktop_app.domain.text import quoted, refused_character
from desktop_app.domain.validation import MAX_LENGTHS, validate_draft
from tests.support.world import draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

INVISIBLE = {
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\u200b": "ZERO WIDTH SPACE",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    "\u00ad": "SOFT HYPHEN",
}


@pytest.mark.parametrize("char", list(INVISIBLE))
@pytest.mark.parametrize("field", ["name", "city", "address_line2", "last_name", "tax_id"])
def test_invisible_characters_are_refused_in_every_text_field_naming_them(field, char):
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(**{field: f"Invoice{char}fdp.exe"}))
    assert caught.value.fields == {field}
    message = caught.value.message_for(field)
    assert f"U+{ord(char):04X} {INVISIBLE[char]}" in message


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_a_reason_with_an_invisible_character_is_refused(char):
    with pytest.raises(ValidationError) as caught:
        clean_reason(f"Wrong{char} city")
    assert f"U+{ord(char):04X}" in caught.value.message_for("reason")


def test_every_format_and_separator_character_is_refused_but_the_joiners():
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) not in ("Cf", "Zl", "Zp"):
            continue
        expected = None if char in "\u200c\u200d" else char
        assert refused_character(f"a{char}b") == expected, hex(code)


def test_joiners_stay_part_of_a_word():
    persian = "می\u200cخواهم"  # the non-joiner is how the word is spelt
    data, _ = validate_draft(draft(name=persian, city="\u0915\u094d\u200d\u0937"))
    assert data.name == persian


def test_control_characters_keep_their_message():
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(city="a\x00b"))
    assert caught.value.message_for("city") == (
        "Remove the control characters (such as NUL) from this field."
    )
    with pytest.raises(ValidationError) as reason:
        clean_reason("bad\x00reason")
    assert reason.value.message_for("reason") == "Remove the control characters."


@pytest.mark.parametrize("field", sorted(MAX_LENGTHS))
def test_a_lone_dash_is_refused_where_the_workbook_reads_it_as_empty(field):
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(**{field: " - "}))
    assert caught.value.fields == {field}
    assert "“-” stands for an empty field" in caught.value.message_for(field)


def test_a_dash_inside_a_value_is_kept():
    data, _ = validate_draft(draft(name="-1 Minus AG", city="Saint-Denis", address_line2="--"))
    assert (data.name, data.city, data.address_line2) == ("-1 Minus AG", "Saint-Denis", "--")


def test_quoted_values_are_cut_and_escaped():
    assert quoted("Berlin") == "“Berlin”"
    long = quoted("x" * 32_000)
    assert len(long) <= 83 and long.endswith("…”")
    shown = quoted("a\x00b\u202ec\nd" + "\x00" * 10_000)
    assert "\x00" not in shown and "\u202e" not in shown and "\n" not in shown
    assert shown.startswith("“a\\x00b\\u202ec\\nd\\x00") and len(shown) <= 83
    assert quoted("Zürich €") == "“Zürich €”"


def test_a_long_country_is_quoted_short():
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(country="\x01" + "Q" * 40_000))
    with pytest.raises(ValidationError) as named:
        validate_draft(draft(country="Q" * 40_000))
    assert "control characters" in caught.value.message_for("country")
    message = named.value.message_for("country")
    assert len(message) < 160 and "…" in message
