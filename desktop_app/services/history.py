"""An account's history: every saved version, who saved it, what changed, what it raised."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.accounts import FIELD_LABELS, AccountVersion, Event, TierAccount
from desktop_app.domain.errors import NotFoundError
from desktop_app.services.history_rows import VersionRequest
from desktop_app.services.ports import Store


@dataclass(frozen=True)
class VersionEntry:
    """One saved version: when, who, which fields changed, and the requests it raised."""

    version: int
    saved: Event
    author: str
    """The user who saved it (on a team workspace, named after the database role)."""
    operator: str
    """The vendor or provider account the workspace acted as; empty when not recorded."""
    changed: tuple[str, ...]
    """The names of the fields changed from the version before, in form order (all for 1)."""
    requests: tuple[VersionRequest, ...]

    @property
    def changed_labels(self) -> tuple[str, ...]:
        """The changed fields as people know them."""
        return tuple(FIELD_LABELS[name] for name in self.changed)


@dataclass(frozen=True)
class AccountHistory:
    """Every version of an account, newest first."""

    account_id: str
    entries: tuple[VersionEntry, ...]
    team_workspace: bool
    """True on a shared server: the authors are database users."""

    def entry(self, version: int) -> VersionEntry | None:
        """The entry of ``version``, None when there is no such version."""
        return next((e for e in self.entries if e.version == version), None)


@dataclass(frozen=True)
class VersionComparison:
    """Two versions of one account side by side, and the fields that differ."""

    before: AccountVersion
    after: AccountVersion
    changed: frozenset[str]


def changed_fields(before: AccountVersion | None, after: AccountVersion) -> tuple[str, ...]:
    """Fields of ``after`` that differ from ``before`` in form order; every field without one."""
    if before is None:
        return tuple(FIELD_LABELS)
    return tuple(
        name for name in FIELD_LABELS if getattr(before.data, name) != getattr(after.data, name)
    )


def _operator_id(version: AccountVersion, account: TierAccount) -> str | None:
    """Who the workspace acted as; a first version saved before schema 8: its owner."""
    if version.operator_id is None and version.version == 1:
        return account.owner_id
    return version.operator_id


class HistoryService:
    """Reads an account's versions and the requests each raised."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def history(self, account_id: str) -> AccountHistory:
        """Every version of ``account_id``, newest first; :class:`NotFoundError` when unknown."""
        account = self._store.accounts.get(account_id)
        versions = self._store.accounts.versions(account_id)
        if account is None or not versions:
            raise NotFoundError(f"There is no tier account {account_id}.")
        by_version: dict[int, list[VersionRequest]] = {}
        for request in self._store.history.account_requests(account_id):
            by_version.setdefault(request.version, []).append(request)
        users: dict[str, str] = {}
        operators: dict[str, str] = {}
        entries: list[VersionEntry] = []
        previous: AccountVersion | None = None
        for version in versions:
            entries.append(
                VersionEntry(
                    version=version.version,
                    saved=version.saved,
                    author=self._user_name(version.saved.by, users),
                    operator=self._operator_text(_operator_id(version, account), operators),
                    changed=changed_fields(previous, version),
                    requests=tuple(by_version.get(version.version, ())),
                )
            )
            previous = version
        entries.reverse()
        team = self._store.database_user is not None
        return AccountHistory(account_id, tuple(entries), team_workspace=team)

    def compare(self, account_id: str, before: int, after: int) -> VersionComparison:
        """Versions ``before`` and ``after`` of an account and the fields that differ."""
        old = self._version(account_id, before)
        new = self._version(account_id, after)
        return VersionComparison(old, new, frozenset(changed_fields(old, new)))

    def _version(self, account_id: str, version: int) -> AccountVersion:
        found = self._store.accounts.get_version(account_id, version)
        if found is None:
            raise NotFoundError(f"Tier account {account_id} has no version {version}.")
        return found

    def _user_name(self, user_id: str, known: dict[str, str]) -> str:
        if user_id not in known:
            user = self._store.catalog.user(user_id)
            known[user_id] = f"{user.name} ({user_id})" if user is not None else user_id
        return known[user_id]

    def _operator_text(self, operator_id: str | None, known: dict[str, str]) -> str:
        if not operator_id:
            return ""
        if operator_id not in known:
            operator = self._store.catalog.operator(operator_id)
            name = operator.name if operator is not None else ""
            known[operator_id] = f"{name} ({operator_id})" if name else operator_id
        return known[operator_id]
