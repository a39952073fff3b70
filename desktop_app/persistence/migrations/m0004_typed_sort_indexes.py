"""Schema version 4: the directory's sort indexes once more per account type, and one by id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database

STATEMENTS: Final = (
    'CREATE INDEX "tier_account_live_id" ON "tier_account" ("id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_type_city" ON "tier_account" ("type", "city", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_type_country" ON "tier_account" ("type", "country", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_type_created_at" ON "tier_account" ("type", "created_at", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_type_external_id" ON "tier_account" ("type", "external_id", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_type_hub" ON "tier_account" ("type", "hub_id", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_type_name" ON "tier_account" ("type", "name", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_type_parent" ON "tier_account" ("type", "parent_id", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
)

POSTGRES_STATEMENTS: Final = tuple(
    # PostgreSQL's partial index needs no copy of the column it is limited by; names and
    # cities sort as SQLite's NOCASE does, and carry the column itself for index-only scans
    s.replace(', "decommissioned_at")', ")")
    .replace('"type", "city", "id")', '"type", nocase("city"), "id") INCLUDE ("city")')
    .replace('"type", "name", "id")', '"type", nocase("name"), "id") INCLUDE ("name")')
    for s in STATEMENTS
)


def apply(db: Database) -> None:
    """Build the eight indexes (a sort of the live accounts each)."""
    for statement in POSTGRES_STATEMENTS if is_postgres(db) else STATEMENTS:
        db.execute_sql(statement)
