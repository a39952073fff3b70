"""Conversions between database rows and domain values, and the folded text the search box uses.

The column lists and the rows' order come from the peewee models, the one description of the
schema: rows are made by :func:`~desktop_app.persistence.model_rows.row_maker` from values
named by field, and read back by the columns' names. (The connect-cli workbook's columns are
not here: :mod:`desktop_app.interop.workbook_columns` describes them.)
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
from desktop_app.persistence.model_rows import row_maker


def columns(model: type[Model]) -> tuple[str, ...]:
    """The table's columns in the model's field order: the order of every row tuple here."""
    return tuple(field.column_name for field in model._meta.sorted_fields)


ACCOUNT_COLUMNS: Final = columns(models.TierAccount)
REQUEST_COLUMNS: Final = columns(models.TierAccountRequest)
VERSION_COLUMNS: Final = columns(models.TierAccountVersion)

_account_row: Final = row_maker(models.TierAccount)
_version_row: Final = row_maker(models.TierAccountVersion)
_request_row: Final = row_maker(models.TierAccountRequest)


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
    return _account_row(
        id=account.id,
        version=account.version,
        type=data.type.value,
        parent=data.parent_id,
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
        phone_country_code=phone.country_code if phone else "",
        phone_area_code=phone.area_code if phone else "",
        phone_number=phone.phone_number if phone else "",
        phone_extension=phone.extension if phone else "",
        hub=account.hub_id,
        owner=account.owner_id,
        environment=account.environment.value if account.environment else None,
        created_at=created,
        created_by=account.created.by,
        updated_at=updated,
        updated_by=account.updated.by,
        decommissioned_at=to_db_time(account.decommissioned.at) if account.decommissioned else None,
        decommissioned_by=account.decommissioned.by if account.decommissioned else None,
        search_text=search_text(account.id, data),
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


_SNAPSHOT_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""``json.dumps(…, ensure_ascii=False, sort_keys=True)`` made once: dumps makes one a call."""


def snapshot_json(data: AccountData) -> str:
    """The stored form of a version's data."""
    return _SNAPSHOT_ENCODER.encode(data.to_dict())


def version_row(version: AccountVersion) -> tuple[Any, ...]:
    """A version as values in :data:`VERSION_COLUMNS` order."""
    return _version_row(
        account=version.account_id,
        version=version.version,
        data=snapshot_json(version.data),
        saved_at=to_db_time(version.saved.at),
        saved_by=version.saved.by,
        operator_id=version.operator_id,
    )


def version_from_row(row: Sequence[Any]) -> AccountVersion:
    """Rebuild a version from values in :data:`VERSION_COLUMNS` order."""
    v = dict(zip(VERSION_COLUMNS, row, strict=True))
    return AccountVersion(
        v["account_id"],
        v["version"],
        AccountData.from_dict(json.loads(v["data"])),
        Event(from_db_time(v["saved_at"]), v["saved_by"]),
        v["operator_id"],
    )


def request_row(request: TierAccountRequest) -> tuple[Any, ...]:
    """The request as values in :data:`REQUEST_COLUMNS` order."""
    return _request_row(
        id=request.id,
        account=request.account_id,
        version=request.version,
        product=request.product_id,
        vendor=request.vendor_id,
        provider=request.provider_id,
        status=request.status.value,
        reason=request.reason,
        created_at=to_db_time(request.created.at),
        created_by=request.created.by,
        updated_at=to_db_time(request.updated.at),
        updated_by=request.updated.by,
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
