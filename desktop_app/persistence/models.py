"""Peewee models of the workspace schema (the latest version; migrations build the same)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from peewee import (
    CharField,
    CompositeKey,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from desktop_app.persistence.fields import from_db_time, to_db_time


class UtcDateTimeField(TextField):
    """A timestamp kept as sortable UTC text."""

    def db_value(self, value: datetime | str | None) -> str | None:
        """Store as text."""
        if value is None or isinstance(value, str):
            return value
        return to_db_time(value)

    def python_value(self, value: str | None) -> datetime | None:
        """Read back as an aware datetime."""
        return None if value is None else from_db_time(value)


class FlagField(IntegerField):
    """A yes/no kept as 0 or 1 (the column is an INTEGER on both backends)."""

    def db_value(self, value: bool | int | None) -> int | None:
        """Store as 0 or 1."""
        return None if value is None else int(bool(value))

    def python_value(self, value: int | None) -> bool | None:
        """Read back as a bool."""
        return None if value is None else bool(value)


class BaseModel(Model):
    """Models are bound to the open workspace's database when a store opens it."""

    class Meta:
        legacy_table_names = False


class Setting(BaseModel):
    """Small key/value facts of the workspace."""

    key = TextField(primary_key=True)
    value = TextField()


class Hub(BaseModel):
    """Hub: ``HB-0000-0000`` is the row that stands for none."""

    id = CharField(primary_key=True, max_length=12)
    name = TextField()
    instance_type = TextField()


class OperatorAccount(BaseModel):
    """Vendor and provider accounts the workspace can act as."""

    id = CharField(primary_key=True, max_length=10)
    name = TextField()
    role = TextField(index=True)


class AppUser(BaseModel):
    """Authors of events."""

    id = CharField(primary_key=True, max_length=14)
    name = TextField()


class Marketplace(BaseModel):
    """Provider marketplaces."""

    id = CharField(primary_key=True, max_length=8)
    name = TextField()
    owner = ForeignKeyField(OperatorAccount, column_name="owner_id", index=True)
    currency = TextField()
    countries = TextField(default="")


class Product(BaseModel):
    """Vendor products and their capabilities."""

    id = CharField(primary_key=True, max_length=15)
    name = TextField(index=True)
    vendor = ForeignKeyField(OperatorAccount, column_name="vendor_id", index=True)
    status = TextField()
    tier_accounts_sync = FlagField(default=False)
    reseller_authorization_level = IntegerField(default=0)


class TierAccount(BaseModel):
    """Customers and resellers at their current version; ``search_text`` feeds the search box."""

    id = CharField(primary_key=True, max_length=19)
    version = IntegerField()
    type = TextField()
    parent = ForeignKeyField(
        "self", column_name="parent_id", null=True, backref="children", index=False
    )
    name = TextField(collation="NOCASE")
    external_id = TextField(default="")
    external_uid = TextField(unique=True)
    tax_id = TextField(default="")
    address_line1 = TextField()
    address_line2 = TextField(default="")
    city = TextField(collation="NOCASE")
    state = TextField(default="")
    postal_code = TextField()
    country = CharField(max_length=2)
    first_name = TextField()
    last_name = TextField()
    email = TextField()
    phone_country_code = TextField(default="")
    phone_area_code = TextField(default="")
    phone_number = TextField(default="")
    phone_extension = TextField(default="")
    hub = ForeignKeyField(Hub, column_name="hub_id", index=False)
    owner = ForeignKeyField(OperatorAccount, column_name="owner_id", index=True)
    environment = TextField(null=True)
    created_at = UtcDateTimeField()
    created_by = TextField()
    updated_at = UtcDateTimeField()
    updated_by = TextField()
    decommissioned_at = UtcDateTimeField(null=True)
    decommissioned_by = TextField(null=True)
    search_text = TextField(default="")

    class Meta:
        indexes: ClassVar = ((("parent", "decommissioned_at", "created_at", "id"), False),)


# One index per directory sort column, holding live accounts only and ending with the id: a
# page at any offset is read from the index alone, without a look at the table per skipped row.
SORT_COLUMNS: tuple[str, ...] = (
    "name",
    "type",
    "parent",
    "external_id",
    "country",
    "city",
    "hub",
    "created_at",
)
for _column in SORT_COLUMNS:
    TierAccount.add_index(
        TierAccount.index(
            getattr(TierAccount, _column),
            TierAccount.id,
            # always NULL here; listed so that SQLite reads the page from the index alone
            TierAccount.decommissioned_at,
            name=f"tier_account_live_{_column}",
        ).where(TierAccount.decommissioned_at.is_null(True))
    )
# By id alone (the primary key's index holds decommissioned accounts too: a page deep into it
# looked at the table for every row it skipped).
TierAccount.add_index(
    TierAccount.index(
        TierAccount.id, TierAccount.decommissioned_at, name="tier_account_live_id"
    ).where(TierAccount.decommissioned_at.is_null(True))
)
# The same per type, for the Directory's type filter: a page of one type in any order, at any
# offset, is read from one index too (without, "Customers" by name halfway down took ~1 s).
for _column in SORT_COLUMNS:
    if _column != "type":
        TierAccount.add_index(
            TierAccount.index(
                TierAccount.type,
                getattr(TierAccount, _column),
                TierAccount.id,
                TierAccount.decommissioned_at,
                name=f"tier_account_live_type_{_column}",
            ).where(TierAccount.decommissioned_at.is_null(True))
        )
# Schema 15: the deleted accounts (a few per cent) by each sort column, the type last: one
# type's deleted ones are walked in order, read from the index alone (the Overview's "deleted"
# bars). By creation, the Overview's own index of them serves (overview_tallies).
for _column in ("id", *SORT_COLUMNS):
    if _column != "created_at":
        _fields = [getattr(TierAccount, _column)]
        _fields += [] if _column == "id" else [TierAccount.id]
        _fields += [] if _column == "type" else [TierAccount.type]
        TierAccount.add_index(
            TierAccount.index(*_fields, name=f"tier_account_deleted_{_column}").where(
                TierAccount.decommissioned_at.is_null(False)
            )
        )


class TierAccountVersion(BaseModel):
    """Every saved version of an account: a JSON snapshot of its data."""

    account = ForeignKeyField(
        TierAccount, column_name="account_id", backref="versions", index=False
    )
    version = IntegerField()
    data = TextField()
    saved_at = UtcDateTimeField()
    saved_by = TextField()
    operator_id = TextField(null=True)
    """The operator account the workspace acted as (schema 8); None in older versions."""

    class Meta:
        primary_key = CompositeKey("account", "version")


class Subscription(BaseModel):
    """Assets with their three tier slots."""

    id = CharField(primary_key=True, max_length=17)
    product = ForeignKeyField(Product, column_name="product_id", index=True)
    marketplace = ForeignKeyField(Marketplace, column_name="marketplace_id", index=True)
    status = TextField()
    customer = ForeignKeyField(TierAccount, column_name="customer_id", index=True)
    tier1 = ForeignKeyField(TierAccount, column_name="tier1_id", null=True, index=True)
    tier2 = ForeignKeyField(TierAccount, column_name="tier2_id", null=True, index=True)
    created_at = UtcDateTimeField()


class FulfillmentRequest(BaseModel):
    """Requests on subscriptions."""

    id = CharField(primary_key=True, max_length=21)
    subscription = ForeignKeyField(Subscription, column_name="subscription_id", index=True)
    type = TextField()
    status = TextField()
    created_at = UtcDateTimeField()


class TierConfig(BaseModel):
    """One per (account, product, tier level)."""

    id = CharField(primary_key=True, max_length=14)
    name = TextField()
    account = ForeignKeyField(TierAccount, column_name="account_id", index=False)
    product = ForeignKeyField(Product, column_name="product_id", index=True)
    tier_level = IntegerField()
    status = TextField()
    created_at = UtcDateTimeField()

    class Meta:
        indexes: ClassVar = ((("account", "product", "tier_level"), True),)


class TierConfigRequest(BaseModel):
    """Requests on tier configs."""

    id = CharField(primary_key=True, max_length=18)
    config = ForeignKeyField(TierConfig, column_name="config_id", index=True)
    type = TextField()
    status = TextField()
    created_at = UtcDateTimeField()


VENDOR_COVERED: tuple[str, ...] = ("account", "updated_by", "updated_at")
"""Sort columns whose index ends with the vendor (schema 11): a vendor's requests in that
order walk the index and read the vendor there, never the table."""
REQUEST_SORT_COLUMNS: tuple[str, ...] = (
    "account",
    "product",
    "vendor",
    "updated_by",
    "updated_at",
)
"""Columns of the Requests tab without an index to sort by before schema 9 (the status sorts
by ``(status, created_at, id)``)."""


class TierAccountRequest(BaseModel):
    """Requests an edit raised, one per linked product."""

    id = CharField(primary_key=True, max_length=28)
    account = ForeignKeyField(TierAccount, column_name="account_id", index=False)
    version = IntegerField()
    # (product, id) and (vendor, id) below index them (schema 9)
    product = ForeignKeyField(Product, column_name="product_id", index=False)
    vendor = ForeignKeyField(OperatorAccount, column_name="vendor_id", index=False)
    provider = ForeignKeyField(OperatorAccount, column_name="provider_id", null=True, index=True)
    status = TextField()
    reason = TextField(default="")
    created_at = UtcDateTimeField()
    created_by = TextField()
    updated_at = UtcDateTimeField()
    updated_by = TextField()

    class Meta:
        indexes: ClassVar = (
            (("status", "created_at", "id"), False),  # a page of one status, from the index
            # schema 11: a vendor's requests by creation (or by a column of VENDOR_COVERED)
            # walk the index checking the vendor it holds: 147 -> 19 ms for the middle page of
            # 123,000 of 344,000 requests, where the table was read for every row walked
            (("created_at", "id", "vendor"), False),
            # schema 9: each column of the Requests tab sorts from an index of its own (a
            # filter is checked on the rows walked); the vendor's pending ones oldest first
            # ("pending for you"), the vendor's and one status's by product have one each. Few
            # hold the status: deciding 10,000 requests rewrites every index entry that does
            *(
                (((column, "id", "vendor") if column in VENDOR_COVERED else (column, "id")), False)
                for column in REQUEST_SORT_COLUMNS
            ),
            (("vendor", "status", "created_at", "id"), False),
            (("vendor", "product", "id"), False),
            (("status", "product", "id"), False),
        )


class OverviewTally(BaseModel):
    """A row of ``overview_tally``: the Overview's and the Requests tab's figures.

    Made by overview_tallies.py's statements (and kept by its triggers), not by create_tables.
    """

    name = TextField()
    key = TextField()
    value = IntegerField()

    class Meta:
        table_name = "overview_tally"
        primary_key = CompositeKey("name", "key")
        indexes: ClassVar = ()


MODELS: tuple[type[BaseModel], ...] = (
    Setting,
    Hub,
    OperatorAccount,
    AppUser,
    Marketplace,
    Product,
    TierAccount,
    TierAccountVersion,
    Subscription,
    FulfillmentRequest,
    TierConfig,
    TierConfigRequest,
    TierAccountRequest,
)


def create_schema(db: SqliteDatabase) -> None:
    """Create the latest schema directly: every model's table, then the search index."""
    from desktop_app.persistence import overview_tallies, search_index, tallies

    with db.bind_ctx(MODELS):  # bound for these statements only: other workspaces may be open
        db.create_tables(MODELS)
    for statement in (*search_index.STATEMENTS, *tallies.STATEMENTS, *overview_tallies.STATEMENTS):
        db.execute_sql(statement)
