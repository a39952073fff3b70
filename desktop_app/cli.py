"""Commands without a window: seed, check, export and import a workspace; grant operators."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final, TextIO

from desktop_app.config import BUSY_TIMEOUT_MS, default_database_path
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import DomainError, ExchangeFileError
from desktop_app.persistence import bookkeeping
from desktop_app.persistence.backups import backup_folder
from desktop_app.persistence.location import Location, LocationError, ServerAddress, parse_location
from desktop_app.persistence.migrations import LATEST_VERSION
from desktop_app.persistence.opening import Store, open_store
from desktop_app.persistence.postgres_errors import is_connection_lost, write_error
from desktop_app.persistence.postgres_store import PostgresStore
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery
from desktop_app.services.write_permission import NOTHING_REPAIRED, ReadOnlyError

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
        from desktop_app.interop.progress import Cancelled

        try:
            store = open_store(path, create=False, verify=True)
        except DomainError as exc:
            print(f"desktop-app: {exc.message}", file=err)
            return 2
        try:
            services = Services.over(store)
            if args.command == "export":
                return _export(services, args, out, err)
            return _import(services, args, out, err)
        except ExchangeFileError as exc:
            print(f"desktop-app: {exc.message}", file=err)
            return 2 if args.command == "import" else 1
        except DomainError as exc:
            print(f"desktop-app: {exc.message}", file=err)
            return 1
        except (Cancelled, KeyboardInterrupt):
            print("desktop-app: cancelled; nothing was written.", file=err)
            return 130
        finally:
            store.close()
    if args.command in ("grant", "grants"):
        return _grants(path, args, out, err)
    if args.command == "check":
        if isinstance(path, ServerAddress):
            return _check_server(path, out, err)
        return _check_command(path, out, err, repair=args.repair)
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


def _grants(location: Location, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``grant`` and ``grants``: who may act as which operator account on a team workspace."""
    from desktop_app.persistence import operator_grants

    if not isinstance(location, ServerAddress):
        print(
            f"desktop-app: {location} is a workspace file: its one user acts as every vendor "
            "and provider account. Grants are for team workspaces "
            "(--db postgresql://user@host:5432/dbname); nothing was changed.",
            file=err,
        )
        return 1
    try:
        store = open_store(location, create=False, read_only=args.command == "grants")
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    assert isinstance(store, PostgresStore)
    try:
        if args.command == "grants":
            _list_grants(store, out)
            return 0
        if args.revoke:
            removed, none_left = operator_grants.revoke(store.db, args.role, args.operator_ids)
            held = [o for o in args.operator_ids if o not in removed]
            if removed:
                print(f"{args.role} may no longer act as {', '.join(removed)}.", file=out)
            if held:
                print(f"{args.role} was not granted {', '.join(held)}.", file=out)
            if none_left:
                print(
                    f"{args.role} holds no grant now: it may read the workspace, no longer "
                    "write it.",
                    file=out,
                )
            return 0
        added = operator_grants.grant(store.db, args.role, args.operator_ids)
        names = {o.id: o.name for o in store.catalog.operators()}
        shown = ", ".join(f"{names.get(o, o)} ({o})" for o in args.operator_ids)
        print(
            f"{args.role} may act as {shown}"
            f"{'' if added else ' (granted before)'}; it may read and write the workspace.",
            file=out,
        )
        return 0
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 1
    except Exception as exc:
        error = write_error(store.db, exc)
        if error is None:
            raise
        print(f"desktop-app: {error.message}", file=err)
        return 2 if is_connection_lost(exc) else 1
    finally:
        store.close()


def _list_grants(store: PostgresStore, out: TextIO) -> None:
    from desktop_app.persistence import operator_grants

    who = operator_grants.connected(store.db)
    print(f"{store.address}:", file=out)
    print(f"  {who.owner} (the owner) acts as every vendor and provider account", file=out)
    rows = operator_grants.all_grants(store.db) if who.reads_grants else []
    if not who.reads_grants:
        print(f"  the grants cannot be read by {who.role}", file=out)
    elif not rows:
        print("  no grants yet: desktop-app grant --db URL ROLE OPERATOR_ID…", file=out)
    by_role: dict[str, list[str]] = {}
    for role, operator_id, name, kind in rows:
        by_role.setdefault(role, []).append(f"{name} ({operator_id}, {kind})")
    for role, accounts in by_role.items():
        print(f"  {role}: {'; '.join(accounts)}", file=out)


def _where(store: Store) -> object:
    """The workspace a message names: its file, or its server's URL without a password."""
    return store.path if isinstance(store, SqliteStore) else store.address


def _check_server(address: ServerAddress, out: TextIO, err: TextIO) -> int:
    """``check`` of a team workspace: its schema and what it holds (the server checks pages)."""
    try:
        store = open_store(address, create=False, read_only=True)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    try:
        print(f"{address}:", file=out)
        print(f"  schema version {LATEST_VERSION}; the server checks its own pages", file=out)
        for line in _holdings(store, Services.over(store)):
            print(f"  {line}", file=out)
        return 0
    finally:
        store.close()


def _check_command(path: Path, out: TextIO, err: TextIO, *, repair: bool) -> int:
    """``check``: read the file as it is (never written); ``--repair`` then mends what it can.

    A file of an older schema is checked at that schema and said to need a migration, which
    ``--repair`` runs (after its backup copy) when the file is whole.
    """
    try:
        store = SqliteStore.inspect(path)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    try:
        version = int(store.db.execute_sql("PRAGMA user_version").fetchone()[0])
        status, mendable = _check(store, Services.over(store), out)
    finally:
        store.close()
    if not (repair and mendable):
        return status
    try:
        store = SqliteStore.open(path, create=False)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    try:
        if store.read_only_reason is not None:
            refusal = ReadOnlyError(store.read_only_reason, NOTHING_REPAIRED)
            print(f"desktop-app: {refusal.message}", file=err)
            return 1
        return _repair(store, out, migrated=version < LATEST_VERSION)
    finally:
        store.close()


def _progress_printer(what: str, err: TextIO) -> Callable[[int, int], bool]:
    last = [time.perf_counter()]

    def progress(done: int, total: int) -> bool:
        now = time.perf_counter()
        if now - last[0] >= 2.0:
            last[0] = now
            print(f"  {what}: {done:,}/{max(total, done):,} rows", file=err, flush=True)
        return True

    return progress


def _export(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from desktop_app.interop.export import ExportFormat, export_accounts

    query = DirectoryQuery(
        search=args.search,
        type=AccountType(args.type) if args.type else None,
        parent_id=args.parent,
    )
    fmt = ExportFormat(args.format) if args.format else ExportFormat.for_path(args.out)
    report = export_accounts(
        services.directory.stream(query),
        services.directory.count(query),
        args.out,
        fmt,
        _progress_printer("exported", err),
    )
    print(
        f"Exported {report.accounts:,} account{'s' * (report.accounts != 1)} to {report.path} "
        f"({report.format.value}) in {report.seconds:.1f} s.",
        file=out,
    )
    return 0


def _import(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from desktop_app.interop.importer import ImportMode, import_file
    from desktop_app.interop.writeback import ResultsTarget, write_results

    mode = (
        ImportMode.PREVIEW
        if args.preview
        else ImportMode.VALID_ROWS
        if args.valid_rows
        else ImportMode.ALL_OR_NOTHING
    )
    report = import_file(services, args.path, mode, _progress_printer("read", err))
    for issue in report.issues:
        column = f", {issue.column}" if issue.column else ""
        print(f"row {issue.row}{column}: {issue.message}", file=out)
    print(f"{args.path}: {report.summary()} ({report.seconds:.1f} s)", file=out)
    target = ResultsTarget(args.results).path_for(args.path)
    if report.committed and report.results and target is not None:
        try:
            write_results(args.path, target, report.results)
        except ExchangeFileError as exc:
            print(f"desktop-app: {exc.message}", file=err)
            return 1
        print(f"The new IDs and external UIDs were written to {target}.", file=out)
    if report.issues and mode is ImportMode.ALL_OR_NOTHING:
        print(
            "Nothing was written: correct the rows above, or import the valid rows only "
            "with --valid-rows.",
            file=out,
        )
    return 1 if report.issues else 0


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


def _check(store: SqliteStore, services: Services, out: TextIO) -> tuple[int, bool]:
    """Full integrity and foreign-key checks, the derived data, the schema and what it holds.

    Returns the exit status and whether ``--repair`` can mend what was found (a whole file
    whose search index or tallies are out of step, or whose schema is older).
    """
    print(f"{store.path}:", file=out, flush=True)  # the full check reads every page
    version = int(store.db.execute_sql("PRAGMA user_version").fetchone()[0])
    older = version < LATEST_VERSION
    if older:
        print(
            f"  schema version {version}, would be migrated to {LATEST_VERSION} when opened "
            "(or by check --repair)",
            file=out,
        )
    else:
        print(
            f"  schema version {version} (this application knows up to {LATEST_VERSION})", file=out
        )
    problems = _integrity_problems(store, out) + _foreign_key_problems(store, out)
    whole = not problems
    derived = [] if older else _derived_problems(store, out)  # older files have none yet
    if derived:
        print(f"  search index and tallies: {'; '.join(derived)}", file=out)
        problems.append("the search index or the tallies are out of step with the accounts")
    elif not older:
        print("  search index and tallies ok", file=out)
    for line in _holdings(store, services):
        print(f"  {line}", file=out)
    mendable = whole and bool(derived or older)
    if problems:
        fix = (
            " Run desktop-app check --repair to rebuild them."
            if derived and len(problems) == 1
            else " Restore the file from a backup."
        )
        print(f"NOT CLEAN: {'; '.join(problems)}.{fix}", file=out)
        return 1, mendable
    print("Clean.", file=out)
    return 0, mendable


def _derived_problems(store: SqliteStore, out: TextIO) -> list[str]:
    """The search index and tallies against the accounts, and FTS5's check of the index."""
    found = bookkeeping.problems(store.db)
    if store.path is None:
        return found
    structure = bookkeeping.index_structure_problems(store.path, BUSY_TIMEOUT_MS)
    if structure is None:
        print("  search index structure not checked (the file cannot be written here)", file=out)
        return found
    return found + structure


def _repair(store: SqliteStore, out: TextIO, *, migrated: bool) -> int:
    """Rebuild the search index and tallies of a whole file (opening it migrated it)."""
    if migrated:
        folder = backup_folder(store.path) if store.path is not None else None
        print(
            f"  migrated to schema {LATEST_VERSION}; the file from before is in {folder}", file=out
        )
    derived = bookkeeping.problems(store.db)
    if derived:
        with store.write():
            bookkeeping.rebuild(store.db)
        print(f"  repaired: {'; '.join(derived)}", file=out)
        derived = bookkeeping.problems(store.db)
    if derived:
        print(f"NOT CLEAN: {'; '.join(derived)}. Restore the file from a backup.", file=out)
        return 1
    print("Clean.", file=out)
    return 0


def _integrity_problems(store: SqliteStore, out: TextIO) -> list[str]:
    """``PRAGMA integrity_check`` (the full one: every page, row and index entry)."""
    try:
        rows = [str(r[0]) for r in store.db.execute_sql("PRAGMA integrity_check").fetchall()]
    except Exception as exc:  # a damaged page can stop the check itself
        print(f"  integrity check failed: {exc}", file=out)
        return ["the integrity check could not finish"]
    if rows == ["ok"]:
        print("  integrity ok", file=out)
        return []
    shown = rows[:_SHOWN]
    print(f"  integrity: {len(rows):,} problem{'s' * (len(rows) != 1)}", file=out)
    for row in shown:
        print(f"    {row}", file=out)
    if len(rows) > len(shown):
        print(f"    … and {len(rows) - len(shown):,} more", file=out)
    return [f"{len(rows):,} integrity problem{'s' * (len(rows) != 1)}"]


def _foreign_key_problems(store: SqliteStore, out: TextIO) -> list[str]:
    """``PRAGMA foreign_key_check``: rows that point at a row that does not exist."""
    try:
        rows = store.db.execute_sql("PRAGMA foreign_key_check").fetchall()
    except Exception as exc:
        print(f"  foreign key check failed: {exc}", file=out)
        return ["the foreign key check could not finish"]
    if not rows:
        print("  foreign keys ok", file=out)
        return []
    tables = sorted({str(r[0]) for r in rows})
    print(
        f"  foreign keys: {len(rows):,} broken reference{'s' * (len(rows) != 1)}"
        f" in {', '.join(tables)}",
        file=out,
    )
    for table, rowid, parent, fkid in rows[:_SHOWN]:
        try:
            text = _describe_violation(store, table, rowid, parent, fkid)
        except Exception:  # the row cannot be read back: say what the check said
            text = f"{table} row {rowid}: refers to a missing row in {parent}"
        print(f"    {text}", file=out)
    if len(rows) > _SHOWN:
        print(f"    … and {len(rows) - _SHOWN:,} more", file=out)
    return [f"{len(rows):,} broken foreign key{'s' * (len(rows) != 1)} in {', '.join(tables)}"]


def _describe_violation(
    store: SqliteStore, table: str, rowid: int | None, parent: str, fkid: int
) -> str:
    """``table row 12 (id TA-…): hub_id = 'HB-…' has no row in hub``."""
    keys = store.db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
    columns = [str(k[3]) for k in keys if k[0] == fkid]
    where = f"{table} row {rowid}" if rowid is not None else table
    if rowid is None or not columns:
        return f"{where}: refers to a missing row in {parent}"
    names = ", ".join(f'"{c}"' for c in columns)
    values = store.db.execute_sql(f'SELECT {names} FROM "{table}" WHERE rowid = ?', (rowid,))
    found = values.fetchone() or ()
    shown = ", ".join(f"{c} = {v!r}" for c, v in zip(columns, found, strict=False))
    key = _primary_key(store, table, rowid)
    return f"{where}{f' ({key})' if key else ''}: {shown} has no row in {parent}"


def _primary_key(store: SqliteStore, table: str, rowid: int) -> str:
    """The row's primary key as ``id TA-…``, empty when the table has none but the rowid."""
    columns = [
        str(c[1])
        for c in sorted(store.db.execute_sql(f'PRAGMA table_info("{table}")').fetchall())
        if c[5]
    ]
    if not columns:
        return ""
    names = ", ".join(f'"{c}"' for c in columns)
    row = store.db.execute_sql(f'SELECT {names} FROM "{table}" WHERE rowid = ?', (rowid,))
    found = row.fetchone() or ()
    return ", ".join(f"{c} {v}" for c, v in zip(columns, found, strict=False))


def _holdings(store: Store, services: Services) -> list[str]:
    """What the workspace holds and who it acts as; a count that cannot be read says so."""
    counts = []
    for label, sql in _COUNTS:
        try:
            counts.append(f"{int(store.db.execute_sql(sql).fetchone()[0]):,} {label}")
        except Exception as exc:
            counts.append(f"{label} cannot be counted ({exc})")
    lines = [", ".join(counts[:5]), ", ".join(counts[5:])]
    try:
        operator = services.workspace.operator()
        lines.append(f"acting as {operator.name} ({operator.id})")
    except DomainError as exc:
        lines.append(exc.message)
    except Exception as exc:
        lines.append(f"the operator account cannot be read ({exc})")
    return lines


_SHOWN: Final = 5
_COUNTS: Final = (
    ("live accounts", "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NULL"),
    ("deleted accounts", "SELECT count(*) FROM tier_account WHERE decommissioned_at IS NOT NULL"),
    ("account versions", "SELECT count(*) FROM tier_account_version"),
    ("tier account requests", "SELECT count(*) FROM tier_account_request"),
    ("pending requests", "SELECT count(*) FROM tier_account_request WHERE status = 'pending'"),
    ("products", "SELECT count(*) FROM product"),
    ("subscriptions", "SELECT count(*) FROM subscription"),
    ("tier configs", "SELECT count(*) FROM tier_config"),
)
