"""Conversions between database rows and domain values, and the folded text the search box uses.

The column lists come from the peewee models, the one description of the schema.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from peewee import Model

from desktop_app.domain.accounts import AccountData, AccountVersion, Event, Phone, TierAccount
from desktop_app.domain.enums import AccountType, Environment, RequestStatus
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.domain.text import fold_for_search
from desktop_app.persistence import models
from desktop_app.persistence.fields import from_db_time, to_db_time


def columns(model: type[Model]) -> tuple[str, ...]:
    """The table's columns in the model's field order: the order of every row tuple here."""
    return tuple(field.column_name for field in model._meta.sorted_fields)


ACCOUNT_COLUMNS: Final = columns(models.TierAccount)
REQUEST_COLUMNS: Final = columns(models.TierAccountRequest)
VERSION_COLUMNS: Final = columns(models.TierAccountVersion)


def insert_sql(table: str, columns: Sequence[str]) -> str:
    """``INSERT INTO table (columns) VALUES (?, …)``."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


INSERT_ACCOUNT: Final = insert_sql("tier_account", ACCOUNT_COLUMNS)
INSERT_VERSION: Final = insert_sql("tier_account_version", VERSION_COLUMNS)


def search_text(account_id: str, data: AccountData) -> str:
    """Folded text of every searchable field, one string per account."""
    parts = (
        account_id,
        data.name,
        data.external_id,
        data.external_uid,
        data.email,
        data.city,
        data.tax_id,
    )
    return fold_for_search(" ".join(p for p in parts if p))


def account_row(account: TierAccount) -> tuple[Any, ...]:
    """The account as values in :data:`ACCOUNT_COLUMNS` order."""
    data, phone = account.data, account.data.phone
    created = to_db_time(account.created.at)
    updated = (
        created if account.updated.at == account.created.at else to_db_time(account.updated.at)
    )
    return (
        account.id,
        account.version,
        data.type.value,
        data.parent_id,
        data.name,
        data.external_id,
        data.external_uid,
        data.tax_id,
        data.address_line1,
        data.address_line2,
        data.city,
        data.state,
        data.postal_code,
        data.country,
        data.first_name,
        data.last_name,
        data.email,
        phone.country_code if phone else "",
        phone.area_code if phone else "",
        phone.phone_number if phone else "",
        phone.extension if phone else "",
        account.hub_id,
        account.owner_id,
        account.environment.value if account.environment else None,
        created,
        account.created.by,
        updated,
        account.updated.by,
        to_db_time(account.decommissioned.at) if account.decommissioned else None,
        account.decommissioned.by if account.decommissioned else None,
        search_text(account.id, data),
    )


def account_from_row(row: Sequence[Any]) -> TierAccount:
    """Rebuild an account from values in :data:`ACCOUNT_COLUMNS` order."""
    values = dict(zip(ACCOUNT_COLUMNS, row, strict=True))
    phone = (
        Phone(
            values["phone_country_code"],
            values["phone_area_code"],
            values["phone_number"],
            values["phone_extension"],
        )
        if values["phone_country_code"] or values["phone_number"]
        else None
    )
    data = AccountData(
        type=AccountType(values["type"]),
        parent_id=values["parent_id"],
        name=values["name"],
        external_id=values["external_id"],
        external_uid=values["external_uid"],
        tax_id=values["tax_id"],
        address_line1=values["address_line1"],
        address_line2=values["address_line2"],
        city=values["city"],
        state=values["state"],
        postal_code=values["postal_code"],
        country=values["country"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=values["email"],
        phone=phone,
    )
    decommissioned = (
        Event(from_db_time(values["decommissioned_at"]), values["decommissioned_by"] or "")
        if values["decommissioned_at"]
        else None
    )
    return TierAccount(
        id=values["id"],
        version=values["version"],
        data=data,
        hub_id=values["hub_id"],
        owner_id=values["owner_id"],
        environment=Environment(values["environment"]) if values["environment"] else None,
        created=Event(from_db_time(values["created_at"]), values["created_by"]),
        updated=Event(from_db_time(values["updated_at"]), values["updated_by"]),
        decommissioned=decommissioned,
    )


def snapshot_json(data: AccountData) -> str:
    """The stored form of a version's data."""
    return json.dumps(data.to_dict(), ensure_ascii=False, sort_keys=True)


def version_row(version: AccountVersion) -> tuple[Any, ...]:
    """A version as values in :data:`VERSION_COLUMNS` order."""
    return (
        version.account_id,
        version.version,
        snapshot_json(version.data),
        to_db_time(version.saved.at),
        version.saved.by,
    )


def version_from_row(row: Sequence[Any]) -> AccountVersion:
    """Rebuild a version from ``account_id, version, data, saved_at, saved_by``."""
    account_id, version, data, saved_at, saved_by = row
    return AccountVersion(
        account_id,
        version,
        AccountData.from_dict(json.loads(data)),
        Event(from_db_time(saved_at), saved_by),
    )


def request_row(request: TierAccountRequest) -> tuple[Any, ...]:
    """The request as values in :data:`REQUEST_COLUMNS` order."""
    return (
        request.id,
        request.account_id,
        request.version,
        request.product_id,
        request.vendor_id,
        request.provider_id,
        request.status.value,
        request.reason,
        to_db_time(request.created.at),
        request.created.by,
        to_db_time(request.updated.at),
        request.updated.by,
    )


def request_from_row(row: Sequence[Any]) -> TierAccountRequest:
    """Rebuild a request from values in :data:`REQUEST_COLUMNS` order."""
    v = dict(zip(REQUEST_COLUMNS, row, strict=True))
    return TierAccountRequest(
        id=v["id"],
        account_id=v["account_id"],
        version=v["version"],
        product_id=v["product_id"],
        vendor_id=v["vendor_id"],
        provider_id=v["provider_id"],
        status=RequestStatus(v["status"]),
        reason=v["reason"],
        created=Event(from_db_time(v["created_at"]), v["created_by"]),
        updated=Event(from_db_time(v["updated_at"]), v["updated_by"]),
    )
