"""A child process that performs committed service actions on a workspace and reports each."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from desktop_app.domain.accounts import AccountDraft
from desktop_app.domain.catalog import Subscription
from desktop_app.domain.enums import AccountType, SubscriptionStatus
from desktop_app.domain.errors import ConflictError
from desktop_app.domain.ids import new_subscription_id
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.persistence.location import Location, ServerAddress, parse_location
from desktop_app.persistence.opening import Store
from desktop_app.persistence.postgres_store import PostgresStore
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from tests.support.world import (
    MARKETPLACE,
    NOSYNC_PRODUCT,
    OA_HUB,
    OTHER_PRODUCT,
    SYNC_PRODUCT,
    VENDOR,
    draft,
    open_world,
)

CITIES = ("Berlin", "Hamburg", "München", "Köln", "Leipzig", "Düsseldorf")
PRODUCTS = (SYNC_PRODUCT, NOSYNC_PRODUCT, OTHER_PRODUCT)
SHARED_PREFIX = "shared-"  # external id of the accounts every instance edits
WARM_SHARE = 1 / 3
# Every bulk seed uses this random seed (seeding again is supported: new ids never collide),
# so that the generator's value pools, made once in the warm-up, are reused: a seed then
# costs its transaction, not seconds of drawing names first.
BULK_RANDOM_SEED = 11
Record = dict[str, Any]


def prepare_workspace(path: Location) -> list[str]:
    """A workspace with the test catalog, acting as VENDOR, and four linked shared accounts.

    ``path`` is a file, or a server's database holding an empty workspace (``workspace_url``).

    Returns the ids of the shared accounts: two resellers and a customer under each, every
    one held by subscriptions (Cloud Mail with sync on, Cloud Backup with sync off, and the
    other vendor's product), so that each edit raises pending and unsupported requests.
    """
    world = open_world(path)
    try:
        world.act_as(VENDOR)
        accounts = world.services.accounts
        resellers = [
            accounts.create(draft(name=f"Shared reseller {n}", external_id=f"{SHARED_PREFIX}r{n}"))
            for n in (1, 2)
        ]
        customers = [
            accounts.create(
                draft(
                    type=AccountType.CUSTOMER,
                    parent_id=r.account.id,
                    name=f"Shared customer {n}",
                    external_id=f"{SHARED_PREFIX}c{n}",
                    city="Hamburg",
                )
            )
            for n, r in enumerate(resellers, start=1)
        ]
        (r1, r2), (c1, c2) = [r.account.id for r in resellers], [c.account.id for c in customers]
        world.subscribe("AS-1000-0000-0001", SYNC_PRODUCT, c1, r1)
        world.subscribe("AS-1000-0000-0002", NOSYNC_PRODUCT, c1, r1)
        world.subscribe("AS-1000-0000-0003", SYNC_PRODUCT, c2, r2)
        world.subscribe("AS-1000-0000-0004", OTHER_PRODUCT, c2, r2)
        return [r1, r2, c1, c2]
    finally:
        world.store.close()


class Worker:
    """Performs actions through the services and reports each committed one."""

    def __init__(
        self, store: Store, rng: random.Random, tag: str, out: TextIO, scratch: Path
    ) -> None:
        self.store = store
        self.scratch = scratch
        self.services = Services.over(store)
        self.rng = rng
        self.tag = tag
        self.out = out
        self.number = 0
        self.kind = ""
        self._write = store.write
        store.write = self._traced_write  # type: ignore[method-assign]

    @contextmanager
    def _traced_write(self) -> Iterator[None]:
        """The store's transaction, announced once it began: a kill after it hit one."""
        with self._write():
            self.emit({"action": "begin", "attempt": self.kind})
            yield

    # reporting

    def emit(self, record: Record) -> None:
        """One flushed line: written after the action's transaction committed."""
        record["t"] = time.time()
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.flush()

    def attempt(self, kind: str, action: Callable[[], Record | None], refusable: bool) -> None:
        """Run one action; report what it committed, or the exception it raised."""
        self.number += 1
        self.kind = kind
        started = time.perf_counter()
        try:
            record = action()
        except ConflictError as exc:
            self.emit(
                {
                    "action": "refused" if refusable else "error",
                    "attempt": kind,
                    "error": type(exc).__name__,
                    "text": exc.message,
                }
            )
        except Exception as exc:
            self.emit(
                {
                    "action": "error",
                    "attempt": kind,
                    "error": f"{type(exc).__module__}.{type(exc).__name__}",
                    "text": str(exc),
                    "traceback": traceback.format_exc(),
                }
            )
        else:
            if record is not None:
                record["ms"] = round((time.perf_counter() - started) * 1000, 1)
                self.emit(record)

    # what is there

    def _ids(self, sql: str, params: tuple[Any, ...] = ()) -> list[str]:
        return [str(r[0]) for r in self.store.db.execute_sql(sql, params).fetchall()]

    def _mine(self, extra: str = "") -> list[str]:
        return self._ids(
            "SELECT id FROM tier_account a WHERE owner_id = ? AND decommissioned_at IS NULL"
            f" AND hub_id != ?{extra} ORDER BY id",
            (VENDOR.id, OA_HUB.id),
        )

    def _shared(self, extra: str = "") -> list[str]:
        return self._ids(
            "SELECT id FROM tier_account a WHERE external_id LIKE ? AND decommissioned_at IS NULL"
            f"{extra} ORDER BY id",
            (f"{SHARED_PREFIX}%",),
        )

    def _pending(self) -> list[str]:
        return self._ids(
            "SELECT id FROM tier_account_request WHERE status = 'pending' AND vendor_id = ?"
            " ORDER BY id",
            (VENDOR.id,),
        )

    def _all_account_ids(self) -> set[str]:
        return set(self._ids("SELECT id FROM tier_account"))

    # actions

    def create(self, kind: AccountType, parents: list[str]) -> Record | None:
        """A new reseller (direct or under another) or a customer under a reseller."""
        if kind is AccountType.CUSTOMER and not parents:
            return None
        under = kind is AccountType.CUSTOMER or self.rng.random() < 0.3
        parent = self.rng.choice(parents) if parents and under else None
        result = self.services.accounts.create(
            draft(
                type=kind,
                parent_id=parent,
                name=f"{self.tag} {kind.value} {self.number}",
                external_id=f"{self.tag}-{self.number}",
                city=self.rng.choice(CITIES),
            )
        )
        account = result.account
        return {
            "action": "create",
            "account": account.id,
            "version": account.version,
            "name": account.data.name,
            "city": account.data.city,
        }

    def update(self, candidates: list[str], expect_version: bool) -> Record | None:
        """Edit name and city; one request is raised per linked product."""
        if not candidates:
            return None
        current = self.services.accounts.get(self.rng.choice(candidates))
        edited = replace(
            AccountDraft.from_data(current.data),
            name=f"{self.tag} edit {self.number}",
            city=self.rng.choice(CITIES),
        )
        result = self.services.accounts.update(
            current.id, edited, expected_version=current.version if expect_version else None
        )
        account = result.account
        return {
            "action": "update",
            "account": account.id,
            "version": account.version,
            "name": account.data.name,
            "city": account.data.city,
            "requests": {r.id: r.status.value for r in result.requests},
        }

    def subscribe(self) -> Record | None:
        """Link one of the operator's customers (and its resellers) to a product."""
        rows = self.store.db.execute_sql(
            "SELECT a.id, a.parent_id, p.parent_id FROM tier_account a"
            " JOIN tier_account p ON p.id = a.parent_id WHERE a.owner_id = ?"
            " AND a.type = 'customer' AND a.decommissioned_at IS NULL AND a.hub_id != ?"
            " ORDER BY a.id",
            (VENDOR.id, OA_HUB.id),
        ).fetchall()
        if not rows:
            return None
        customer, tier1, tier2 = self.rng.choice(rows)
        product = self.rng.choice(PRODUCTS)
        with self.store.write():
            while True:
                subscription_id = new_subscription_id(self.rng)
                taken = self.store.db.execute_sql(
                    "SELECT 1 FROM subscription WHERE id = ?", (subscription_id,)
                ).fetchone()
                if taken is None:
                    break
            BulkWriter(self.store.db).subscriptions(
                [
                    Subscription(
                        subscription_id,
                        product.id,
                        MARKETPLACE.id,
                        SubscriptionStatus.ACTIVE,
                        customer,
                        tier1,
                        tier2,
                        datetime.now(UTC),
                    )
                ]
            )
        return {
            "action": "subscribe",
            "subscription": subscription_id,
            "customer": customer,
            "product": product.id,
        }

    def decide(self, accept: bool) -> Record | None:
        """Accept or ignore (with a reason) one of the vendor's pending requests."""
        pending = self._pending()
        if not pending:
            return None
        request_id = self.rng.choice(pending)
        if accept:
            request = self.services.requests.accept(request_id)
            return {"action": "accept", "request": request.id, "status": request.status.value}
        request = self.services.requests.ignore(request_id, f"{self.tag}: not ours {self.number}")
        return {
            "action": "ignore",
            "request": request.id,
            "status": request.status.value,
            "reason": request.reason,
        }

    def delete(self) -> Record | None:
        """Decommission an account without live children (never a shared one)."""
        leaves = self._mine(
            " AND external_id NOT LIKE 'shared-%' AND NOT EXISTS (SELECT 1 FROM tier_account c"
            " WHERE c.parent_id = a.id AND c.decommissioned_at IS NULL)"
        )
        if not leaves:
            return None
        account = self.services.accounts.delete(self.rng.choice(leaves))
        return {"action": "delete", "account": account.id}

    def import_rows(self) -> Record | None:
        """The import action: a CSV of new resellers and customers and edits, in one go."""
        import csv

        from desktop_app.interop.importer import ImportMode, import_file
        from desktop_app.interop.workbook_columns import HEADERS

        resellers, mine = self._resellers(), self._mine()
        rows: list[dict[str, str]] = []
        for index in range(self.rng.randint(5, 60)):
            customer = bool(resellers) and self.rng.random() < 0.7
            rows.append(
                {
                    "Action": "create",
                    "Type": "customer" if customer else "reseller",
                    "Parent Search Criteria": "id" if customer else "-",
                    "Parent Search Value": self.rng.choice(resellers) if customer else "-",
                    "Company Name": f"{self.tag} import {self.number}-{index}",
                    "External ID": f"{self.tag}-i{self.number}-{index}",
                    "City": self.rng.choice(CITIES),
                }
            )
        for account_id in self.rng.sample(mine, min(len(mine), self.rng.randint(0, 10))):
            current = self.services.accounts.get(account_id).data
            rows.append(
                {
                    "ID": account_id,
                    "Action": "update",
                    "Type": current.type.value,
                    "Parent Search Criteria": "id" if current.parent_id else "-",
                    "Parent Search Value": current.parent_id or "-",
                    "Company Name": f"{self.tag} import edit {self.number}",
                    "External ID": current.external_id or "-",
                    "External UID": current.external_uid,
                    "City": self.rng.choice(CITIES),
                    "Technical Contact Phone": current.phone.editable() if current.phone else "-",
                }
            )
        base = {
            "Address Line 1": "Torstraße 5",
            "State": "Berlin",
            "Zip": "10119",
            "Country": "DE",
            "Technical Contact First Name": "Jonas",
            "Technical Contact Last Name": "Weber",
            "Technical Contact Email": "jonas@example.com",
        }
        path = self.scratch / f".import-{self.tag}-{self.number}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            for cells in rows:
                values = {**base, **cells}
                writer.writerow(
                    [values.get(h, "") if h == "ID" else values.get(h, "-") for h in HEADERS]
                )
        try:
            report = import_file(self.services, path, ImportMode.ALL_OR_NOTHING)
        finally:
            path.unlink(missing_ok=True)
        if report.issues:
            raise AssertionError(f"import refused its own rows: {report.issues[:3]}")
        written = []
        for result in report.results:
            account = self.services.accounts.get(result.account_id)
            raised = self.store.db.execute_sql(
                "SELECT id, status FROM tier_account_request WHERE account_id = ? AND version = ?",
                (account.id, account.version),
            ).fetchall()
            written.append(
                {
                    "account": account.id,
                    "version": account.version,
                    "name": account.data.name,
                    "city": account.data.city,
                    "requests": {r[0]: r[1] for r in raised},
                }
            )
        return {"action": "import", "rows": written}

    def seed(self) -> Record | None:
        """The bulk action: demo accounts with their subscriptions and requests, in one go."""
        from desktop_app.demo.seed import seed_workspace

        before = self._all_account_ids()
        report = seed_workspace(self.store, self.rng.randint(10, 200), random_seed=BULK_RANDOM_SEED)
        added = sorted(self._all_account_ids() - before)
        if len(added) != report.accounts:
            raise AssertionError(f"seed reported {report.accounts} accounts, {len(added)} added")
        return {
            "action": "seed",
            "accounts": added,
            "subscriptions": report.subscriptions,
            "requests": report.tier_account_requests,
        }

    # runs

    def crash_run(self, deadline: float, bulk: bool) -> None:
        """Every kind of action, weighted, until killed or ``deadline``."""
        actions: list[tuple[str, int, Callable[[], Record | None]]] = [
            ("create reseller", 1, lambda: self.create(AccountType.RESELLER, self._resellers())),
            ("create customer", 3, lambda: self.create(AccountType.CUSTOMER, self._resellers())),
            ("update", 6, lambda: self.update(self._mine(), self.rng.random() < 0.5)),
            ("subscribe", 2, self.subscribe),
            ("accept", 2, lambda: self.decide(accept=True)),
            ("ignore", 1, lambda: self.decide(accept=False)),
            ("delete", 1, self.delete),
            ("import", 1, self.import_rows),
        ]
        if bulk:
            actions.append(("seed", 1, self.seed))
        kinds = [a[0] for a in actions]
        weights = [a[1] for a in actions]
        run = {a[0]: a[2] for a in actions}
        while time.monotonic() < deadline:
            kind = self.rng.choices(kinds, weights)[0]
            self.attempt(kind, run[kind], refusable=False)

    def concurrent_run(self, count: int, deadline: float) -> None:
        """Edits of the shared accounts, creates and decisions, racing another instance."""
        actions: list[tuple[str, int, Callable[[], Record | None]]] = [
            ("update", 6, lambda: self.update(self._shared(), self.rng.random() < 0.5)),
            (
                "create customer",
                2,
                lambda: self.create(AccountType.CUSTOMER, self._shared(" AND type = 'reseller'")),
            ),
            ("accept", 1, lambda: self.decide(accept=True)),
            ("ignore", 1, lambda: self.decide(accept=False)),
        ]
        kinds = [a[0] for a in actions]
        weights = [a[1] for a in actions]
        run = {a[0]: a[2] for a in actions}
        for _ in range(count):
            if time.monotonic() >= deadline:
                break
            kind = self.rng.choices(kinds, weights)[0]
            self.attempt(kind, run[kind], refusable=True)

    def _resellers(self) -> list[str]:
        return self._mine(" AND type = 'reseller'")


def warm_up(folder: Path) -> None:
    """Load the demo-data generator's locales once, on a scratch file in ``folder``."""
    from desktop_app.demo.seed import seed_workspace

    scratch = folder / f".warm-{os.getpid()}.sqlite"
    store = SqliteStore.open(scratch)
    try:
        seed_workspace(store, 1, random_seed=BULK_RANDOM_SEED)
    finally:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{scratch}{suffix}").unlink(missing_ok=True)


def _wait_for(path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} did not appear within {timeout} s")
        time.sleep(0.003)


def main(argv: list[str] | None = None) -> int:
    """Run one worker: ``python -m tests.support.crash_worker DB SEED [options]``.

    The worker opens the workspace at ``DB`` (made by :func:`prepare_workspace`: a file, or a
    ``postgresql://`` URL) with :class:`SqliteStore` or :class:`PostgresStore` and
    :class:`Services`, prints ``{"action": "ready"}`` and then performs
    a random sequence of real service actions: create a reseller or a customer, edit an account
    linked to products (so that tier account requests are raised), link a customer to a product
    (a subscription written with :class:`BulkWriter`), accept or ignore a pending request,
    delete a leaf account, import a CSV of new accounts and edits (one transaction), and
    bulk-seed demo accounts. After each action commits, one JSON line on stdout (flushed) says
    exactly what must now be in the file; :class:`tests.support.ledger.Ledger` checks it. A
    ``begin`` line is printed as each write transaction starts, so that the parent can tell a
    kill that hit a transaction.

    Two modes:

    - ``crash`` (default): every kind of action, until the parent kills the process (SIGKILL) or
      ``--max-seconds`` pass. One worker in three first warms the demo-data generator up on a
      scratch file, so that its bulk seeds are quick enough to be interrupted. With
      ``--start-file`` the worker gets ready (imports, warm-up) and opens the workspace only once
      that file appears, so that the parent can start it ahead while another one runs.
    - ``concurrent``: wait for ``--start-file`` to appear, then perform ``--actions`` edits of the
      shared accounts, creates and decisions, racing another instance on the same file; refusals
      because the other instance got there first (:class:`ConflictError`) are reported as
      ``refused``, anything else as ``error``.
    """
    parser = argparse.ArgumentParser(prog="python -m tests.support.crash_worker")
    parser.add_argument("db", type=parse_location)
    parser.add_argument("seed", type=int)
    parser.add_argument("--mode", choices=("crash", "concurrent"), default="crash")
    parser.add_argument("--tag", default=None, help="marks the names this worker writes")
    parser.add_argument("--actions", type=int, default=200, help="concurrent mode: how many")
    parser.add_argument("--start-file", type=Path, default=None, help="start once it exists")
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--busy-timeout-ms", type=int, default=None)
    parser.add_argument(
        "--scratch", type=Path, default=None, help="for scratch files (default: beside DB)"
    )
    args = parser.parse_args(argv)
    location: Location = args.db
    scratch = args.scratch or (
        Path(tempfile.gettempdir()) if isinstance(location, ServerAddress) else location.parent
    )
    rng = random.Random(args.seed)
    tag = args.tag or f"w{args.seed}"
    bulk = args.mode == "crash" and rng.random() < WARM_SHARE
    if bulk:
        warm_up(scratch)
    if args.mode == "crash" and args.start_file is not None:
        _wait_for(args.start_file, args.max_seconds)  # the file is opened after the go only
    store: Store
    if isinstance(location, ServerAddress):
        store = PostgresStore.open(location)
    else:
        options = {} if args.busy_timeout_ms is None else {"busy_timeout_ms": args.busy_timeout_ms}
        store = SqliteStore.open(location, create=False, **options)
    worker = Worker(store, rng, tag, sys.stdout, scratch)
    worker.emit({"action": "ready", "pid": os.getpid(), "bulk": bulk})
    try:
        if args.mode == "crash":
            worker.crash_run(time.monotonic() + args.max_seconds, bulk)
        else:
            if args.start_file is not None:
                _wait_for(args.start_file, args.max_seconds)
            worker.concurrent_run(args.actions, time.monotonic() + args.max_seconds)
    finally:
        store.close()
    worker.emit({"action": "done", "attempts": worker.number})
    return 0


if __name__ == "__main__":
    sys.exit(main())
