"""Commands without a window: seed, check, export and import a workspace; grant operators.

The entry point (``run``, called by ``desktop-app COMMAND``) with its parser, and the two
short commands ``init`` and ``seed``; ``check``, ``export``/``import`` and ``grant``/``grants``
have a module each in this package.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Final, TextIO

from desktop_app.cli.check import run_check
from desktop_app.cli.exchange import run_exchange
from desktop_app.cli.grants import run_grants
from desktop_app.config import default_database_path
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import DomainError
from desktop_app.persistence.location import Location, LocationError, parse_location
from desktop_app.persistence.migrations import LATEST_VERSION
from desktop_app.persistence.opening import Store, open_store
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services

DB_HELP: Final = "workspace file, or postgresql://user@host:port/dbname for a team workspace"
DB_HELP_CREATED: Final = f"{DB_HELP} (a file is created when missing)"
EXPORT_FORMATS = ("xlsx", "csv")  # ExportFormat's values; the module loads when exporting


def build_parser() -> argparse.ArgumentParser:
    """Arguments of the commands (the window's own options live in ``app``)."""
    parser = argparse.ArgumentParser(prog="desktop-app", description="Tier accounts, offline.")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser(
        "init",
        help="create an empty workspace: a file, or a team workspace in an empty database",
        description="Creates the workspace's tables in an empty PostgreSQL database (a team "
        "workspace: --db postgresql://user@host:5432/dbname) or in a new file, and says what "
        "it made. The password comes from PGPASSWORD, ~/.pgpass or a PGSERVICE entry, never "
        "from the command line. Exit status: 0 made (or already there), 2 it cannot be.",
    )
    init.add_argument("--db", type=_location, required=True, help=DB_HELP_CREATED)
    grant = sub.add_parser(
        "grant",
        help="let a database role act as vendor or provider accounts of a team workspace",
        description="Run by the team workspace's owner (the role owning its tables, or a "
        "superuser): lets the database ROLE act as the given vendor and provider accounts "
        "(its 'Acting as' list shows only those) and gives it what a member needs: reading and "
        "writing the workspace's data tables, reading the grants and the schema version. "
        "--revoke takes accounts away; a role left with none may no longer write the tables. "
        "Exit status: 0 done, 1 refused (not the owner, an unknown role or account), 2 the "
        "workspace cannot be opened.",
    )
    grant.add_argument("--db", type=_location, required=True, help=DB_HELP)
    grant.add_argument("--revoke", action="store_true", help="take the accounts away instead")
    grant.add_argument("role", help="the database role (as in CREATE ROLE anna LOGIN)")
    grant.add_argument(
        "operator_ids", nargs="+", metavar="OPERATOR_ID", help="vendor or provider account ids"
    )
    grants = sub.add_parser(
        "grants",
        help="list which database role may act as which vendor or provider account",
        description="Lists a team workspace's grants, role by role (the owner acts as every "
        "account). Exit status: 0 listed, 1 refused, 2 the workspace cannot be opened.",
    )
    grants.add_argument("--db", type=_location, required=True, help=DB_HELP)
    seed = sub.add_parser("seed", help="fill a workspace with reproducible demo data")
    seed.add_argument("--db", type=_location, default=None, help=DB_HELP_CREATED)
    seed.add_argument("--accounts", type=_positive, default=1000, help="how many tier accounts")
    seed.add_argument("--random-seed", type=int, default=0, help="same seed, same data")
    check = sub.add_parser(
        "check",
        help="run the full integrity and foreign-key checks, report what the workspace holds",
        description="Runs SQLite's full integrity check and its foreign-key check on a "
        "workspace, checks that its search index and tallies follow the accounts, and reports "
        "them with the schema version and what the workspace holds. Exit status: 0 clean, "
        "1 damaged, 2 not a workspace or cannot be opened.",
    )
    check.add_argument("--db", type=_location, default=None, help=DB_HELP)
    check.add_argument(
        "--repair",
        action="store_true",
        help="when the search index or the tallies are out of step with the accounts (a file "
        "changed by another tool), rebuild them from the accounts; nothing else is changed",
    )
    export = sub.add_parser(
        "export",
        help="write accounts to a connect-cli customers workbook (.xlsx) or CSV",
        description="Writes the live accounts (optionally the directory's search and type "
        "filter) to the customers workbook that connect-cli reads, or to CSV with the same "
        "columns. Exit status: 0 written, 1 refused, 2 the workspace cannot be opened.",
    )
    export.add_argument("--db", type=_location, default=None, help=DB_HELP)
    export.add_argument("--out", type=Path, required=True, help="file to write")
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default=None,
        help="xlsx or csv (default: from the file name)",
    )
    export.add_argument("--search", default="", help="only accounts the directory search finds")
    export.add_argument("--type", choices=[t.value for t in AccountType], default=None)
    export.add_argument("--parent", default=None, help="only the children of this account id")
    imports = sub.add_parser(
        "import",
        help="create and update accounts from a customers workbook (.xlsx) or CSV",
        description="Reads a customers workbook or CSV (ours or connect-cli's): create rows "
        "make accounts, update rows change them (a new version and its requests), - rows are "
        "skipped. Every row is checked first; with any error nothing is written unless "
        "--valid-rows is given. The results (ID, External UID, Action -) are written to a "
        "copy of the file (NAME-imported.xlsx) unless --results says otherwise. Exit status: "
        "0 every row imported, 1 rows with errors (listed), 2 the file or the workspace "
        "cannot be read.",
    )
    imports.add_argument("path", type=Path, help="the workbook or CSV file")
    imports.add_argument("--db", type=_location, default=None, help=DB_HELP)
    imports.add_argument(
        "--valid-rows", action="store_true", help="import the rows without errors, leave the rest"
    )
    imports.add_argument("--preview", action="store_true", help="check every row and write nothing")
    imports.add_argument(
        "--results",
        choices=("copy", "file", "none"),
        default="copy",
        help="where the new IDs go: a copy beside the file (default), the file itself, nowhere",
    )
    return parser


def _location(text: str) -> Location:
    """``--db``: a file, or a PostgreSQL URL (a usage error that says what is wrong with it)."""
    try:
        return parse_location(text)
    except LocationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; 0 on success, 2 when the workspace cannot be opened, 1 on refusal.

    ``check`` also returns 1 when the integrity or foreign-key check finds a problem.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    path: Location = args.db or default_database_path()
    if args.db is None:
        default_database_path().parent.mkdir(parents=True, exist_ok=True)
    if args.command == "init":
        return _init(path, out, err)
    if args.command in ("export", "import"):
        return run_exchange(path, args, out, err)
    if args.command in ("grant", "grants"):
        return run_grants(path, args, out, err)
    if args.command == "check":
        return run_check(path, out, err, repair=args.repair)
    try:
        store = open_store(path, create=True, verify=True)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    try:
        services = Services.over(store)
        services.workspace.ensure_ready()
        return _seed(store, services, args.accounts, args.random_seed, out)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 1
    finally:
        store.close()


def _init(location: Location, out: TextIO, err: TextIO) -> int:
    """``init``: the workspace's schema in an empty database (or a new file)."""
    try:
        store = open_store(location, init=True)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    try:
        Services.over(store).workspace.ensure_ready()
        print(f"{location}: a workspace at schema version {LATEST_VERSION}.", file=out)
        return 0
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    finally:
        store.close()


def _where(store: Store) -> object:
    """The workspace a message names: its file, or its server's URL without a password."""
    return store.path if isinstance(store, SqliteStore) else store.address


def _seed(store: Store, services: Services, accounts: int, seed: int, out: TextIO) -> int:
    from desktop_app.demo.seed import seed_workspace

    started = time.perf_counter()
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 1.0 or done == total:
            last[0] = now
            print(f"  {stage}: {done:,}/{total:,}", file=out, flush=True)

    report = seed_workspace(store, accounts, random_seed=seed, progress=progress)
    operator = services.workspace.act_as_vendor_of_most_products()
    print(
        f"Seeded {report.accounts:,} accounts ({report.resellers:,} resellers, "
        f"{report.customers:,} customers), {report.subscriptions:,} subscriptions, "
        f"{report.tier_account_requests:,} tier account requests into {_where(store)} "
        f"in {time.perf_counter() - started:.1f} s; acting as {operator.name} ({operator.id}).",
        file=out,
    )
    return 0
