"""Schema version 8: each saved version records the operator account the workspace acted as.

Versions saved before are left empty: a first version's operator is the account's owner (the
operator that created it), which the history reads in their place; later ones are unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from peewee import Database

STATEMENTS: Final = ('ALTER TABLE "tier_account_version" ADD COLUMN "operator_id" TEXT',)


def apply(db: Database) -> None:
    """Add the nullable column (no row is rewritten: instant on a million versions)."""
    for statement in STATEMENTS:
        db.execute_sql(statement)
