"""Composition root: parse arguments, open the workspace, build the services and the window."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import start_collector
from desktop_app.config import (
    APP_ID,
    APP_NAME,
    COMMANDS,
    ORGANIZATION,
    app_version,
    default_database_path,
    default_log_path,
)
from desktop_app.domain.errors import DomainError, StorageError

DEMO_ACCOUNTS = 500
SMOKE_TEST_ACCOUNTS = 100
EXIT_CANNOT_OPEN = 2

# The workspace's and the window's modules are imported where they are used: in main() they
# load while the garbage collector is paused (start_collector), and the commands without
# a window (seed, check, …) never load them.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop_app.domain.catalog import OperatorAccount
    from desktop_app.persistence.location import Location, ServerAddress
    from desktop_app.persistence.opening import Store
    from desktop_app.persistence.store import SqliteStore
    from desktop_app.services.container import Services
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.workspace import DemoLoaded, DemoLoader, DemoProgress, WorkspaceHandle


def open_workspace(
    db_path: Location, create: bool = True, *, read_only: bool = False
) -> WorkspaceHandle:
    """Open the workspace and build its services; raises DomainError when it cannot.

    A file, or a team workspace on a PostgreSQL server (no backups from the window: the
    server's own tools keep them). A write-protected file or folder, a role that may only
    read (or ``read_only``) opens read-only: the services refuse every write and the handle
    offers no demo data and no restore.
    """
    from desktop_app.persistence.location import ServerAddress

    if isinstance(db_path, ServerAddress):
        return _open_team_workspace(db_path, read_only=read_only)
    from desktop_app.persistence.backups import backup_folder  # a file's: not for a server's
    from desktop_app.persistence.store import SqliteStore
    from desktop_app.services.container import Services
    from desktop_app.ui.workspace import WorkspaceBackups, WorkspaceHandle

    path = Path(db_path)
    store = SqliteStore.open(path, create=create, read_only=read_only)
    try:
        services = Services.over(store)
        services.workspace.ensure_ready()
    except BaseException:
        store.close()
        raise

    def back_up(target: Path) -> Path:
        return store.back_up(target)

    def describe(source: Path) -> str:
        return backup_description(store, source)

    def restore(source: Path) -> Path:
        safety = store.restore(source)
        services.workspace.ensure_ready()
        return safety

    backups = WorkspaceBackups(backup_folder(path), back_up, describe, restore)
    demo = _demo_loader(store, services) if store.read_only_reason is None else None
    return WorkspaceHandle(
        services, path, demo, store.close, backups, open_reader=services.on_own_connection
    )


def _open_team_workspace(address: ServerAddress, *, read_only: bool) -> WorkspaceHandle:
    from desktop_app.persistence.postgres_store import PostgresStore  # not for a file's start
    from desktop_app.services.container import Services
    from desktop_app.ui.workspace import WorkspaceHandle

    store = PostgresStore.open(address, read_only=read_only)
    try:
        services = Services.over(store)
        services.workspace.ensure_ready()
    except BaseException:
        store.close()
        raise

    demo = _demo_loader(store, services) if store.read_only_reason is None else None
    return WorkspaceHandle(
        services,
        None,
        demo,
        store.close,
        None,
        name=address.name,
        open_reader=services.on_own_connection,
    )


def _demo_loader(store: Store, services: Services) -> DemoLoader:
    """Load Demo Data for the window: the rows and the switch to their vendor, one transaction.

    The window calls the loader on a job's thread: it works on a sibling of ``store`` (the
    same workspace on a connection of that thread), closed when it ends; the window's
    ``services`` read the result once the job has ended.
    """

    def load_demo_data(progress: DemoProgress) -> DemoLoaded:
        from desktop_app.demo.seed import prepare_seed, seed_workspace
        from desktop_app.services.container import Services
        from desktop_app.ui.workspace import DemoLoaded

        job = store.sibling()
        try:
            job_services = Services.over(job)
            try:
                before: OperatorAccount | None = job_services.workspace.operator()
            except DomainError:
                before = None
            # names and addresses first (no workspace in them), then the rows
            prepared = progress.apart(lambda told: prepare_seed(DEMO_ACCOUNTS, progress=told))
            with job.write():
                report = seed_workspace(job, DEMO_ACCOUNTS, progress=progress, prepared=prepared)
                after = job_services.workspace.act_as_vendor_of_most_products()
        finally:
            job.close()
        return DemoLoaded(report.accounts, report.tier_account_requests, before, after)

    return load_demo_data


def open_team_workspace(url: str, password: str | None) -> WorkspaceHandle:
    """The team workspace at ``url``, connecting with ``password`` (kept in memory only).

    PasswordRequiredError when the server wants a password or refused this one.
    """
    from desktop_app.persistence.location import LocationError, ServerAddress, parse_location

    try:
        address = parse_location(url)
    except LocationError as exc:
        raise StorageError(str(exc)) from None
    if not isinstance(address, ServerAddress):
        raise StorageError(f"{url} is no postgresql:// URL of a team workspace.")
    return _open_team_workspace(address.with_password(password), read_only=False)


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
    db_path: Location | str,
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

    from desktop_app.persistence.location import parse_location
    from desktop_app.ui.main_window import MainWindow

    location = parse_location(db_path) if isinstance(db_path, str) else db_path
    handle = open_workspace_updating(location, read_only=read_only)
    settings = (
        QSettings(str(settings_path), QSettings.Format.IniFormat)
        if settings_path is not None
        else QSettings(ORGANIZATION, APP_ID)
    )
    with handle.services.workspace.pinned():  # its views ask whom it acts as: read once
        return MainWindow(
            handle.services,
            workspace_path=handle.path,
            workspace_name=handle.name,
            settings=settings,
            load_demo_data=handle.load_demo_data,
            open_workspace=open_workspace_updating,
            close_workspace=handle.close,
            backups=handle.backups,
            open_team_workspace=open_team_workspace,
            open_reader=handle.open_reader,
        )


def create_main_window_asking_password(
    location: Location,
    *,
    settings_path: Path | str | None = None,
    read_only: bool = False,
) -> MainWindow | None:
    """:func:`create_main_window`, asking for a team workspace's password when needed.

    Asked again while the server refuses it; None when the user cancels the question.
    """
    from desktop_app.persistence.location import ServerAddress

    if not isinstance(location, ServerAddress):
        return create_main_window(location, settings_path=settings_path, read_only=read_only)
    from desktop_app.ui.team_workspace.password_dialog import open_asking_password

    def attempt(password: str | None) -> MainWindow:
        where = location if password is None else location.with_password(password)
        return create_main_window(where, settings_path=settings_path, read_only=read_only)

    return open_asking_password(None, attempt)


def _parse_window_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="desktop-app",
        description=f"{APP_NAME}: CloudBlue Connect tier accounts, offline.",
        epilog=f"Commands without a window: {', '.join(COMMANDS)} (desktop-app seed --help).",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--db",
        type=_location,
        default=None,
        help="workspace file (created when missing), or postgresql://user@host:port/dbname "
        "for a team workspace (made with desktop-app init)",
    )
    parser.add_argument(
        "--read-only", action="store_true", help="open the workspace without ever writing to it"
    )
    where.add_argument(
        "--smoke-test",
        action="store_true",
        help=f"check this installation: seed {SMOKE_TEST_ACCOUNTS} accounts in a temporary "
        "workspace, build the main window, exit 0 (offscreen when there is no display)",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {app_version()}")
    return parser.parse_known_args(argv)[0]


def _location(text: str) -> Location:
    from desktop_app.persistence.location import LocationError, parse_location

    try:
        return parse_location(text)
    except LocationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _refuse(message: str) -> int:
    """Tell why the window cannot open (stderr, and a dialog when one can be seen): exit 2."""
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui import application

    if sys.stderr is not None:
        print(f"desktop-app: {message}", file=sys.stderr)
    if application.dialogs_are_seen():
        QMessageBox.critical(None, APP_NAME, message)
    return EXIT_CANNOT_OPEN


def _data_folder_database() -> Path:
    """The default workspace file, its folder created; OSError when it cannot be."""
    path = default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _smoke_test() -> int:
    """``--smoke-test``: one line on stdout and exit 0, or the reason on stderr and exit 1."""
    from desktop_app.smoke import SmokeTestError, run_smoke_test

    def build_window(db: Path, settings: Path) -> MainWindow:
        return create_main_window(db, settings_path=settings)

    try:
        result = run_smoke_test(build_window, SMOKE_TEST_ACCOUNTS)
    except (SmokeTestError, DomainError) as exc:
        print(f"desktop-app: smoke test failed: {exc}", file=sys.stderr)
        return 1
    except Exception:
        print("desktop-app: smoke test failed with an unexpected error:", file=sys.stderr)
        traceback.print_exc()
        return 1
    print(result.summary(), flush=True)
    return 0


def open_workspace_updating(
    db_path: Location, create: bool = True, *, read_only: bool = False
) -> WorkspaceHandle:
    """:func:`open_workspace`, a file of an older version first updated while a window says so.

    At the start and for File → Open.
    """
    if isinstance(db_path, Path) and not read_only:
        from desktop_app.ui import application

        _update_saying_so(db_path, shown=application.dialogs_are_seen())
    return open_workspace(db_path, create, read_only=read_only)


def _update_saying_so(path: Path, *, shown: bool) -> None:
    """Bring an older workspace file to this version while a small window says so.

    Nothing for a file at this version (or one that opening refuses: it says why itself). The
    update runs on a thread of its own and a connection of its own; raises what opening would.
    """
    from desktop_app.persistence.database import schema_behind, update_file

    version = schema_behind(path)
    if version is not None:  # rare: its modules load only then
        from desktop_app.persistence.backups import backup_folder
        from desktop_app.ui.schema_update import run_showing, update_text

        text = update_text(path.name, version, str(backup_folder(path)))
        run_showing(text, lambda: update_file(path), shown=shown)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``desktop-app`` and ``python -m desktop_app``.

    Exit codes: 0 done, 1 an unexpected error or a failed smoke test, 2 the workspace (or
    the data folder) cannot be opened, 3 no display to open the window on.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in COMMANDS:
        from desktop_app import cli

        return cli.run(args_list)
    resume_collector = start_collector.pause()
    try:
        return _start(args_list, resume_collector)
    finally:
        resume_collector()


def _start(args_list: list[str], resume_collector: Callable[[], None]) -> int:
    """The window (or the smoke test) for the command line ``args_list``: the exit code."""
    args = _parse_window_args(args_list)

    from desktop_app.ui import application

    no_display = application.missing_display()
    if no_display is not None:
        if not args.smoke_test:
            print(application.no_display_message(no_display), file=sys.stderr)
            return application.EXIT_NO_DISPLAY
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a smoke test needs no screen

    app = application.start_application([sys.argv[0], *args_list])
    if args.smoke_test:
        return _smoke_test()
    return _run_window(app, args, resume_collector)


def _run_window(
    app: QApplication, args: argparse.Namespace, resume_collector: Callable[[], None]
) -> int:
    """Open the workspace in the window and run it until it closes: the exit code."""
    from desktop_app.services.write_permission import open_read_only_notice
    from desktop_app.ui import application

    try:
        db_path: Location = args.db or _data_folder_database()
    except OSError as exc:
        folder = default_database_path().parent
        return _refuse(
            f"The data folder {folder} cannot be created ({exc.strerror or exc}). "
            "Check that your home folder can be written to, or open a workspace elsewhere "
            "with --db FILE."
        )

    from desktop_app.ui.error_hook import install_error_hook
    from desktop_app.ui.gui_collector import resume_after_start

    hook = install_error_hook(default_log_path)  # the path (platformdirs) with the first error
    try:
        try:
            if application.dialogs_are_seen():
                opened = create_main_window_asking_password(db_path, read_only=args.read_only)
            else:
                opened = create_main_window(db_path, read_only=args.read_only)
        except DomainError as exc:
            return _refuse(exc.message)
        except Exception as exc:  # a bug: the report dialog and the log, not a bare traceback
            hook.handle_exception(type(exc), exc, exc.__traceback__)
            report = hook.dialog()
            if report is not None and application.dialogs_are_seen():
                report.exec()
            return 1
        if opened is None:
            print(f"desktop-app: no password was given for {db_path}.", file=sys.stderr)
            return EXIT_CANNOT_OPEN
        window = opened
        reason = window.read_only_reason
        if reason is not None:
            print(f"desktop-app: {open_read_only_notice(str(db_path), reason)}", file=sys.stderr)
        window.show()
        collector = resume_after_start(resume_collector, app, start_collector.RESUMES_AFTER_MS)
        try:
            return int(app.exec())
        finally:
            collector.stop()
    finally:
        hook.uninstall()
