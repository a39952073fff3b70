"""Commands that need no window: seed demo data, check a workspace file."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from desktop_app.config import default_database_path
from desktop_app.domain.errors import DomainError
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services

COMMANDS = ("seed", "check")


def build_parser() -> argparse.ArgumentParser:
    """Arguments of the commands (the window's own options live in ``app``)."""
    parser = argparse.ArgumentParser(prog="desktop-app", description="Tier accounts, offline.")
    sub = parser.add_subparsers(dest="command", required=True)
    seed = sub.add_parser("seed", help="fill a workspace with reproducible demo data")
    seed.add_argument("--db", type=Path, default=None, help="workspace file (created when missing)")
    seed.add_argument("--accounts", type=_positive, default=1000, help="how many tier accounts")
    seed.add_argument("--random-seed", type=int, default=0, help="same seed, same data")
    check = sub.add_parser("check", help="open a workspace and report what it holds")
    check.add_argument("--db", type=Path, default=None, help="workspace file")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; 0 on success, 2 when the workspace cannot be used, 1 on refusal."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    path: Path = args.db or default_database_path()
    if args.db is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        store = SqliteStore.open(path, create=args.command == "seed")
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    try:
        services = Services.over(store)
        services.workspace.ensure_ready()
        if args.command == "seed":
            return _seed(store, services, args.accounts, args.random_seed, out)
        return _check(store, services, out)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 1
    finally:
        store.close()


def _seed(store: SqliteStore, services: Services, accounts: int, seed: int, out: TextIO) -> int:
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
        f"{report.tier_account_requests:,} tier account requests into {store.path} "
        f"in {time.perf_counter() - started:.1f} s; acting as {operator.name} ({operator.id}).",
        file=out,
    )
    return 0


def _check(store: SqliteStore, services: Services, out: TextIO) -> int:
    from desktop_app.services.queries import DirectoryQuery

    integrity = store.db.execute_sql("PRAGMA quick_check").fetchone()[0]
    accounts = services.directory.accounts(DirectoryQuery()).count()
    pending = services.requests.pending_count()
    operator = services.workspace.operator()
    print(f"{store.path}: integrity {integrity}; {accounts:,} live accounts; ", end="", file=out)
    print(f"{pending:,} pending requests; acting as {operator.name} ({operator.id}).", file=out)
    return 0 if integrity == "ok" else 1
