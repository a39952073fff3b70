"""Tier accounts and their versions, in plain SQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from typing import Final

from desktop_app.domain.accounts import AccountVersion, Event, TierAccount
from desktop_app.persistence.fields import to_db_time
from desktop_app.persistence.mapping import (
    ACCOUNT_COLUMNS,
    INSERT_ACCOUNT,
    INSERT_VERSION,
    account_from_row,
    account_row,
    version_from_row,
    version_row,
)
from desktop_app.persistence.repository_base import Repository

_ACCOUNT_SELECT: Final = f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM tier_account"


class SqlAccountRepository(Repository):
    """Tier accounts and their versions."""

    def get(self, account_id: str) -> TierAccount | None:
        """The account or None."""
        held = self._pending.by_id.get(account_id)
        if held is not None:
            return held
        row = self._peek(f"{_ACCOUNT_SELECT} WHERE id = ?", (account_id,))
        return None if row is None else account_from_row(row)

    def get_many(self, account_ids: Sequence[str]) -> dict[str, TierAccount]:
        """The accounts among ``account_ids`` that exist."""
        found: dict[str, TierAccount] = {}
        ids = list(dict.fromkeys(account_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self._all(f"{_ACCOUNT_SELECT} WHERE id IN ({marks})", chunk):
                account = account_from_row(row)
                found[account.id] = account
        return found

    def id_exists(self, account_id: str) -> bool:
        """True when the id is taken, by a live or a decommissioned account."""
        if account_id in self._pending.by_id:
            return True
        return self._peek("SELECT 1 FROM tier_account WHERE id = ?", (account_id,)) is not None

    def taken_ids(self, account_ids: Collection[str]) -> set[str]:
        """Those of ``account_ids`` already used (by a live, a decommissioned or a held account)."""
        taken = {i for i in account_ids if i in self._pending.by_id}
        rest = [i for i in account_ids if i not in taken]
        for start in range(0, len(rest), 500):
            chunk = rest[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._peek_all(f"SELECT id FROM tier_account WHERE id IN ({marks})", chunk)
            taken.update(str(r[0]) for r in rows)
        return taken

    def id_for_external_uid(self, external_uid: str) -> str | None:
        """The account holding this external UID."""
        held = self._pending.by_uid.get(external_uid)
        if held is not None:
            return held
        row = self._peek("SELECT id FROM tier_account WHERE external_uid = ?", (external_uid,))
        return None if row is None else str(row[0])

    def insert(self, account: TierAccount) -> None:
        """Add a new account (held back and sent in a batch inside a bulk write)."""
        if self._pending.holding:
            self._pending.add_account(account)
            if self._pending.full():
                self._pending.flush(self._db.connection())
            return
        self._run(INSERT_ACCOUNT, account_row(account))

    def update(self, account: TierAccount) -> None:
        """Overwrite the current version of an account."""
        columns = ACCOUNT_COLUMNS[1:]
        assignments = ", ".join(f"{c} = ?" for c in columns)
        values = account_row(account)
        self._run(f"UPDATE tier_account SET {assignments} WHERE id = ?", (*values[1:], values[0]))

    def add_version(self, version: AccountVersion) -> None:
        """Keep a snapshot of a saved version (held back inside a bulk write)."""
        if self._pending.holding:
            self._pending.add_version(version)
            return
        self._run(INSERT_VERSION, version_row(version))

    def get_version(self, account_id: str, version: int) -> AccountVersion | None:
        """One snapshot or None."""
        row = self._one(
            "SELECT account_id, version, data, saved_at, saved_by FROM tier_account_version "
            "WHERE account_id = ? AND version = ?",
            (account_id, version),
        )
        return None if row is None else version_from_row(row)

    def versions(self, account_id: str) -> list[AccountVersion]:
        """Every snapshot, oldest first."""
        rows = self._all(
            "SELECT account_id, version, data, saved_at, saved_by FROM tier_account_version "
            "WHERE account_id = ? ORDER BY version",
            (account_id,),
        )
        return [version_from_row(r) for r in rows]

    def live_children_count(self, account_id: str) -> int:
        """Children that are not decommissioned."""
        return int(
            self._scalar(
                "SELECT count(*) FROM tier_account"
                " WHERE parent_id = ? AND decommissioned_at IS NULL",
                (account_id,),
            )
        )

    def live_ids_with_external_id(self, external_id: str) -> list[str]:
        """The live accounts carrying this external id (the first ten; none when unknown)."""
        connection: sqlite3.Connection = self._db.connection()
        rows = connection.execute(
            "SELECT id FROM tier_account WHERE external_id = ? AND decommissioned_at IS NULL"
            " ORDER BY id LIMIT 10",
            (external_id,),
        ).fetchall()
        held = self._pending.by_external_id.get(external_id, [])
        return sorted([r[0] for r in rows] + held)[:10]

    def ancestor_ids(self, account_id: str) -> list[str]:
        """Parent, grandparent… of an account, nearest first."""
        rows = self._all(
            "WITH RECURSIVE up(id, parent_id, depth) AS ("
            " SELECT id, parent_id, 0 FROM tier_account WHERE id = ?"
            " UNION ALL SELECT t.id, t.parent_id, up.depth + 1 FROM tier_account t"
            " JOIN up ON t.id = up.parent_id WHERE up.depth < 64)"
            " SELECT id FROM up WHERE depth > 0 ORDER BY depth",
            (account_id,),
        )
        return [r[0] for r in rows]

    def decommission(self, account_id: str, event: Event) -> None:
        """Mark an account deleted (kept for old subscriptions and requests)."""
        self._run(
            "UPDATE tier_account SET decommissioned_at = ?, decommissioned_by = ? WHERE id = ?",
            (to_db_time(event.at), event.by, account_id),
        )
