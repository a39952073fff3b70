"""Composition root: parse arguments, open the workspace, build the services and the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import cli
from desktop_app.config import (
    APP_ID,
    APP_NAME,
    DESKTOP_FILE_NAME,
    ORGANIZATION,
    default_database_path,
    default_log_path,
)
from desktop_app.domain.errors import DomainError
from desktop_app.persistence.database import backup_folder
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.ui.workspace import WorkspaceBackups, WorkspaceHandle

DEMO_ACCOUNTS = 500

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def open_workspace(
    db_path: Path, create: bool = True, *, read_only: bool = False
) -> WorkspaceHandle:
    """Open the workspace file and build its services; raises DomainError when it cannot.

    A write-protected file or folder (or ``read_only``) opens read-only: the services refuse
    every write and the handle offers no demo data and no restore.
    """
    path = Path(db_path)
    store = SqliteStore.open(path, create=create, read_only=read_only)
    try:
        services = Services.over(store)
        services.workspace.ensure_ready()
    except BaseException:
        store.close()
        raise

    def load_demo_data() -> None:
        from desktop_app.demo.seed import seed_workspace

        seed_workspace(store, DEMO_ACCOUNTS)
        services.workspace.act_as_vendor_of_most_products()

    def back_up(target: Path) -> Path:
        return store.back_up(target)

    def describe(source: Path) -> str:
        return backup_description(store, source)

    def restore(source: Path) -> Path:
        safety = store.restore(source)
        services.workspace.ensure_ready()
        return safety

    backups = WorkspaceBackups(backup_folder(path), back_up, describe, restore)
    demo = load_demo_data if store.read_only_reason is None else None
    return WorkspaceHandle(services, path, demo, store.close, backups)


def backup_description(store: SqliteStore, source: Path) -> str:
    """One line on what a backup holds, after checking it can be restored (never written)."""
    info = store.check_backup(source)
    if info.accounts is None:
        accounts = "a workspace"
    else:
        accounts = f"{info.accounts:,} live tier account{'' if info.accounts == 1 else 's'}"
    saved = info.modified.astimezone().strftime("%Y-%m-%d %H:%M")
    return f"The backup holds {accounts} (schema {info.version}), saved {saved}."


def create_main_window(
    db_path: Path | str,
    *,
    settings_path: Path | str | None = None,
    read_only: bool = False,
) -> MainWindow:
    """Build the fully wired main window over ``db_path`` without showing it.

    A ``QApplication`` must exist. ``settings_path`` keeps window state in an INI file
    (tests and tools); by default the platform's settings store is used. ``read_only``
    opens the workspace without ever writing to it.
    """
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow

    handle = open_workspace(Path(db_path), read_only=read_only)
    settings = (
        QSettings(str(settings_path), QSettings.Format.IniFormat)
        if settings_path is not None
        else QSettings(ORGANIZATION, APP_ID)
    )
    return MainWindow(
        handle.services,
        workspace_path=handle.path,
        settings=settings,
        load_demo_data=handle.load_demo_data,
        open_workspace=open_workspace,
        close_workspace=handle.close,
        backups=handle.backups,
    )


def _parse_window_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="desktop-app",
        description=f"{APP_NAME}: CloudBlue Connect tier accounts, offline.",
        epilog=f"Commands without a window: {', '.join(cli.COMMANDS)} (desktop-app seed --help).",
    )
    parser.add_argument(
        "--db", type=Path, default=None, help="workspace file (created when missing)"
    )
    parser.add_argument(
        "--read-only", action="store_true", help="open the workspace without ever writing to it"
    )
    return parser.parse_known_args(argv)[0]


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``desktop-app`` and ``python -m desktop_app``."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in cli.COMMANDS:
        return cli.run(args_list)
    args = _parse_window_args(args_list)
    db_path: Path = args.db or default_database_path()
    if args.db is None:
        db_path.parent.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop_app.ui.error_hook import install_error_hook

    app = QApplication.instance() or QApplication([sys.argv[0], *args_list])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    QApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    hook = install_error_hook(default_log_path())
    try:
        try:
            window = create_main_window(db_path, read_only=args.read_only)
        except DomainError as exc:
            print(f"desktop-app: {exc.message}", file=sys.stderr)
            QMessageBox.critical(None, APP_NAME, exc.message)
            return 2
        except Exception as exc:  # a bug: the report dialog and the log, not a bare traceback
            hook.handle_exception(type(exc), exc, exc.__traceback__)
            report = hook.dialog()
            if report is not None:
                report.exec()
            return 1
        reason = window.read_only_reason
        if reason is not None:
            print(f"desktop-app: {db_path} is open read-only: {reason}.", file=sys.stderr)
        window.show()
        return int(app.exec())
    finally:
        hook.uninstall()
