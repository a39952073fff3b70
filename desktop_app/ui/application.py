"""Start the QApplication: a clear message instead of Qt's abort when there is no display."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Final

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from desktop_app.config import APP_ID, APP_NAME, DESKTOP_FILE_NAME, ORGANIZATION, app_version
from desktop_app.ui.icons import app_icon

EXIT_NO_DISPLAY: Final = 3
"""The exit code when no window can be opened: no display, or Qt cannot use it."""
UNSEEN_PLATFORMS: Final = frozenset({"offscreen", "minimal"})
"""Qt platforms whose windows nobody sees: a message box there would wait forever."""
_X11_LIKE: Final = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")


def missing_display(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """Why no window can be shown here, None when there may be a display.

    Only on X11/Wayland systems, and only when ``QT_QPA_PLATFORM`` does not choose a
    platform: with neither ``DISPLAY`` nor ``WAYLAND_DISPLAY`` set, Qt would abort.
    """
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if not system.startswith(_X11_LIKE) or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return "neither DISPLAY nor WAYLAND_DISPLAY is set"


def no_display_message(reason: str) -> str:
    """What to tell someone who started the window where there is no display."""
    return (
        f"{APP_ID}: no display found ({reason}). Start {APP_NAME} from a desktop session. "
        f"Without a display, '{APP_ID} seed', '{APP_ID} check' and '{APP_ID} --smoke-test' "
        "still work (or set QT_QPA_PLATFORM=offscreen)."
    )


def _display_settings() -> str:
    names = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    shown = [f"{name}={os.environ[name]}" for name in names if os.environ.get(name)]
    return ", ".join(shown) or "no display variable set"


def _startup_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    """Qt's messages while the application starts; a fatal one ends the process with a reason.

    Qt aborts (SIGABRT, a crash report on some systems) when its platform plugin cannot
    start, typically when the display cannot be reached; this says why and exits instead.
    """
    stream = sys.stderr
    if kind != QtMsgType.QtFatalMsg:
        if stream is not None:
            category = context.category if context.category not in (None, "default") else None
            print(f"{category}: {text}" if category else text, file=stream)
        return
    if stream is not None:
        first = text.splitlines()[0] if text else "Qt could not start."
        print(
            f"{APP_ID}: cannot open a window ({_display_settings()}): {first}\n"
            f"{APP_ID}: check that the display is running and reachable, or start "
            f"'{APP_ID} --smoke-test' with QT_QPA_PLATFORM=offscreen.",
            file=stream,
        )
        stream.flush()
    if sys.stdout is not None:
        sys.stdout.flush()
    os._exit(EXIT_NO_DISPLAY)


def start_application(argv: list[str]) -> QApplication:
    """The application object (the running one, if any), named and with its icon.

    When Qt cannot start its platform (no display, an unreachable one, a missing system
    library), the process exits with :data:`EXIT_NO_DISPLAY` and a message on stderr.
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        previous = qInstallMessageHandler(_startup_message)
        try:
            app = QApplication(argv)
        finally:
            qInstallMessageHandler(previous)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(app_version())
    QApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(app_icon())
    return app


def dialogs_are_seen() -> bool:
    """False on Qt platforms without a screen, where a modal dialog would never close."""
    return QApplication.platformName() not in UNSEEN_PLATFORMS
