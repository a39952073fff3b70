"""Destructive questions: Enter and Space answer the safe button; a click or a mnemonic confirms."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton


def mnemonic(text: str) -> str | None:
    """The mnemonic letter of a button text (``&Delete`` → ``d``), None without one."""
    index = 0
    while index < len(text) - 1:
        if text[index] == "&":
            if text[index + 1] != "&":
                return text[index + 1].lower()
            index += 1  # "&&" is a literal ampersand
        index += 1
    return None


def with_free_mnemonic(text: str, taken: Iterable[str]) -> str:
    """``text`` with a mnemonic that none of ``taken`` uses.

    Its own when it has a free one; else the first free letter of the plain text is marked.
    Unchanged when every letter is taken (then only a click confirms).
    """
    used = {letter.lower() for letter in taken}
    own = mnemonic(text)
    if own is not None and own not in used:
        return text
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&&")
    for index, char in enumerate(plain):
        if char.isalnum() and char.lower() not in used:
            return plain[:index] + "&" + plain[index:]
    return plain


def guard_destructive(safe: QPushButton, confirming: Iterable[QPushButton]) -> None:
    """Make ``safe`` the button that Enter, Return and Space press, and give it the focus.

    The ``confirming`` buttons are never default, never take the focus (so Tab then Space
    cannot reach them either) and answer only a click or their mnemonic. Call it once the
    buttons are in their dialog, so that the focus is the dialog's when it is shown.
    """
    for button in confirming:
        button.setDefault(False)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    safe.setAutoDefault(True)
    safe.setDefault(True)
    safe.setFocus(Qt.FocusReason.OtherFocusReason)
