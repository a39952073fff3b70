"""The read-only rule is worded in services/write_permission.py alone: no other module says it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import desktop_app
from desktop_app.domain.errors import StorageError
from desktop_app.services.write_permission import (
    NOTHING_RESTORED,
    ReadOnlyError,
    read_only_banner,
    read_only_statement,
    write_permission,
)

PACKAGE = Path(desktop_app.__file__).parent
HOME = PACKAGE / "services" / "write_permission.py"
RULE_WORDS = re.compile(r"read[- ]only|write access|can(not|'t) (be )?change|nothing can be", re.I)
"""What a sentence about the read-only rule says; a string literal saying it elsewhere fails."""

ELSEWHERE: dict[str, tuple[str, ...]] = {
    # reasons and open errors: what the rule is given, or why a file did not open at all
    "persistence/database.py": (
        "to open read-only.",
        "cannot be opened read-only:",
        ". Open it with write access (or a copy",
    ),
    "persistence/workspace_file.py": ("(left so by a read-only ",),
    # the command line's switch, and its help
    "app.py": ("--read-only",),
    # other rules: a deleted account, an account on a CloudBlue Commerce hub, its hub
    "ui/details/account_header.py": ("this one is shown read-only.",),
    "domain/catalog.py": ("it belongs to that system and cannot be changed here.",),
    "services/accounts.py": ("The hub is set when an account is created and cannot be changed.",),
}


def string_literals(source: str) -> list[str]:
    """Every string literal of a module but its docstrings (f-strings: their literal parts)."""
    tree = ast.parse(source)
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docstrings.add(id(body[0].value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstrings.add(id(node.value))  # attribute docstrings
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def rule_wordings(root: Path) -> list[str]:
    """``file: literal`` for each literal outside the rule's module that words the rule."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path == HOME:
            continue
        name = path.relative_to(root).as_posix()
        allowed = ELSEWHERE.get(name, ())
        for literal in string_literals(path.read_text(encoding="utf-8")):
            if RULE_WORDS.search(literal) and not any(a in literal for a in allowed):
                found.append(f"{name}: {literal!r}")
    return found


def test_no_module_but_the_rules_own_words_the_read_only_rule() -> None:
    assert rule_wordings(PACKAGE) == []


def test_the_check_finds_a_second_wording(tmp_path: Path) -> None:
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "view.py").write_text(
        '"""A view."""\n\n'
        "def note(reason: str) -> str:\n"
        '    """Says it again."""\n'
        '    return f"The workspace is read only ({reason})."\n',
        encoding="utf-8",
    )
    (tmp_path / "ui" / "quiet.py").write_text('"""Docstrings may say read-only."""\n')
    assert rule_wordings(tmp_path) == ["ui/view.py: 'The workspace is read only ('"]


def test_writing_is_allowed_without_a_reason_and_refused_with_the_statement() -> None:
    assert write_permission(None).allowed
    refused = write_permission("the file /w.sqlite is write-protected")
    assert not refused.allowed
    assert refused.reason == "This workspace is read-only: the file /w.sqlite is write-protected."


def test_the_error_is_a_storage_error_that_states_the_rule_and_what_did_not_happen() -> None:
    error = ReadOnlyError("it was opened for reading only", NOTHING_RESTORED)
    assert isinstance(error, StorageError)
    assert error.reason == "it was opened for reading only"
    assert error.message == (
        "This workspace is read-only: it was opened for reading only. Nothing was restored."
    )
    assert ReadOnlyError("x").message == f"{read_only_statement('x')} Nothing was saved."
    assert read_only_banner("x").startswith(read_only_statement("x"))
