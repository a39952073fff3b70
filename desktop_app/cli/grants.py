"""``desktop-app grant`` and ``grants``: who may act as which operator account of a team workspace.

Apart from the other commands because it speaks only to a PostgreSQL team workspace and
its owner's grant tables; a workspace file has one user, who acts as every account.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from desktop_app.domain.errors import DomainError
from desktop_app.persistence.location import Location, ServerAddress
from desktop_app.persistence.opening import open_store
from desktop_app.persistence.postgres_errors import is_connection_lost, write_error
from desktop_app.persistence.postgres_store import PostgresStore


def run_grants(location: Location, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
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
