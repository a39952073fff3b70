"""Reading a workbook's zip for the write-back: chunk size, the errors it raises, no DTD."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pyexpat import ExpatError
from typing import Final

CHUNK: Final = 1 << 20
"""Bytes read (and, at most about, written) at a time."""
MAIN_NAMESPACES: Final = frozenset(
    {
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",  # strict
    }
)
READ_ERRORS: Final = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)
"""What reading a zip member raises when it is damaged (a wrong CRC, a cut stream), encrypted
or packed with a method Python cannot unpack."""


class UnreadableWorkbookError(Exception):
    """The source cannot be read: the message says why, to follow the file's name."""


@contextmanager
def reading(what: str) -> Iterator[None]:
    """Turn what reading ``what`` raises into :class:`UnreadableWorkbookError`."""
    try:
        yield
    except READ_ERRORS as exc:
        said = " ".join(str(exc).split()) or type(exc).__name__
        raise UnreadableWorkbookError(
            f"is damaged or not an Excel workbook ({what}: {said})"
        ) from exc
    except ExpatError as exc:
        raise UnreadableWorkbookError(
            f"is damaged: the XML of {what} is not well-formed ({exc})"
        ) from exc


def no_dtd(part: str) -> Callable[..., None]:
    """A parser handler that refuses a document type declaration in ``part``."""

    def refuse(*_: object) -> None:
        raise UnreadableWorkbookError(
            f"is damaged: {part} declares a document type (DTD), which no workbook part has"
        )

    return refuse
