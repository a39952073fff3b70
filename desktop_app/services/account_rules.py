"""The rules an account write checks (parent, hub, external UID, a free id) and their look-ups.

Apart from :class:`~desktop_app.services.accounts.AccountService` because these rules
read the workspace row by row for one save, but from caches kept for the length of a
batch (an import): the parents, hubs and a pool of fresh ids are read once there.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Collection
from dataclasses import replace
from typing import Final

from desktop_app.domain.accounts import AccountData, TierAccount
from desktop_app.domain.catalog import Hub, oa_hub_refusal
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import NotFoundError, RuleViolationError, ValidationError
from desktop_app.domain.ids import NO_HUB_ID, new_tier_account_id
from desktop_app.domain.text import quoted
from desktop_app.services.ports import Store

FRESH_IDS: Final = 1000
"""New ids drawn and checked together inside a batch."""


class AccountRules:
    """Checks of one account write, answered from a batch's caches while one is open."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._rng = random.SystemRandom()
        # filled inside a batch only: what many rows of one import look up again and again
        self._parents: dict[str, TierAccount | None] | None = None
        self._hubs: dict[str, Hub | None] | None = None
        self._fresh_ids: list[str] | None = None
        """Inside a batch: new ids already checked as free, a pool drawn and looked up at once."""

    def start_batch(self) -> None:
        """Keep what is looked up from now on, until :meth:`end_batch`."""
        self._parents = {}
        self._hubs = {}
        self._fresh_ids = []

    def end_batch(self) -> None:
        """Forget what the batch kept: the next write reads the workspace again."""
        self._parents = None
        self._hubs = None
        self._fresh_ids = None

    def look_up_parents(self, account_ids: Collection[str]) -> None:
        """Inside a batch: read these accounts together, ahead of the rows naming them parents."""
        if self._parents is None:
            return
        wanted = [i for i in dict.fromkeys(account_ids) if i not in self._parents]
        if wanted:
            self._parents.update(self._store.accounts.get_many(wanted))  # the unknown: one by one

    def editable(self, account_id: str) -> TierAccount:
        """The live account, refused when its hub keeps it from changing here."""
        account = self.live(account_id)
        self.refuse_on_read_only_hub(account)
        return account

    def live(self, account_id: str) -> TierAccount:
        """The account; :class:`NotFoundError` when it is unknown or deleted."""
        account = self._store.accounts.get(account_id)
        if account is None or account.is_decommissioned:
            raise NotFoundError(f"Tier account {account_id} does not exist or was deleted.")
        return account

    def refuse_on_read_only_hub(self, account: TierAccount) -> None:
        """Raise :class:`RuleViolationError` when the account's hub keeps it from changing."""
        refusal = self.hub_refusal(account)
        if refusal is not None:
            raise RuleViolationError(refusal)

    def hub_refusal(self, account: TierAccount) -> str | None:
        """Why an account on a CloudBlue Commerce (OA) hub cannot change here; None if it can."""
        hub = self._hub(account.hub_id)
        if hub is None or not hub.is_read_only:
            return None
        return oa_hub_refusal(account.id, hub.name, hub.id)

    def check_parent(
        self, data: AccountData, account_id: str | None, kept: str | None = None
    ) -> TierAccount | None:
        """The parent, after checking it may be one; None for a direct reseller.

        ``kept``: the parent the account has now. Keeping it cannot make the account its own
        ancestor, so its ancestors are not read then (a recursive query an edit).
        """
        if data.parent_id is None:
            if data.type is AccountType.CUSTOMER:
                raise ValidationError.single("parent_id", "A customer needs a parent reseller.")
            return None
        parent = self._parent(data.parent_id)
        if parent is None or parent.is_decommissioned:
            raise ValidationError.single("parent_id", f"There is no tier account {data.parent_id}.")
        if parent.type is not AccountType.RESELLER:
            raise ValidationError.single(
                "parent_id", f"{parent.name} is a customer; only a reseller can be a parent."
            )
        if (
            account_id is not None
            and parent.id != kept
            and (
                parent.id == account_id
                or account_id in self._store.accounts.ancestor_ids(parent.id)
            )
        ):
            raise ValidationError.single(
                "parent_id", "An account cannot be its own parent or its descendant's child."
            )
        return parent

    def _parent(self, account_id: str) -> TierAccount | None:
        if self._parents is None:
            return self._store.accounts.get(account_id)
        if account_id not in self._parents:
            self._parents[account_id] = self._store.accounts.get(account_id)
        return self._parents[account_id]

    def _hub(self, hub_id: str) -> Hub | None:
        if self._hubs is None:
            return self._store.catalog.hub(hub_id)
        if hub_id not in self._hubs:
            self._hubs[hub_id] = self._store.catalog.hub(hub_id)
        return self._hubs[hub_id]

    def forget(self, account_id: str) -> None:
        """An account changed inside a batch: read it again when it is next a parent."""
        if self._parents is not None:
            self._parents.pop(account_id, None)

    def hub_for_new(self, requested: str | None, parent: TierAccount | None) -> str:
        """The hub of a new account: the one asked for if allowed, else its parent's or none."""
        if requested and requested != NO_HUB_ID:
            hub = self._hub(requested)
            if hub is None:
                raise ValidationError.single("hub_id", f"There is no hub {quoted(requested)}.")
            if hub.is_read_only:
                raise ValidationError.single(
                    "hub_id", f"New accounts cannot be put on the CloudBlue Commerce hub {hub.id}."
                )
            return hub.id
        if requested == NO_HUB_ID or parent is None:
            return NO_HUB_ID
        hub = self._hub(parent.hub_id)
        return hub.id if hub is not None and not hub.is_read_only else NO_HUB_ID

    def with_external_uid(
        self, data: AccountData, account_id: str | None, kept: str | None = None
    ) -> AccountData:
        """``data`` with an external UID: a new random one, or the given one if still free.

        A new UUID4 (122 random bits) or the account's own ``kept`` one needs no look-up;
        the column's UNIQUE index still guards both.
        """
        if not data.external_uid:
            uid = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
            return replace(data, external_uid=uid)
        if data.external_uid == kept:
            return data
        owner = self._store.accounts.id_for_external_uid(data.external_uid)
        if owner is not None and owner != account_id:
            raise ValidationError.single(
                "external_uid", f"This external UUID is already used by {owner}."
            )
        return data

    def reserve_ids(self, count: int) -> None:
        """Inside a batch: have ``count`` new ids checked as free ahead, in one look-up.

        An import asks before the rows that need them, so that no look-up comes between its
        rows while a server still writes the batch before (it would wait for it).
        """
        if self._fresh_ids is None or len(self._fresh_ids) >= count:
            return
        drawn = {new_tier_account_id(self._rng) for _ in range(count - len(self._fresh_ids))}
        fresh = drawn - set(self._fresh_ids) - self._store.accounts.taken_ids(drawn)
        self._fresh_ids = sorted(fresh) + self._fresh_ids

    def new_id(self) -> str:
        """An account id no account holds yet."""
        if self._fresh_ids is None:
            while self._store.accounts.id_exists(account_id := new_tier_account_id(self._rng)):
                pass
            return account_id
        while not self._fresh_ids:  # a batch: one look-up for a thousand ids, not one each
            drawn = {new_tier_account_id(self._rng) for _ in range(FRESH_IDS)}
            self._fresh_ids = sorted(drawn - self._store.accounts.taken_ids(drawn))
        return self._fresh_ids.pop()
