"""What one user action changed, so that each view updates only what it shows (anki's OpChanges)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop_app.domain.accounts import TierAccount
from desktop_app.domain.requests import TierAccountRequest


def _ids(ids: Iterable[str | None]) -> frozenset[str]:
    return frozenset(i for i in ids if i)


@dataclass(frozen=True)
class Changes:
    """The accounts, requests and products one action touched; empty when it changed nothing.

    ``everything`` stands for changes nobody itemised (an import, a restore, a colleague's
    save, another program's): every view reads again, keeping its place.
    """

    accounts: frozenset[str] = field(default_factory=frozenset)
    """Accounts whose data changed, and the parents whose child accounts changed."""
    requests: frozenset[str] = field(default_factory=frozenset)
    """Tier account requests raised or decided."""
    request_accounts: frozenset[str] = field(default_factory=frozenset)
    """The accounts of those requests (their sync state and pending count changed)."""
    products: frozenset[str] = field(default_factory=frozenset)
    """Products whose profile (capabilities) changed."""
    account_count: bool = False
    """Accounts were created or deleted: every account listing counts again."""
    requests_of_any_account: bool = False
    """Requests of accounts not named here changed (a bulk decision): every account's requests."""
    everything: bool = False

    @classmethod
    def all(cls) -> Changes:
        """Anything may have changed: read every view again."""
        return cls(everything=True)

    @classmethod
    def saved(
        cls,
        account: TierAccount,
        requests: Iterable[TierAccountRequest] = (),
        *,
        created: bool,
        previous_parent_id: str | None = None,
    ) -> Changes:
        """A create or an edit of ``account`` (and the requests the edit raised)."""
        raised = tuple(requests)
        return cls(
            accounts=_ids((account.id, account.parent_id, previous_parent_id)),
            requests=_ids(r.id for r in raised),
            request_accounts=_ids(r.account_id for r in raised),
            account_count=created,
        )

    @classmethod
    def deleted(cls, account: TierAccount) -> Changes:
        """``account`` was deleted (decommissioned): it leaves its parent and the listings."""
        return cls(accounts=_ids((account.id, account.parent_id)), account_count=True)

    @classmethod
    def decided(cls, requests: Iterable[TierAccountRequest]) -> Changes:
        """``requests`` were accepted or ignored."""
        decided = tuple(requests)
        return cls(
            requests=_ids(r.id for r in decided),
            request_accounts=_ids(r.account_id for r in decided),
        )

    @classmethod
    def decided_ids(cls, request_ids: Iterable[str]) -> Changes:
        """Requests were accepted or ignored, their accounts not looked up (many at once)."""
        return cls(requests=frozenset(request_ids), requests_of_any_account=True)

    @classmethod
    def product(cls, product_id: str) -> Changes:
        """A product's capabilities were switched."""
        return cls(products=frozenset({product_id}))

    def __or__(self, other: Changes) -> Changes:
        """What either changed."""
        return Changes(
            accounts=self.accounts | other.accounts,
            requests=self.requests | other.requests,
            request_accounts=self.request_accounts | other.request_accounts,
            products=self.products | other.products,
            account_count=self.account_count or other.account_count,
            requests_of_any_account=self.requests_of_any_account or other.requests_of_any_account,
            everything=self.everything or other.everything,
        )

    def __bool__(self) -> bool:
        """False when nothing changed."""
        return bool(
            self.everything
            or self.account_count
            or self.requests_of_any_account
            or self.accounts
            or self.requests
            or self.request_accounts
            or self.products
        )

    @property
    def touches_accounts(self) -> bool:
        """Any account listing (the Directory, child accounts, the tree) may show a change."""
        return self.everything or self.account_count or bool(self.accounts)

    @property
    def touches_requests(self) -> bool:
        """Any request listing may show a change."""
        return (
            self.everything
            or self.requests_of_any_account
            or bool(self.requests or self.request_accounts)
        )

    def touches_account(self, account_id: str) -> bool:
        """The account itself, its child accounts or its requests changed."""
        return (
            self.everything
            or self.requests_of_any_account
            or account_id in self.accounts
            or account_id in self.request_accounts
        )

    def touches_product(self, product_id: str) -> bool:
        """The product's profile changed."""
        return self.everything or product_id in self.products
