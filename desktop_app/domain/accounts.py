"""Tier accounts: the versioned account data, drafts typed by people, and version differences."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Final

from desktop_app.domain.enums import AccountType, Environment, SyncState


@dataclass(frozen=True)
class Phone:
    """A phone number in the four parts Connect stores."""

    country_code: str
    area_code: str
    phone_number: str
    extension: str = ""

    def joined(self) -> str:
        """The parts joined without separators, as connect-cli writes them: ``+97317001234``."""
        return f"{self.country_code}{self.area_code}{self.phone_number}{self.extension}"

    def display(self) -> str:
        """A readable form: ``+49 30 1234567 ext. 12``."""
        parts = [self.country_code, self.area_code, self.phone_number]
        text = " ".join(p for p in parts if p)
        return f"{text} ext. {self.extension}" if self.extension else text

    def editable(self) -> str:
        """The form a person types back: E.164 plus an extension when there is one."""
        text = f"{self.country_code}{self.area_code}{self.phone_number}"
        return f"{text} ext. {self.extension}" if self.extension else text


@dataclass(frozen=True)
class AccountData:
    """Everything of a tier account that an edit can change; one of these is each version."""

    type: AccountType
    parent_id: str | None
    name: str
    external_id: str
    external_uid: str
    tax_id: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    postal_code: str
    country: str
    first_name: str
    last_name: str
    email: str
    phone: Phone | None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (the stored snapshot)."""
        out: dict[str, object] = {name: getattr(self, name) for name in _DATA_FIELDS}
        out["type"] = self.type.value
        out["phone"] = None if self.phone is None else vars(self.phone).copy()
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> AccountData:
        """Rebuild from :meth:`to_dict` output."""
        values = dict(raw)
        values["type"] = AccountType(str(values["type"]))
        phone = values.get("phone")
        values["phone"] = Phone(**phone) if isinstance(phone, dict) else None
        return cls(**values)  # type: ignore[arg-type]


_DATA_FIELDS: Final = tuple(f.name for f in fields(AccountData))


@dataclass(frozen=True)
class Event:
    """When something happened and who did it."""

    at: datetime
    by: str


@dataclass(frozen=True)
class TierAccount:
    """A customer or reseller account as stored, current version."""

    id: str
    version: int
    data: AccountData
    hub_id: str
    owner_id: str
    created: Event
    updated: Event
    environment: Environment | None = None
    decommissioned: Event | None = None

    @property
    def name(self) -> str:
        """The organisation name."""
        return self.data.name

    @property
    def type(self) -> AccountType:
        """Customer or reseller."""
        return self.data.type

    @property
    def parent_id(self) -> str | None:
        """The parent reseller's id, None for a direct reseller."""
        return self.data.parent_id

    @property
    def is_decommissioned(self) -> bool:
        """True once deleted: read-only, hidden from lists."""
        return self.decommissioned is not None


@dataclass(frozen=True)
class AccountVersion:
    """One saved version of an account (a snapshot)."""

    account_id: str
    version: int
    data: AccountData
    saved: Event
    operator_id: str | None = None
    """The vendor or provider account the workspace acted as; None when not recorded."""


@dataclass(frozen=True)
class AccountSummary:
    """What the details header and lists need besides the account itself."""

    account: TierAccount
    parent_name: str | None
    hub_name: str
    hub_read_only: bool
    owner_name: str
    pending_requests: int

    @property
    def sync_state(self) -> SyncState:
        """Awaiting approval while a request is pending."""
        return SyncState.AWAITING_APPROVAL if self.pending_requests else SyncState.UP_TO_DATE


@dataclass
class AccountDraft:
    """What a person typed in the account form: text only, not yet checked."""

    type: AccountType = AccountType.CUSTOMER
    parent_id: str | None = None
    name: str = ""
    external_id: str = ""
    external_uid: str = ""
    tax_id: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    hub_id: str | None = None

    @classmethod
    def from_data(cls, data: AccountData) -> AccountDraft:
        """The draft that shows ``data`` in the form (for editing)."""
        return cls(
            type=data.type,
            parent_id=data.parent_id,
            name=data.name,
            external_id=data.external_id,
            external_uid=data.external_uid,
            tax_id=data.tax_id,
            address_line1=data.address_line1,
            address_line2=data.address_line2,
            city=data.city,
            state=data.state,
            postal_code=data.postal_code,
            country=data.country,
            first_name=data.first_name,
            last_name=data.last_name,
            email=data.email,
            phone="" if data.phone is None else data.phone.editable(),
        )


TEXT_FIELDS: Final = (
    "name",
    "external_id",
    "external_uid",
    "tax_id",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "country",
    "first_name",
    "last_name",
    "email",
    "phone",
)

FIELD_LABELS: Final[dict[str, str]] = {
    "type": "Type",
    "parent_id": "Parent account",
    "name": "Organization name",
    "external_id": "External ID",
    "external_uid": "External UUID",
    "tax_id": "Tax ID",
    "address_line1": "Address line 1",
    "address_line2": "Address line 2",
    "city": "City",
    "state": "State",
    "postal_code": "Zip code",
    "country": "Country",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
}


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between two versions."""

    field: str
    label: str
    before: str
    after: str


def display_value(data: AccountData, name: str) -> str:
    """A field of ``data`` as text for people (phone formatted, empty as empty string)."""
    value = getattr(data, name)
    if value is None:
        return ""
    if isinstance(value, Phone):
        return value.display()
    if isinstance(value, AccountType):
        return value.label
    return str(value)


def diff_account_data(before: AccountData | None, after: AccountData) -> list[FieldChange]:
    """Field-by-field differences, in form order; every field when there is no ``before``."""
    changes: list[FieldChange] = []
    for name in FIELD_LABELS:
        new = display_value(after, name)
        old = "" if before is None else display_value(before, name)
        if before is None or getattr(before, name) != getattr(after, name):
            changes.append(FieldChange(name, FIELD_LABELS[name], old, new))
    return changes
