"""Who may act as whom on a team workspace: the database roles and their operator accounts.

The workspace's owner (the role owning its tables, or a superuser) may act as every vendor and
provider account and alone writes ``operator_grant``; any other role acts only as the accounts
granted to it there (``desktop-app grant``). The services apply the rule (``Store``'s
``granted_operators``); the server keeps the table itself out of the members' reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from desktop_app.domain.errors import PermissionDeniedError

if TYPE_CHECKING:
    from desktop_app.persistence.postgres_connection import PostgresDatabase

GRANT_TABLE: Final = "operator_grant"
MEMBER_READS: Final = (GRANT_TABLE, "schema_version")
"""Tables a member reads and never writes."""


@dataclass(frozen=True)
class Connected:
    """The role a connection works as, and what that means for the grants."""

    role: str
    owner: str
    """The role owning the workspace's tables."""
    is_owner: bool
    """The role has the owner's privileges (it is the owner, a member of it, or a superuser)."""
    reads_grants: bool
    """The role may read ``operator_grant`` (a role made a member by hand may not)."""


def connected(db: PostgresDatabase) -> Connected:
    """Who this connection is (three facts, one statement)."""
    row = db.execute_sql(
        "SELECT current_user, pg_get_userbyid(c.relowner),"
        " pg_has_role(current_user, c.relowner, 'USAGE'),"
        # NULL (no) before version 7 made the table
        f" coalesce(has_table_privilege(to_regclass('{GRANT_TABLE}'), 'SELECT'), false)"
        " FROM pg_class c WHERE c.oid = 'tier_account'::regclass"
    ).fetchone()
    return Connected(str(row[0]), str(row[1]), bool(row[2]), bool(row[3]))


def granted(db: PostgresDatabase, who: Connected) -> set[str]:
    """The operator accounts granted to the connected role (none when it may not read them)."""
    if not who.reads_grants:
        return set()
    rows = db.execute_sql(
        f"SELECT operator_id FROM {GRANT_TABLE} WHERE role = current_user"
    ).fetchall()
    return {str(r[0]) for r in rows}


def all_grants(db: PostgresDatabase) -> list[tuple[str, str, str, str]]:
    """Every grant: (role, operator id, operator name, role of the account), by role."""
    rows = db.execute_sql(
        f"SELECT g.role, g.operator_id, o.name, o.role FROM {GRANT_TABLE} g"
        " JOIN operator_account o ON o.id = g.operator_id"
        " ORDER BY g.role, o.role = 'provider', o.name, o.id"
    ).fetchall()
    return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def data_tables(db: PostgresDatabase) -> list[str]:
    """The workspace's tables a member reads and writes (all but the grants and the version)."""
    rows = db.execute_sql(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        " ORDER BY tablename"
    ).fetchall()
    return [str(r[0]) for r in rows if str(r[0]) not in MEMBER_READS]


def _role_facts(db: PostgresDatabase, role: str) -> tuple[bool, bool] | None:
    """Whether ``role`` may log in and whether it needs no grant; None when there is none."""
    row = db.execute_sql(
        "SELECT r.rolcanlogin, pg_has_role(r.oid, c.relowner, 'USAGE') FROM pg_roles r,"
        " pg_class c WHERE r.rolname = %s AND c.oid = 'tier_account'::regclass",
        (role,),
    ).fetchone()
    return None if row is None else (bool(row[0]), bool(row[1]))


def _operators(db: PostgresDatabase, operator_ids: Sequence[str]) -> dict[str, str]:
    rows = db.execute_sql(
        "SELECT id, name FROM operator_account WHERE id = ANY(%s)", (list(operator_ids),)
    ).fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def _identifier(db: PostgresDatabase, name: str) -> str:
    return str(db.execute_sql("SELECT quote_ident(%s)", (name,)).fetchone()[0])


def _check(db: PostgresDatabase, role: str, operator_ids: Sequence[str], verb: str) -> None:
    """Refuse a grant or revoke that is not the owner's, or names an unknown role or account."""
    who = connected(db)
    if not who.is_owner:
        raise PermissionDeniedError(
            f"Only the workspace's owner (the database role {who.owner}) or a superuser can "
            f"{verb} vendor and provider accounts; you are connected as {who.role}. "
            "Nothing was changed."
        )
    facts = _role_facts(db, role)
    if facts is None:
        raise PermissionDeniedError(
            f"There is no database role {role} on this server: create it first "
            f"(CREATE ROLE {_identifier(db, role)} LOGIN). Nothing was changed."
        )
    if facts[1] and verb == "grant":
        raise PermissionDeniedError(
            f"The database role {role} owns the workspace (or is a superuser) and acts as "
            "every vendor and provider account already. Nothing was changed."
        )
    known = _operators(db, operator_ids)
    unknown = [o for o in operator_ids if o not in known]
    if unknown:
        raise PermissionDeniedError(
            f"This workspace has no vendor or provider account {', '.join(unknown)}. "
            "Nothing was changed."
        )


def grant(db: PostgresDatabase, role: str, operator_ids: Sequence[str]) -> list[str]:
    """Let ``role`` act as ``operator_ids``, and give it what a member needs; the new ones.

    Run by the owner in one transaction: ``SELECT, INSERT, UPDATE, DELETE`` on the data tables,
    ``SELECT`` on the grants and the schema version, ``USAGE`` on the schema.
    """
    with db.atomic():
        _check(db, role, operator_ids, "grant")
        ident = _identifier(db, role)
        schema, uses = db.execute_sql(
            "SELECT quote_ident(current_schema()),"
            " has_schema_privilege(%s, current_schema(), 'USAGE')",
            (role,),
        ).fetchone()
        if not uses:  # public's USAGE is everyone's already, and its owner no one in particular
            db.execute_sql(f"GRANT USAGE ON SCHEMA {schema} TO {ident}")
        tables = ", ".join(_identifier(db, t) for t in data_tables(db))
        db.execute_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {ident}")
        db.execute_sql(f"GRANT SELECT ON {', '.join(MEMBER_READS)} TO {ident}")
        added = db.execute_sql(
            f"INSERT INTO {GRANT_TABLE} (role, operator_id) SELECT %s, unnest(%s::text[])"
            " ON CONFLICT DO NOTHING RETURNING operator_id",
            (role, list(dict.fromkeys(operator_ids))),
        ).fetchall()
    return sorted(str(r[0]) for r in added)


def revoke(db: PostgresDatabase, role: str, operator_ids: Sequence[str]) -> tuple[list[str], bool]:
    """Take ``operator_ids`` from ``role``: the ones it held, and whether it holds none now.

    A role left without any grant loses its right to write the data tables too (it keeps
    reading them), so no program writes the workspace for it.
    """
    with db.atomic():
        _check(db, role, operator_ids, "revoke")
        removed = db.execute_sql(
            f"DELETE FROM {GRANT_TABLE} WHERE role = %s AND operator_id = ANY(%s)"
            " RETURNING operator_id",
            (role, list(operator_ids)),
        ).fetchall()
        left = db.execute_sql(
            f"SELECT 1 FROM {GRANT_TABLE} WHERE role = %s LIMIT 1", (role,)
        ).fetchone()
        if left is None:
            tables = ", ".join(_identifier(db, t) for t in data_tables(db))
            db.execute_sql(
                f"REVOKE INSERT, UPDATE, DELETE ON {tables} FROM {_identifier(db, role)}"
            )
    return sorted(str(r[0]) for r in removed), left is None
