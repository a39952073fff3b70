"""PySide6 reads the source of each module imported after it; the application's need not be read.

shiboken's import hook asks, for every new module, whether it uses PySide6, by reading its
source file whole (``inspect.getsource``): a module importing ``__feature__`` (snake_case,
true_property) gets its own view of the Qt classes. The application imports no ``__feature__``,
and the hook's reading took about 80 µs a module: 10 ms of the ~130 modules of every start
(2026-12-04). Its modules are told to use PySide6 unread; the others are still read.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6  # noqa: F401  # installs the import hook (shibokensupport) answered here


def skip_source_scan(package: str) -> None:
    """The hook answers "uses PySide6" for ``package`` and its modules without reading them.

    Nothing happens when this PySide6 has no such hook (a later version may not).
    """
    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(scan) or getattr(scan, "skipped", None) == package:
        return
    prefix = package + "."

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", "")
        return name == package or name.startswith(prefix) or bool(scan(module))

    uses_pyside.skipped = package  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
