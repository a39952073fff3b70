"""The operator account a workspace acts as, and the user recorded as the author of changes.

On a team workspace both belong to the database role the workspace is used as: its user is
named after the role (so every version and decision names the database user), the account it
acts as is its own choice, and a role other than the owner acts only as the vendor and
provider accounts granted to it (``desktop-app grant``).
"""

from __future__ import annotations

import getpass
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from desktop_app.domain.accounts import Event
from desktop_app.domain.catalog import OperatorAccount, User
from desktop_app.domain.enums import OperatorRole
from desktop_app.domain.errors import NotFoundError, PermissionDeniedError
from desktop_app.domain.ids import new_user_id, new_vendor_id
from desktop_app.services.decision import Decision
from desktop_app.services.ports import Store
from desktop_app.services.write_permission import write_permission

Clock = Callable[[], datetime]
OPERATOR_KEY = "operator_id"
USER_KEY = "user_id"
LOCAL_VENDOR_NAME = "Local vendor"


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def no_grant_reason(role: str) -> str:
    """Why a database role without any grant only reads the workspace."""
    return (
        f"the database role {role} has been granted no vendor or provider account; "
        "ask the workspace's owner to run desktop-app grant"
    )


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes and services
        return "Local user"


class WorkspaceService:
    """Who the workspace acts as; every rule that depends on the role asks this service."""

    def __init__(self, store: Store, clock: Clock = utc_now) -> None:
        self._store = store
        self._clock = clock
        self._pinned_operator: OperatorAccount | None = None
        self._pinned_user: User | None = None
        self._pin_depth = 0

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Inside one long transaction (an import), the operator and the user are read once."""
        self._pin_depth += 1
        try:
            yield
        finally:
            self._pin_depth -= 1
            if self._pin_depth == 0:
                self._pinned_operator = self._pinned_user = None

    def _key(self, key: str) -> str:
        """A setting of this user: on a team workspace, one per database role."""
        role = self._store.database_user
        return key if role is None else f"{key}@{role}"

    def ensure_user(self) -> User:
        """The workspace's user, created on first use from the login name.

        On a team workspace: named after the database role (``current_user``), one per role.
        """
        key = self._key(USER_KEY)
        user_id = self._store.settings.get(key)
        user = self._store.catalog.user(user_id) if user_id else None
        if user is not None:
            return user
        with self._store.write():
            # look again under the write lock: another instance may have just made one
            user_id = self._store.settings.get(key)
            found = self._store.catalog.user(user_id) if user_id else None
            if found is not None:
                return found
            name = self._store.database_user or _login_name()
            user = User(new_user_id(random.SystemRandom()), name)
            self._store.catalog.add_user(user)
            self._store.settings.put(key, user.id)
        return user

    @property
    def read_only_reason(self) -> str | None:
        """Why the workspace can only be read (``the file … is write-protected``); None if not.

        Every write is then refused with a StorageError; the window disables what would write.
        """
        return self._store.read_only_reason

    @property
    def read_only(self) -> bool:
        """True when the workspace can only be read."""
        return self._store.read_only_reason is not None

    def write_permission(self) -> Decision:
        """Whether anything may be written now; the refusal's words when the workspace is read-only.

        The one decision of the read-only rule: actions that write are enabled and refused by it.
        """
        return write_permission(self._store.read_only_reason)

    def integrity_problems(self) -> list[str]:
        """What SQLite's quick check of the file finds wrong; empty when it is whole.

        Seconds for a large file: call it off the GUI thread (it has its own connection).
        """
        return self._store.integrity_problems()

    def mark_damaged(self, found: list[str]) -> str:
        """Make the workspace read-only because ``found`` says it is damaged; the reason."""
        return self._store.mark_damaged(found)

    def data_version(self) -> int:
        """Changes whenever another window or program saved to the workspace."""
        return self._store.data_version()

    def watch_changes(
        self, changed: Callable[[frozenset[str]], None], lost: Callable[[str], None]
    ) -> Callable[[], None] | None:
        """Hear of others' changes as they commit (a team workspace); see ``Store``."""
        return self._store.watch_changes(changed, lost)

    def ensure_ready(self) -> OperatorAccount | None:
        """Make a new workspace usable: a user, and a local vendor account when none exists.

        A read-only workspace is taken as it is (None: its database role was granted no
        account to act as; the window says so where it names the operator).
        """
        if self.read_only:
            try:
                return self.operator()
            except PermissionDeniedError:
                return None
        self.ensure_user()
        if not self._store.catalog.operators():
            with self._store.write():
                if not self._store.catalog.operators():  # again under the write lock
                    vendor = OperatorAccount(
                        new_vendor_id(random.SystemRandom()), LOCAL_VENDOR_NAME, OperatorRole.VENDOR
                    )
                    self._store.catalog.add_operator(vendor)
        return self.operator()

    def act_as_vendor_of_most_products(self) -> OperatorAccount:
        """After demo data arrives: act as the vendor owning the most products, if any."""
        allowed = {o.id for o in self.operators()}
        counts: dict[str, int] = {}
        for product in self._store.catalog.products():
            if product.vendor_id in allowed:
                counts[product.vendor_id] = counts.get(product.vendor_id, 0) + 1
        if not counts:
            return self.operator()
        return self.switch_operator(max(sorted(counts), key=lambda v: counts[v]))

    def user(self, user_id: str) -> User | None:
        """The user recorded under ``user_id``, if known."""
        return self._store.catalog.user(user_id)

    def who_and_when(self, event: Event) -> str:
        """``Anna Müller on 2026-12-03 21:10`` (local time): who saved something, and when."""
        user = self._store.catalog.user(event.by)
        who = user.name if user is not None else event.by
        return f"{who} on {event.at.astimezone():%Y-%m-%d %H:%M}"

    def operators(self) -> list[OperatorAccount]:
        """Every vendor and provider account the workspace can act as, vendors first.

        On a team workspace, a role other than the owner's sees only those granted to it.
        """
        return self._allowed(self._store.granted_operators())

    def _allowed(self, granted: set[str] | None) -> list[OperatorAccount]:
        everyone = self._store.catalog.operators()
        return everyone if granted is None else [o for o in everyone if o.id in granted]

    def _no_grant(self) -> PermissionDeniedError:
        reason = no_grant_reason(self._store.database_user or "")
        return PermissionDeniedError(f"{reason[0].upper()}{reason[1:]}.")

    def operator(self) -> OperatorAccount:
        """The account the workspace acts as now (the first vendor when none was chosen)."""
        if self._pinned_operator is not None:
            return self._pinned_operator
        found = self._find_operator()
        if self._pin_depth:
            self._pinned_operator = found
        return found

    def _find_operator(self) -> OperatorAccount:
        granted = self._store.granted_operators()
        chosen = self._store.settings.get(self._key(OPERATOR_KEY))
        if chosen and (granted is None or chosen in granted):
            found = self._store.catalog.operator(chosen)
            if found is not None:
                return found
        operators = self._allowed(granted)  # the first vendor (granted), else the first one
        if not operators:
            if granted is not None:
                raise self._no_grant()
            raise NotFoundError("This workspace has no vendor or provider account to act as.")
        vendors = [o for o in operators if o.role is OperatorRole.VENDOR]
        return (vendors or operators)[0]

    def switch_operator(self, operator_id: str) -> OperatorAccount:
        """Act as another vendor or provider account from now on.

        On a team workspace this database role does (others keep their own choice), and only
        as an account granted to it.
        """
        found = self._store.catalog.operator(operator_id)
        if found is None:
            raise NotFoundError(f"There is no vendor or provider account {operator_id}.")
        granted = self._store.granted_operators()
        if granted is not None and found.id not in granted:
            raise PermissionDeniedError(
                f"The database role {self._store.database_user} may not act as {found.name} "
                f"({found.id}): the workspace's owner has not granted it that account "
                "(desktop-app grant). Nothing was changed."
            )
        with self._store.write():
            self._store.settings.put(self._key(OPERATOR_KEY), found.id)
        return found

    def event(self) -> Event:
        """Now, by the workspace's user (refused to a database role granted no account)."""
        if (
            self._pinned_user is None
            and not self.read_only  # the write says why it is refused
            and self._store.granted_operators() == set()
        ):
            raise self._no_grant()  # every grant was revoked since the workspace was opened
        user = self._pinned_user or self.ensure_user()
        if self._pin_depth:
            self._pinned_user = user
        return Event(self._clock(), user.id)

    def require_vendor(self, vendor_id: str, what: str) -> OperatorAccount:
        """The operator when it is the vendor ``vendor_id``, else :class:`PermissionDeniedError`."""
        operator = self.operator()
        if operator.role is not OperatorRole.VENDOR:
            raise PermissionDeniedError(
                f"Only vendors can {what}; you act as the provider {operator.name} ({operator.id})."
            )
        if operator.id != vendor_id:
            raise PermissionDeniedError(
                f"Only the product's vendor ({vendor_id}) can {what}; "
                f"you act as {operator.name} ({operator.id})."
            )
        return operator
