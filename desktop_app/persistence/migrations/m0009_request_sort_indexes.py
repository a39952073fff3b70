"""Schema version 9: every column of the Requests tab sorts from an index, as the vendor's queue.

Each sort column ends with the id (the order of a page); a filter is checked on the rows the
index walks. The vendor's pending requests oldest first and the vendor's requests by product
and one status's requests by product have one each; the status sorts by (status, created_at,
id). The product's and vendor's single-column indexes give way to their (column, id) ones, and
(account_id, status) to (account_id, id). Few hold the status: a decision on 10,000 requests rewrites every entry that does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from peewee import Database

STATEMENTS: Final = (
    'DROP INDEX "tier_account_request_product_id"',
    'DROP INDEX "tier_account_request_vendor_id"',
    # an account's few requests are read through (account_id, id), the status checked on each
    'DROP INDEX "tier_account_request_account_id_status"',
    'CREATE INDEX "tier_account_request_account_id_id" ON "tier_account_request" ("account_id", "id")',
    'CREATE INDEX "tier_account_request_product_id_id" ON "tier_account_request" ("product_id", "id")',
    'CREATE INDEX "tier_account_request_vendor_id_id" ON "tier_account_request" ("vendor_id", "id")',
    'CREATE INDEX "tier_account_request_updated_by_id" ON "tier_account_request" ("updated_by", "id")',
    'CREATE INDEX "tier_account_request_updated_at_id" ON "tier_account_request" ("updated_at", "id")',
    'CREATE INDEX "tier_account_request_vendor_id_status_created_at_id" ON "tier_account_request" ("vendor_id", "status", "created_at", "id")',
    'CREATE INDEX "tier_account_request_vendor_id_product_id_id" ON "tier_account_request" ("vendor_id", "product_id", "id")',
    'CREATE INDEX "tier_account_request_status_product_id_id" ON "tier_account_request" ("status", "product_id", "id")',
)
ANALYZE: Final = 'ANALYZE "tier_account_request"'
"""The planner's statistics know the new indexes at once (a sort could scan until then)."""


def apply(db: Database) -> None:
    """Build the indexes (a sort of the requests each) and gather their statistics."""
    for statement in STATEMENTS:
        db.execute_sql(statement)
    if db.execute_sql('SELECT 1 FROM "tier_account_request" LIMIT 1').fetchone() is not None:
        db.execute_sql(ANALYZE)  # an empty table's figures would mislead the planner later
