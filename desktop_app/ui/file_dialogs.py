"""File dialogs that list folders without ever opening the files in them.

Qt's file dialog asks its icon provider for every file's icon and type, and the default
provider finds them through the MIME database, which opens and reads each file to look at
its content. On POSIX systems closing that descriptor of the open workspace (or of its
``-wal`` or ``-shm``) releases every lock SQLite holds on it in this process, so another
program can delete the write-ahead log under the open workspace. These dialogs use Qt's own
widgets (a platform's native dialog may sniff content in this process too) with an icon
provider that reads nothing but names and ``stat``. Windows' locks are not released that
way, so its native dialog is kept there.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path
from typing import Final

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QStyle, QWidget

FILE_DIALOG_NAME: Final = "file_dialog"
USE_NATIVE_DIALOG: Final = sys.platform == "win32"


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from a file's name and kind only, never from its content."""

    def __init__(self, style: QStyle) -> None:
        super().__init__()
        self._folder = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._file = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._drive = style.standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)
        self._computer = style.standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)

    def icon(self, what: QAbstractFileIconProvider.IconType | QFileInfo) -> QIcon:
        """A folder, drive or file icon; QFileInfo answers from ``stat`` alone."""
        if isinstance(what, QFileInfo):
            if not what.filePath():  # the sidebar's "Computer": every drive
                return self._computer
            if what.isRoot():
                return self._drive
            return self._folder if what.isDir() else self._file
        if what == QAbstractFileIconProvider.IconType.Folder:
            return self._folder
        if what == QAbstractFileIconProvider.IconType.Drive:
            return self._drive
        if what == QAbstractFileIconProvider.IconType.Computer:
            return self._computer
        return self._file

    def type(self, info: QFileInfo) -> str:
        """``Folder``, ``SQLITE File`` and the like: the suffix says the type."""
        if info.isRoot():
            return "Drive"
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} File" if suffix else "File"


@cache
def _shared_provider() -> NameOnlyIconProvider:
    """One provider for the application's lifetime: a dialog's model keeps a pointer to it."""
    return NameOnlyIconProvider(QApplication.style())


def filter_suffix(name_filter: str) -> str:
    """``xlsx`` for ``Excel workbook (*.xlsx)``: the first pattern's suffix, or empty."""
    match = re.search(r"\*\.(\w+)", name_filter)
    return match.group(1) if match else ""


def follow_filter_suffix(dialog: QFileDialog) -> None:
    """Keep the dialog's default suffix that of its selected filter, as the user switches."""
    dialog.setDefaultSuffix(filter_suffix(dialog.selectedNameFilter()))
    dialog.filterSelected.connect(lambda chosen: dialog.setDefaultSuffix(filter_suffix(chosen)))


def file_dialog(
    parent: QWidget | None,
    title: str,
    start: Path | str | None,
    filters: str,
    *,
    save: bool,
    default_suffix: str = "",
) -> QFileDialog:
    """A file dialog for opening (``save`` false) or saving that never reads file contents.

    ``start`` is a folder, or a file whose folder is shown and whose name is proposed.
    """
    dialog = QFileDialog(parent, title, str(start) if start is not None else "", filters)
    dialog.setObjectName(FILE_DIALOG_NAME)
    if not USE_NATIVE_DIALOG:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setIconProvider(_shared_provider())
    if default_suffix or not save:
        dialog.setDefaultSuffix(default_suffix)
    else:  # the suffix of the chosen filter, added before Qt asks about overwriting a file
        follow_filter_suffix(dialog)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


def ask_file(
    parent: QWidget | None,
    title: str,
    start: Path | str | None,
    filters: str,
    *,
    save: bool,
    default_suffix: str = "",
) -> tuple[Path | None, str]:
    """Show :func:`file_dialog` modally: the chosen file (None when cancelled) and filter."""
    dialog = file_dialog(parent, title, start, filters, save=save, default_suffix=default_suffix)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None, ""
        chosen = dialog.selectedFiles()
        return (Path(chosen[0]) if chosen else None), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()
