"""Tier accounts and their versions, through peewee."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import partial
from typing import Any, Final, TypeAlias

from peewee import SQL, Insert, ModelSelect, Node, Select, Update, Value, fn

from desktop_app.domain.accounts import AccountVersion, Event, TierAccount
from desktop_app.persistence import models
from desktop_app.persistence.fields import to_db_time
from desktop_app.persistence.mapping import (
    account_from_row,
    account_row,
    version_from_row,
    version_row,
)
from desktop_app.persistence.model_rows import insert_query
from desktop_app.persistence.prepared import Prepared, slot
from desktop_app.persistence.repository_base import Repository

_A, _V = models.TierAccount, models.TierAccountVersion

_Select: TypeAlias = "ModelSelect[Any]"  # peewee's stubs are generic

CHUNK: Final = 500
"""Ids a look-up by many ids sends at once."""

_IN_SIZES: Final = (1, 2, 4, 8, 16, 32, 64, 128, 256, CHUNK)
"""The lengths an ``id IN (…)`` list is compiled for: a chunk is padded with NULLs to the next
one (which match nothing), so a look-up by many ids has ten shapes, not five hundred."""


def _in_size(count: int) -> int:
    return next(size for size in _IN_SIZES if size >= count)


def _get() -> _Select:
    return _A.select().where(_A.id == slot(0))


def _get_in(size: int) -> _Select:
    return _A.select().where(_A.id.in_([slot(i) for i in range(size)]))


def _id_of() -> _Select:
    return _A.select(_A.id).where(_A.id == slot(0))


def _ids_in(size: int) -> _Select:
    return _A.select(_A.id).where(_A.id.in_([slot(i) for i in range(size)]))


def _id_for_external_uid() -> _Select:
    return _A.select(_A.id).where(_A.external_uid == slot(0))


def _owners_of_external_uids(size: int) -> _Select:
    return _A.select(_A.external_uid, _A.id).where(
        _A.external_uid.in_([slot(i) for i in range(size)])
    )


def _insert() -> Insert:
    return insert_query(_A)


def _update(changed: tuple[int, ...]) -> Update:
    """The columns at ``changed`` (``account_row``'s order), then the id and the old version.

    Only what an edit changed is written: SQLite rewrites the entry of every index, and runs
    every ``UPDATE OF`` trigger (the search index's), whose column is set, even to the value
    it held. A row someone saved meanwhile is not overwritten (another window, a team
    member; on PostgreSQL the condition is looked at again once their lock is gone).
    """
    fields = _A._meta.sorted_fields
    return _A.update({fields[c]: slot(i) for i, c in enumerate(changed)}).where(
        _A.id == slot(len(changed)), _A.version == slot(len(changed) + 1)
    )


def _insert_version() -> Insert:
    return insert_query(_V)


def _version() -> _Select:
    return _V.select().where(_V.account == slot(0), _V.version == slot(1))


def _versions() -> _Select:
    return _V.select().where(_V.account == slot(0)).order_by(_V.version)


def _live_children_count() -> _Select:
    return _A.select(fn.COUNT(SQL("*"))).where(_A.parent == slot(0), _A.decommissioned_at.is_null())


def _live_ids_with_external_id() -> _Select:
    return (
        _A.select(_A.id)
        .where(_A.external_id == slot(0), _A.decommissioned_at.is_null())
        .order_by(_A.id)
        .limit(10)
    )


def _ancestor_ids() -> Select:
    """Parent, grandparent… of account ``slot(0)``, nearest first (64 steps at most)."""
    start = (
        _A.select(_A.id, _A.parent, Value(0, converter=False))
        .where(_A.id == slot(0))
        .cte("up", recursive=True, columns=("id", "parent_id", "depth"))
    )
    t = _A.alias("t")
    step = (
        t.select(t.id, t.parent, start.c.depth + 1)
        .join(start, on=(t.id == start.c.parent_id))
        .where(start.c.depth < 64)
    )
    up = start.union_all(step)
    return up.select_from(up.c.id).where(up.c.depth > 0).order_by(up.c.depth)


def _decommission() -> Update:
    return _A.update({_A.decommissioned_at: slot(0), _A.decommissioned_by: slot(1)}).where(
        _A.id == slot(2)
    )


class SqlAccountRepository(Repository):
    """Tier accounts and their versions."""

    def _in(
        self, build: Callable[[int], Node], ids: Sequence[str]
    ) -> tuple[Prepared, list[str | None]]:
        """``build(size)`` for a chunk of ids, and the ids padded to that size."""
        size = _in_size(len(ids))
        padded: list[str | None] = [*ids, *[None] * (size - len(ids))]
        return self._prepare(partial(build, size), (build, size)), padded

    def get(self, account_id: str) -> TierAccount | None:
        """The account or None."""
        held = self._pending.by_id.get(account_id)
        if held is not None:
            return held
        row = self._peek(self._prepare(_get), (account_id,))
        return None if row is None else account_from_row(row)

    def get_many(self, account_ids: Sequence[str]) -> dict[str, TierAccount]:
        """The accounts among ``account_ids`` that exist (held ones answered as :meth:`get`)."""
        held = self._pending.by_id
        found = {i: held[i] for i in account_ids if i in held}
        ids = [i for i in dict.fromkeys(account_ids) if i not in found]
        for start in range(0, len(ids), CHUNK):
            for row in self._peek_all(*self._in(_get_in, ids[start : start + CHUNK])):
                account = account_from_row(row)
                found[account.id] = account
        return found

    def id_exists(self, account_id: str) -> bool:
        """True when the id is taken, by a live or a decommissioned account."""
        if account_id in self._pending.by_id:
            return True
        return self._peek(self._prepare(_id_of), (account_id,)) is not None

    def taken_ids(self, account_ids: Collection[str]) -> set[str]:
        """Those of ``account_ids`` already used (by a live, a decommissioned or a held account)."""
        taken = {i for i in account_ids if i in self._pending.by_id}
        rest = [i for i in account_ids if i not in taken]
        for start in range(0, len(rest), CHUNK):
            rows = self._peek_all(*self._in(_ids_in, rest[start : start + CHUNK]))
            taken.update(str(r[0]) for r in rows)
        return taken

    def id_for_external_uid(self, external_uid: str) -> str | None:
        """The account holding this external UID."""
        held = self._pending.by_uid.get(external_uid)
        if held is not None:
            return held
        known = self._pending.known_uids
        if external_uid in known:
            return known[external_uid]
        row = self._peek(self._prepare(_id_for_external_uid), (external_uid,))
        return None if row is None else str(row[0])

    def look_up_external_uids(self, external_uids: Collection[str]) -> None:
        """Inside a bulk write: find who holds these external UIDs, a query a chunk.

        :meth:`id_for_external_uid` then answers from what was found (an import asks twice a
        row: a query each would be two round trips a row to a server).
        """
        pending = self._pending
        if not pending.holding:
            return
        wanted = [u for u in dict.fromkeys(external_uids) if u not in pending.by_uid]
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            rows = self._peek_all(*self._in(_owners_of_external_uids, chunk))
            owners = {str(r[0]): str(r[1]) for r in rows}
            pending.known_uids.update((uid, owners.get(uid)) for uid in chunk)

    def send_held(self) -> None:
        """Inside a bulk write: send the rows held back now; a server writes them behind.

        An import sends them once the next rows' look-ups are made (those would wait for a
        batch the server is still writing): the server writes while those rows are made.
        """
        if self._pending.holding and self._pending:
            self._pending.flush(self._db.connection(), behind=True)

    def insert(self, account: TierAccount) -> None:
        """Add a new account (held back and sent in a batch inside a bulk write)."""
        if self._pending.holding:
            self._pending.add_account(account, self._db)
            return
        self._run(self._prepare(_insert), account_row(account))

    def update(self, account: TierAccount, before: TierAccount) -> bool:
        """Save ``account`` over ``before``, the version before it, writing what differs.

        False when ``before``'s version is not the stored one (someone saved meanwhile).
        """
        values, old = account_row(account), account_row(before)
        changed = tuple(c for c in range(1, len(values)) if values[c] != old[c])
        statement = self._prepare(partial(_update, changed), (_update, changed))
        params = (*(values[c] for c in changed), values[0], before.version)
        return bool(self._run(statement, params).rowcount == 1)

    def add_version(self, version: AccountVersion) -> None:
        """Keep a snapshot of a saved version (held back inside a bulk write)."""
        if self._pending.holding:
            self._pending.add_version(version, self._db)
            # a full batch goes with its last account's version (which alone, later, would
            # wait for the whole batch to be written); a server writes it while the next
            # rows are made
            if self._pending.full():
                self._pending.flush(self._db.connection(), behind=True)
            return
        self._run(self._prepare(_insert_version), version_row(version))

    def get_version(self, account_id: str, version: int) -> AccountVersion | None:
        """One snapshot or None."""
        row = self._one(self._prepare(_version), (account_id, version))
        return None if row is None else version_from_row(row)

    def versions(self, account_id: str) -> list[AccountVersion]:
        """Every snapshot, oldest first."""
        rows = self._all(self._prepare(_versions), (account_id,))
        return [version_from_row(r) for r in rows]

    def live_children_count(self, account_id: str) -> int:
        """Children that are not decommissioned."""
        return int(self._scalar(self._prepare(_live_children_count), (account_id,)))

    def live_ids_with_external_id(self, external_id: str) -> list[str]:
        """The live accounts carrying this external id (the first ten; none when unknown)."""
        # held rows are added below, so nothing is flushed for this look-up
        rows = self._peek_all(self._prepare(_live_ids_with_external_id), (external_id,))
        held = self._pending.by_external_id.get(external_id, [])
        return sorted([r[0] for r in rows] + held)[:10]

    def ancestor_ids(self, account_id: str) -> list[str]:
        """Parent, grandparent… of an account, nearest first."""
        rows = self._all(self._prepare(_ancestor_ids), (account_id,))
        return [r[0] for r in rows]

    def decommission(self, account_id: str, event: Event) -> None:
        """Mark an account deleted (kept for old subscriptions and requests)."""
        self._run(self._prepare(_decommission), (to_db_time(event.at), event.by, account_id))
