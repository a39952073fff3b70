"""Schema version 9: every column of the Requests tab sorts from an index, as the vendor's queue.

Each sort column ends with the id (the order of a page), alone and within one status; the
vendor's pending requests oldest first have one of their own. The product's and vendor's
single-column indexes give way to their (column, id) ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from peewee import Database

STATEMENTS: Final = (
    'DROP INDEX "tier_account_request_product_id"',
    'DROP INDEX "tier_account_request_vendor_id"',
    'CREATE INDEX "tier_account_request_status_id" ON "tier_account_request" ("status", "id")',
    'CREATE INDEX "tier_account_request_account_id_id" ON "tier_account_request" ("account_id", "id")',
    'CREATE INDEX "tier_account_request_product_id_id" ON "tier_account_request" ("product_id", "id")',
    'CREATE INDEX "tier_account_request_vendor_id_id" ON "tier_account_request" ("vendor_id", "id")',
    'CREATE INDEX "tier_account_request_updated_by_id" ON "tier_account_request" ("updated_by", "id")',
    'CREATE INDEX "tier_account_request_updated_at_id" ON "tier_account_request" ("updated_at", "id")',
    'CREATE INDEX "tier_account_request_status_account_id_id" ON "tier_account_request" ("status", "account_id", "id")',
    'CREATE INDEX "tier_account_request_status_product_id_id" ON "tier_account_request" ("status", "product_id", "id")',
    'CREATE INDEX "tier_account_request_status_vendor_id_id" ON "tier_account_request" ("status", "vendor_id", "id")',
    'CREATE INDEX "tier_account_request_status_updated_by_id" ON "tier_account_request" ("status", "updated_by", "id")',
    'CREATE INDEX "tier_account_request_status_updated_at_id" ON "tier_account_request" ("status", "updated_at", "id")',
    'CREATE INDEX "tier_account_request_vendor_id_status_created_at_id" ON "tier_account_request" ("vendor_id", "status", "created_at", "id")',
)
ANALYZE: Final = 'ANALYZE "tier_account_request"'
"""The planner's statistics know the new indexes at once (a sort could scan until then)."""


def apply(db: Database) -> None:
    """Build the indexes (a sort of the requests each) and gather their statistics."""
    for statement in STATEMENTS:
        db.execute_sql(statement)
    if db.execute_sql('SELECT 1 FROM "tier_account_request" LIMIT 1').fetchone() is not None:
        db.execute_sql(ANALYZE)  # an empty table's figures would mislead the planner later
