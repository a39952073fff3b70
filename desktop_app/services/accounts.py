"""Create, edit and delete tier accounts; an edit raises one request per linked product.

The use cases and their transactions; the rules a write checks, and what a batch keeps of
their look-ups, live in :mod:`~desktop_app.services.account_rules`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from desktop_app.domain.accounts import (
    AccountData,
    AccountDraft,
    AccountSummary,
    AccountVersion,
    Event,
    FieldChange,
    TierAccount,
    diff_account_data,
)
from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.domain.errors import ConflictError, FieldIssue, NotFoundError, RuleViolationError
from desktop_app.domain.ids import tier_account_request_id
from desktop_app.domain.requests import UNSUPPORTED_REASON, TierAccountRequest, initial_status
from desktop_app.domain.validation import validate_draft
from desktop_app.services.account_rules import AccountRules
from desktop_app.services.changes import Changes
from desktop_app.services.decision import Decision
from desktop_app.services.ports import Store
from desktop_app.services.workspace import WorkspaceService


@dataclass(frozen=True)
class SaveResult:
    """What a create or an edit changed."""

    account: TierAccount
    changed: bool
    requests: tuple[TierAccountRequest, ...] = ()
    warnings: tuple[FieldIssue, ...] = ()
    previous_parent_id: str | None = None
    """An edit's parent before it (it may have moved the account to another parent)."""

    @property
    def changes(self) -> Changes:
        """What the views showing accounts and requests need to read again; none if unchanged."""
        if not self.changed:
            return Changes()
        return Changes.saved(
            self.account,
            self.requests,
            created=self.account.version == 1,
            previous_parent_id=self.previous_parent_id,
        )


class AccountService:
    """Use cases on tier accounts; each write is one transaction."""

    def __init__(self, store: Store, workspace: WorkspaceService) -> None:
        self._store = store
        self._workspace = workspace
        self._rules = AccountRules(store)

    # reads

    def get(self, account_id: str) -> TierAccount:
        """The account, decommissioned ones included; :class:`NotFoundError` when unknown."""
        account = self._store.accounts.get(account_id)
        if account is None:
            raise NotFoundError(f"There is no tier account {account_id}.")
        return account

    def summary(self, account_id: str) -> AccountSummary:
        """The account with what its details header shows."""
        account = self.get(account_id)
        parent = self._store.accounts.get(account.parent_id) if account.parent_id else None
        hub = self._store.catalog.hub(account.hub_id)
        owner = self._store.catalog.operator(account.owner_id)
        return AccountSummary(
            account=account,
            parent_name=parent.name if parent else None,
            hub_name=hub.name if hub else account.hub_id,
            hub_read_only=bool(hub and hub.is_read_only),
            owner_name=owner.name if owner else account.owner_id,
            pending_requests=self._store.requests.pending_count(account.id),
        )

    def change_decision(self, account_id: str) -> Decision:
        """Whether the operator may edit and delete ``account_id`` now, and why not.

        What :meth:`update` and :meth:`delete` refuse whatever is typed: a read-only workspace,
        an account deleted or unknown, an account on a CloudBlue Commerce (OA) hub. The window
        disables Edit and Delete with this reason; a delete may still be refused for children.
        """
        permission = self._workspace.write_permission()
        if not permission.allowed:
            return permission
        account = self._store.accounts.get(account_id)
        if account is None:
            return Decision(False, f"There is no tier account {account_id}.")
        if account.is_decommissioned:
            return Decision(False, f"{account.id} was deleted; it can no longer be changed.")
        refusal = self._rules.hub_refusal(account)
        return Decision(refusal is None, refusal or "")

    def versions(self, account_id: str) -> list[AccountVersion]:
        """Every saved version, oldest first."""
        return self._store.accounts.versions(account_id)

    def version(self, account_id: str, version: int) -> AccountVersion:
        """One saved version."""
        found = self._store.accounts.get_version(account_id, version)
        if found is None:
            raise NotFoundError(f"Tier account {account_id} has no version {version}.")
        return found

    def diff(self, account_id: str, before: int, after: int) -> list[FieldChange]:
        """Field-by-field changes from version ``before`` to ``after`` (``before`` 0: none)."""
        old = self.version(account_id, before).data if before > 0 else None
        return diff_account_data(old, self.version(account_id, after).data)

    def live_ids_with_external_id(self, external_id: str) -> list[str]:
        """The live accounts whose external id is ``external_id`` (the first ten)."""
        return self._store.accounts.live_ids_with_external_id(external_id)

    def id_with_external_uid(self, external_uid: str) -> str | None:
        """The account (live or deleted) holding this external UID, None when none does."""
        return self._store.accounts.id_for_external_uid(external_uid)

    def look_up_external_uids(self, external_uids: Collection[str]) -> None:
        """Inside a batch: find the accounts holding these external UIDs together, ahead.

        :meth:`id_with_external_uid` and the checks of :meth:`create` then answer from it
        instead of asking the workspace a row at a time.
        """
        self._store.accounts.look_up_external_uids(external_uids)

    def look_up_parents(self, account_ids: Collection[str]) -> None:
        """Inside a batch: read these accounts together, ahead of the rows naming them parents."""
        self._rules.look_up_parents(account_ids)

    def reserve_ids(self, count: int) -> None:
        """Inside a batch: check ``count`` new ids as free together, ahead of the creates."""
        self._rules.reserve_ids(count)

    def send_held(self) -> None:
        """Inside a batch: send the new accounts held back so far (a server writes them behind)."""
        self._store.accounts.send_held()

    # writes

    @contextmanager
    def batch(self, expected_rows: int = 0) -> Iterator[None]:
        """One transaction around many writes (an import).

        Each create or update inside it joins the one transaction (no savepoint): a refused
        one, refused before it writes, leaves the others; an exception out of the block rolls
        everything back. The search index catches up once, at the end (the sort indexes too
        when ``expected_rows`` is large); parents, hubs, the operator and the user are read
        once.
        """
        with self._store.bulk_write(expected_rows), self._workspace.pinned():
            self._rules.start_batch()
            try:
                yield
            finally:
                self._rules.end_batch()

    def create(
        self,
        draft: AccountDraft,
        *,
        checked: tuple[AccountData, list[FieldIssue]] | None = None,
    ) -> SaveResult:
        """Create an account at version 1, owned by the operator.

        ``checked`` is what :func:`validate_draft` made of ``draft`` elsewhere (a large
        import validates in a second process); every rule on the workspace runs here.
        """
        data, warnings = checked if checked is not None else validate_draft(draft)
        operator = self._workspace.operator()
        event = self._workspace.event()
        with self._store.write():
            parent = self._rules.check_parent(data, account_id=None)
            hub_id = self._rules.hub_for_new(draft.hub_id, parent)
            data = self._rules.with_external_uid(data, account_id=None)
            account = TierAccount(
                id=self._rules.new_id(),
                version=1,
                data=data,
                hub_id=hub_id,
                owner_id=operator.id,
                created=event,
                updated=event,
            )
            self._store.accounts.insert(account)
            self._store.accounts.add_version(
                AccountVersion(account.id, 1, data, event, operator.id)
            )
        return SaveResult(account, changed=True, warnings=tuple(warnings))

    def update(
        self,
        account_id: str,
        draft: AccountDraft,
        *,
        expected_version: int | None = None,
        refuse_older_versions: bool = False,
    ) -> SaveResult:
        """Save an edit as a new version and raise one request per linked product.

        An edit that changes nothing saves nothing and is no error, whatever the account's
        hub: re-importing an export unchanged succeeds on accounts that cannot change here.
        ``refuse_older_versions`` (imports) refuses data equal to an older version of the
        account: a row of an old export would otherwise undo every edit made since.
        """
        data, warnings = validate_draft(draft)
        event = self._workspace.event()
        with self._store.write():
            current = self._rules.live(account_id)
            if expected_version is not None and current.version != expected_version:
                raise self._changed_meanwhile(current, expected_version)
            if draft.hub_id and draft.hub_id != current.hub_id:
                raise RuleViolationError(
                    "The hub is set when an account is created and cannot be changed.", "hub_id"
                )
            if not data.external_uid:
                data = replace(data, external_uid=current.data.external_uid)
            if data == current.data:
                return SaveResult(current, changed=False, warnings=tuple(warnings))
            if refuse_older_versions:
                self._refuse_older_version(current, data)
            self._rules.refuse_on_read_only_hub(current)
            self._rules.check_parent(data, account_id=current.id, kept=current.parent_id)
            if data.type is AccountType.CUSTOMER and current.type is AccountType.RESELLER:
                children = self._store.accounts.live_children_count(current.id)
                if children:
                    raise RuleViolationError(
                        f"{current.id} has {children} child account{'s' * (children != 1)}; "
                        "a reseller with children cannot become a customer.",
                        "type",
                    )
            data = self._rules.with_external_uid(
                data, account_id=current.id, kept=current.data.external_uid
            )
            version = current.version + 1
            account = replace(current, version=version, data=data, updated=event)
            self._rules.forget(account.id)
            if not self._store.accounts.update(account, current):  # saved meanwhile, after our read
                self._rules.forget(account.id)
                raise self._changed_meanwhile(self._rules.live(account_id), current.version)
            operator = self._workspace.operator()  # pinned inside a batch: read once
            self._store.accounts.add_version(
                AccountVersion(account.id, version, data, event, operator.id)
            )
            requests = self._raise_requests(account, event)
        return SaveResult(
            account,
            changed=True,
            requests=requests,
            warnings=tuple(warnings),
            previous_parent_id=current.parent_id,
        )

    def _refuse_older_version(self, current: TierAccount, data: AccountData) -> None:
        """Refuse ``data`` when it is what an older version of ``current`` held."""
        if current.version == 1:
            return
        for older in self._store.accounts.versions(current.id):
            if older.version < current.version and older.data == data:
                raise ConflictError(
                    f"This row holds version {older.version} of {current.id}, which has "
                    f"changed since: version {current.version} was saved by "
                    f"{self._workspace.who_and_when(current.updated)}. Export again to edit "
                    "the current data; importing this row would undo those changes."
                )

    def _changed_meanwhile(self, current: TierAccount, edited_version: int) -> ConflictError:
        """Someone saved ``current`` after the version this edit started from."""
        return ConflictError(
            f"{current.id} was changed meanwhile by {self._workspace.who_and_when(current.updated)}"
            f" (now version {current.version}; you edited version {edited_version}). "
            "Nothing was saved: look at the new values and apply your changes again."
        )

    def delete(self, account_id: str) -> TierAccount:
        """Decommission an account without live children; it cannot be restored."""
        event = self._workspace.event()
        with self._store.write():
            account = self._rules.editable(account_id)
            children = self._store.accounts.live_children_count(account.id)
            if children:
                raise RuleViolationError(
                    f"{account.name} ({account.id}) has {children} child "
                    f"account{'s' * (children != 1)}. Delete the child accounts first."
                )
            self._rules.forget(account.id)
            self._store.accounts.decommission(account.id, event)
        return replace(account, decommissioned=event)

    def _raise_requests(self, account: TierAccount, event: Event) -> tuple[TierAccountRequest, ...]:
        requests = []
        linked = self._store.catalog.linked_products(account.id)
        for sequence, (product, provider_id) in enumerate(linked, start=1):
            status = initial_status(product.tier_accounts_sync)
            requests.append(
                TierAccountRequest(
                    id=tier_account_request_id(account.id, account.version, sequence),
                    account_id=account.id,
                    version=account.version,
                    product_id=product.id,
                    vendor_id=product.vendor_id,
                    provider_id=provider_id,
                    status=status,
                    reason=UNSUPPORTED_REASON if status is RequestStatus.UNSUPPORTED else "",
                    created=event,
                    updated=event,
                )
            )
        self._store.requests.insert_many(requests)
        return tuple(requests)
