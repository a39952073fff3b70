"""Tier account requests: details for review, accept and ignore (vendors only, pending only)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop_app.domain.accounts import AccountData, FieldChange, TierAccount, diff_account_data
from desktop_app.domain.catalog import Hub, Product
from desktop_app.domain.enums import OperatorRole, RequestStatus
from desktop_app.domain.errors import ConflictError, NotFoundError
from desktop_app.domain.requests import TierAccountRequest, clean_reason, ensure_pending
from desktop_app.services.decision import BulkOutcome, Decision, DecisionPlan
from desktop_app.services.listing import Listing, counted_listing
from desktop_app.services.ports import Store
from desktop_app.services.queries import RequestQuery, RequestRow
from desktop_app.services.workspace import WorkspaceService


@dataclass(frozen=True)
class RequestDetails:
    """Everything the request details screen shows."""

    request: TierAccountRequest
    account: TierAccount
    requested: AccountData
    previous: AccountData | None
    changes: tuple[FieldChange, ...]
    product: Product
    vendor_name: str
    provider_name: str
    hub: Hub | None


class RequestService:
    """Review and decide tier account requests."""

    def __init__(self, store: Store, workspace: WorkspaceService) -> None:
        self._store = store
        self._workspace = workspace

    def get(self, request_id: str) -> TierAccountRequest:
        """One request; :class:`NotFoundError` when unknown."""
        found = self._store.requests.get(request_id)
        if found is None:
            raise NotFoundError(f"There is no tier account request {request_id}.")
        return found

    def details(self, request_id: str) -> RequestDetails:
        """The request, its account snapshot and the changes against the version before."""
        request = self.get(request_id)
        account = self._store.accounts.get(request.account_id)
        requested = self._store.accounts.get_version(request.account_id, request.version)
        product = self._store.catalog.product(request.product_id)
        if account is None or requested is None or product is None:
            raise NotFoundError(f"Request {request_id} refers to data that is missing.")
        previous = self._store.accounts.get_version(request.account_id, request.version - 1)
        vendor = self._store.catalog.operator(request.vendor_id)
        provider = (
            self._store.catalog.operator(request.provider_id) if request.provider_id else None
        )
        before = previous.data if previous else None
        return RequestDetails(
            request=request,
            account=account,
            requested=requested.data,
            previous=before,
            changes=tuple(c for c in diff_account_data(before, requested.data)),
            product=product,
            vendor_name=vendor.name if vendor else request.vendor_id,
            provider_name=provider.name if provider else (request.provider_id or ""),
            hub=self._store.catalog.hub(account.hub_id),
        )

    def listing(self, query: RequestQuery) -> Listing[RequestRow]:
        """Requests matching ``query`` in its order (newest first by default), paged."""
        requests = self._store.requests
        anchors = requests.keyset(query)  # read ahead by a reader with time to spare
        return counted_listing(
            lambda: requests.count(query),
            lambda offset, limit, total: requests.rows(query, offset, limit, total, anchors),
            lambda total, waiting: requests.anchors(query, anchors, total, waiting),
        )

    def count(self, query: RequestQuery) -> int:
        """How many requests match ``query``."""
        return self._store.requests.count(query)

    def ids(self, query: RequestQuery, offset: int, limit: int) -> list[str]:
        """The ids of rows ``offset`` to ``offset + limit`` of ``query``'s list (no names read)."""
        return self._store.requests.ids(query, offset, limit)

    def pending_count(self, account_id: str | None = None) -> int:
        """Pending requests of one account, or of the workspace."""
        if account_id is not None:
            return self._store.requests.pending_count(account_id)
        return self._store.requests.count(RequestQuery(status=RequestStatus.PENDING))

    def decision(self, request: TierAccountRequest) -> Decision:
        """Whether accept and ignore are open to the operator for ``request``, and why not."""
        operator = self._workspace.operator()
        if request.status is RequestStatus.UNSUPPORTED:
            return Decision(False, "Unsupported: Tier Accounts Sync is off for this product.")
        if request.status is not RequestStatus.PENDING:
            return Decision(False, f"This request is already {request.status.label.lower()}.")
        permission = self._workspace.write_permission()
        if not permission.allowed:
            return permission
        if operator.role is OperatorRole.PROVIDER:
            return Decision(False, "Only vendors accept or ignore requests; you act as a provider.")
        if operator.id != request.vendor_id:
            return Decision(False, f"Only the product's vendor ({request.vendor_id}) decides it.")
        return Decision(True, "")

    def accept(self, request_id: str) -> TierAccountRequest:
        """Record that the vendor took the change over."""
        return self._decide(request_id, RequestStatus.ACCEPTED, "", "accept requests")

    def ignore(self, request_id: str, reason: str) -> TierAccountRequest:
        """Flag the change as a problem, with a reason of 1–255 characters; nothing is reverted."""
        text = clean_reason(reason)
        return self._decide(request_id, RequestStatus.IGNORED, text, "ignore requests")

    def plan(self, request_ids: Sequence[str]) -> DecisionPlan:
        """Which of ``request_ids`` the operator may decide now; the others and why.

        The reasons are :meth:`decision`'s own words, counted.
        """
        allowed: list[str] = []
        products: Counter[str] = Counter()
        left_out: Counter[str] = Counter()
        requests = self._store.requests.get_many(request_ids)
        left_out["This request no longer exists."] += len(set(request_ids)) - len(requests)
        with self._workspace.pinned():  # the operator is read once, not once a request
            for request in requests:
                decision = self.decision(request)
                if decision.allowed:
                    allowed.append(request.id)
                    products[request.product_id] += 1
                else:
                    left_out[decision.reason] += 1
        names = {p.id: p.name for p in self._store.catalog.products()}
        return DecisionPlan(
            allowed=tuple(allowed),
            products=tuple((f"{names.get(p, p)} ({p})", n) for p, n in products.most_common()),
            left_out=tuple((r, n) for r, n in left_out.most_common() if n),
        )

    def accept_many(self, request_ids: Sequence[str]) -> BulkOutcome:
        """Accept every request of ``request_ids`` the operator may decide: all or none."""
        return self._decide_many(request_ids, RequestStatus.ACCEPTED, "")

    def ignore_many(self, request_ids: Sequence[str], reason: str) -> BulkOutcome:
        """Ignore every request of ``request_ids`` the operator may decide, with one reason."""
        return self._decide_many(request_ids, RequestStatus.IGNORED, clean_reason(reason))

    def _decide_many(
        self, request_ids: Sequence[str], status: RequestStatus, reason: str
    ) -> BulkOutcome:
        """One transaction: the requests the operator may decide, the others counted.

        If any of them changed since it was read, none is decided.
        """
        event = self._workspace.event()
        wanted = list(dict.fromkeys(request_ids))
        # a bulk write: its index pages stay in a larger cache until the one commit
        with self._store.bulk_write(), self._workspace.pinned():
            requests = self._store.requests.get_many(wanted)
            allowed = [r.id for r in requests if self.decision(r).allowed]
            moved = self._store.requests.change_status_many(
                allowed, RequestStatus.PENDING, status, reason, event
            )
            if moved != len(allowed):  # decided elsewhere since read: a team member's window
                raise ConflictError(
                    f"{len(allowed) - moved:,} of these requests changed meanwhile; "
                    "nothing was changed. Refresh the list and try again."
                )
        return BulkOutcome(decided=tuple(allowed), left_out=len(wanted) - len(allowed))

    def _ensure_still_pending(self, request: TierAccountRequest) -> None:
        """Refuse a decision on a decided request, saying who decided it and when."""
        if request.status in (RequestStatus.ACCEPTED, RequestStatus.IGNORED):
            raise ConflictError(
                f"Request {request.id} was already {request.status.label.lower()} by "
                f"{self._workspace.who_and_when(request.updated)}; nothing was changed."
            )
        ensure_pending(request)

    def _decide(
        self, request_id: str, status: RequestStatus, reason: str, what: str
    ) -> TierAccountRequest:
        event = self._workspace.event()
        with self._store.write():
            request = self.get(request_id)
            self._workspace.require_vendor(request.vendor_id, what)
            self._ensure_still_pending(request)
            if not self._store.requests.change_status(
                request.id, RequestStatus.PENDING, status, reason, event
            ):  # decided by someone else since it was read (another window, a team member)
                self._ensure_still_pending(self.get(request_id))
                raise ConflictError(f"Request {request.id} changed meanwhile; nothing was changed.")
        return replace(request, status=status, reason=reason, updated=event)
