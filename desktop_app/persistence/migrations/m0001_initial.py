"""Schema version 1: the first schema, frozen as SQL, and the row that stands for "no hub"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from desktop_app.persistence.dialect import POSTGRES_FUNCTIONS, is_postgres, postgres_ddl

if TYPE_CHECKING:
    from peewee import Database

STATEMENTS: Final = (
    'CREATE TABLE "app_user" ("id" VARCHAR(14) NOT NULL PRIMARY KEY, "name" TEXT NOT NULL)',
    'CREATE TABLE "operator_account" ("id" VARCHAR(10) NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "role" TEXT NOT NULL)',
    'CREATE INDEX "operator_account_role" ON "operator_account" ("role")',
    'CREATE TABLE "product" ("id" VARCHAR(15) NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "vendor_id" VARCHAR(10) NOT NULL, "status" TEXT NOT NULL, "tier_accounts_sync" INTEGER NOT NULL, "reseller_authorization_level" INTEGER NOT NULL, FOREIGN KEY ("vendor_id") REFERENCES "operator_account" ("id"))',
    'CREATE INDEX "product_name" ON "product" ("name")',
    'CREATE INDEX "product_vendor_id" ON "product" ("vendor_id")',
    'CREATE TABLE "marketplace" ("id" VARCHAR(8) NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "owner_id" VARCHAR(10) NOT NULL, "currency" TEXT NOT NULL, "countries" TEXT NOT NULL, FOREIGN KEY ("owner_id") REFERENCES "operator_account" ("id"))',
    'CREATE INDEX "marketplace_owner_id" ON "marketplace" ("owner_id")',
    'CREATE TABLE "hub" ("id" VARCHAR(12) NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "instance_type" TEXT NOT NULL)',
    'CREATE TABLE "tier_account" ("id" VARCHAR(19) NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "type" TEXT NOT NULL, "parent_id" VARCHAR(19), "name" TEXT NOT NULL COLLATE NOCASE, "external_id" TEXT NOT NULL, "external_uid" TEXT NOT NULL, "tax_id" TEXT NOT NULL, "address_line1" TEXT NOT NULL, "address_line2" TEXT NOT NULL, "city" TEXT NOT NULL COLLATE NOCASE, "state" TEXT NOT NULL, "postal_code" TEXT NOT NULL, "country" VARCHAR(2) NOT NULL, "first_name" TEXT NOT NULL, "last_name" TEXT NOT NULL, "email" TEXT NOT NULL, "phone_country_code" TEXT NOT NULL, "phone_area_code" TEXT NOT NULL, "phone_number" TEXT NOT NULL, "phone_extension" TEXT NOT NULL, "hub_id" VARCHAR(12) NOT NULL, "owner_id" VARCHAR(10) NOT NULL, "environment" TEXT, "created_at" TEXT NOT NULL, "created_by" TEXT NOT NULL, "updated_at" TEXT NOT NULL, "updated_by" TEXT NOT NULL, "decommissioned_at" TEXT, "decommissioned_by" TEXT, "search_text" TEXT NOT NULL, FOREIGN KEY ("parent_id") REFERENCES "tier_account" ("id"), FOREIGN KEY ("hub_id") REFERENCES "hub" ("id"), FOREIGN KEY ("owner_id") REFERENCES "operator_account" ("id"))',
    'CREATE UNIQUE INDEX "tier_account_external_uid" ON "tier_account" ("external_uid")',
    'CREATE INDEX "tier_account_owner_id" ON "tier_account" ("owner_id")',
    'CREATE INDEX "tier_account_parent_id_decommissioned_at_created_at_id" ON "tier_account" ("parent_id", "decommissioned_at", "created_at", "id")',
    'CREATE INDEX "tier_account_name_id" ON "tier_account" ("name", "id")',
    'CREATE INDEX "tier_account_type_name" ON "tier_account" ("type", "name")',
    'CREATE INDEX "tier_account_external_id_id" ON "tier_account" ("external_id", "id")',
    'CREATE INDEX "tier_account_country_id" ON "tier_account" ("country", "id")',
    'CREATE INDEX "tier_account_city_id" ON "tier_account" ("city", "id")',
    'CREATE INDEX "tier_account_hub_id_id" ON "tier_account" ("hub_id", "id")',
    'CREATE INDEX "tier_account_created_at_id" ON "tier_account" ("created_at", "id")',
    'CREATE TABLE "subscription" ("id" VARCHAR(17) NOT NULL PRIMARY KEY, "product_id" VARCHAR(15) NOT NULL, "marketplace_id" VARCHAR(8) NOT NULL, "status" TEXT NOT NULL, "customer_id" VARCHAR(19) NOT NULL, "tier1_id" VARCHAR(19), "tier2_id" VARCHAR(19), "created_at" TEXT NOT NULL, FOREIGN KEY ("product_id") REFERENCES "product" ("id"), FOREIGN KEY ("marketplace_id") REFERENCES "marketplace" ("id"), FOREIGN KEY ("customer_id") REFERENCES "tier_account" ("id"), FOREIGN KEY ("tier1_id") REFERENCES "tier_account" ("id"), FOREIGN KEY ("tier2_id") REFERENCES "tier_account" ("id"))',
    'CREATE INDEX "subscription_product_id" ON "subscription" ("product_id")',
    'CREATE INDEX "subscription_marketplace_id" ON "subscription" ("marketplace_id")',
    'CREATE INDEX "subscription_customer_id" ON "subscription" ("customer_id")',
    'CREATE INDEX "subscription_tier1_id" ON "subscription" ("tier1_id")',
    'CREATE INDEX "subscription_tier2_id" ON "subscription" ("tier2_id")',
    'CREATE TABLE "fulfillment_request" ("id" VARCHAR(21) NOT NULL PRIMARY KEY, "subscription_id" VARCHAR(17) NOT NULL, "type" TEXT NOT NULL, "status" TEXT NOT NULL, "created_at" TEXT NOT NULL, FOREIGN KEY ("subscription_id") REFERENCES "subscription" ("id"))',
    'CREATE INDEX "fulfillment_request_subscription_id" ON "fulfillment_request" ("subscription_id")',
    'CREATE TABLE "setting" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    'CREATE TABLE "tier_account_request" ("id" VARCHAR(28) NOT NULL PRIMARY KEY, "account_id" VARCHAR(19) NOT NULL, "version" INTEGER NOT NULL, "product_id" VARCHAR(15) NOT NULL, "vendor_id" VARCHAR(10) NOT NULL, "provider_id" VARCHAR(10), "status" TEXT NOT NULL, "reason" TEXT NOT NULL, "created_at" TEXT NOT NULL, "created_by" TEXT NOT NULL, "updated_at" TEXT NOT NULL, "updated_by" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "tier_account" ("id"), FOREIGN KEY ("product_id") REFERENCES "product" ("id"), FOREIGN KEY ("vendor_id") REFERENCES "operator_account" ("id"), FOREIGN KEY ("provider_id") REFERENCES "operator_account" ("id"))',
    'CREATE INDEX "tier_account_request_product_id" ON "tier_account_request" ("product_id")',
    'CREATE INDEX "tier_account_request_vendor_id" ON "tier_account_request" ("vendor_id")',
    'CREATE INDEX "tier_account_request_provider_id" ON "tier_account_request" ("provider_id")',
    'CREATE INDEX "tier_account_request_account_id_status" ON "tier_account_request" ("account_id", "status")',
    'CREATE INDEX "tier_account_request_status_created_at" ON "tier_account_request" ("status", "created_at")',
    'CREATE INDEX "tier_account_request_created_at_id" ON "tier_account_request" ("created_at", "id")',
    'CREATE TABLE "tier_account_version" ("account_id" VARCHAR(19) NOT NULL, "version" INTEGER NOT NULL, "data" TEXT NOT NULL, "saved_at" TEXT NOT NULL, "saved_by" TEXT NOT NULL, PRIMARY KEY ("account_id", "version"), FOREIGN KEY ("account_id") REFERENCES "tier_account" ("id"))',
    'CREATE TABLE "tier_config" ("id" VARCHAR(14) NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "account_id" VARCHAR(19) NOT NULL, "product_id" VARCHAR(15) NOT NULL, "tier_level" INTEGER NOT NULL, "status" TEXT NOT NULL, "created_at" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "tier_account" ("id"), FOREIGN KEY ("product_id") REFERENCES "product" ("id"))',
    'CREATE INDEX "tier_config_product_id" ON "tier_config" ("product_id")',
    'CREATE UNIQUE INDEX "tier_config_account_id_product_id_tier_level" ON "tier_config" ("account_id", "product_id", "tier_level")',
    'CREATE TABLE "tier_config_request" ("id" VARCHAR(18) NOT NULL PRIMARY KEY, "config_id" VARCHAR(14) NOT NULL, "type" TEXT NOT NULL, "status" TEXT NOT NULL, "created_at" TEXT NOT NULL, FOREIGN KEY ("config_id") REFERENCES "tier_config" ("id"))',
    'CREATE INDEX "tier_config_request_config_id" ON "tier_config_request" ("config_id")',
)


def apply(db: Database) -> None:
    """Create every table and index of version 1 (on a server, as PostgreSQL says them)."""
    if is_postgres(db):
        for statement in (*POSTGRES_FUNCTIONS, *map(postgres_ddl, STATEMENTS)):
            db.execute_sql(statement)
    else:
        for statement in STATEMENTS:
            db.execute_sql(statement)
    db.execute_sql(
        "INSERT INTO hub (id, name, instance_type) VALUES ('HB-0000-0000', 'None', 'API')"
    )
