"""PySide6's import hook answers for the application's modules without reading their source."""

from __future__ import annotations

import sys
from types import ModuleType

import desktop_app.ui  # noqa: F401  # installs the answer


def _uses_pyside(name: str, **attributes: object) -> bool:
    module = ModuleType(name)
    module.__dict__.update(attributes)
    return bool(sys.modules["shibokensupport.feature"]._mod_uses_pyside(module))


def test_the_applications_modules_are_not_read() -> None:
    # no source file at all: reading it would fail, and the hook would answer False
    assert _uses_pyside("desktop_app.ui.somewhere_new")
    assert _uses_pyside("desktop_app")


def test_other_modules_are_still_read() -> None:
    assert not _uses_pyside("desktop_apparatus")  # not the package: read, and it has no file
    assert _uses_pyside("PySide6.QtCore.whatever", __file__=sys.modules["PySide6"].__file__)
    # a module of a library not known to be without Qt, whose source says it uses PySide6
    assert _uses_pyside("some_library.widgets", __file__=sys.modules["PySide6"].__file__)


def test_the_standard_librarys_and_known_libraries_modules_are_not_read() -> None:
    # each is given a source that mentions PySide6: read, it would be said to use it
    pyside_source = sys.modules["PySide6"].__file__
    for name in ("json", "asyncio.events", "psycopg.pq", "peewee", "typing_extensions"):
        assert not _uses_pyside(name, __file__=pyside_source), name


def test_installing_again_changes_nothing() -> None:
    from desktop_app.ui.pyside_scan import skip_source_scan

    hook = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    skip_source_scan("desktop_app")
    assert sys.modules["shibokensupport.feature"]._mod_uses_pyside is hook
