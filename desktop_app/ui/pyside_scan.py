"""PySide6 reads the source of each module imported after it; the application's need not be read.

shiboken's import hook asks, for every new module, whether it uses PySide6, by reading its
source file whole (``inspect.getsource``): a module importing ``__feature__`` (snake_case,
true_property) gets its own view of the Qt classes. The application imports no ``__feature__``,
and the hook's reading took about 80 µs a module: 10 ms of the ~130 modules of every start
(2026-12-04). Its modules are told to use PySide6 unread. The standard library's modules and
those of the libraries it loads that never use Qt are told they do not, unread: a team
workspace's start read 216 of them (psycopg's 61, asyncio's 19), 20.7 ms (2026-12-05). Any
other module is still read.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Final

import PySide6  # noqa: F401  # installs the import hook (shibokensupport) answered here

WITHOUT_QT: Final = frozenset(
    {
        "dateutil",
        "dns",
        "email_validator",
        "et_xmlfile",
        "faker",
        "idna",
        "openpyxl",
        "peewee",
        "phonenumbers",
        "platformdirs",
        "playhouse",
        "psycopg",
        "psycopg_binary",
        "psycopg_c",
        "pycountry",
        "python_calamine",
        "stdnum",
        "typing_extensions",
        "tzdata",
        "xlsxwriter",
    }
)
"""Libraries the application loads (its dependencies') that never use PySide6."""


def _never_uses_qt(name: str) -> bool:
    """The standard library, or a library of :data:`WITHOUT_QT`."""
    top = name.partition(".")[0]
    return top in sys.stdlib_module_names or top in WITHOUT_QT or top.startswith("_sysconfigdata")


def skip_source_scan(package: str) -> None:
    """The hook answers for ``package`` and the libraries without Qt, reading none of them.

    "Uses PySide6" for ``package`` and its modules; "does not" for the standard library's
    and those of :data:`WITHOUT_QT`.

    Nothing happens when this PySide6 has no such hook (a later version may not).
    """
    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(scan) or getattr(scan, "skipped", None) == package:
        return
    prefix = package + "."

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", "")
        if name == package or name.startswith(prefix):
            return True
        return not _never_uses_qt(name) and bool(scan(module))

    uses_pyside.skipped = package  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
