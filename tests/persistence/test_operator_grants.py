"""Who may act as whom on a team workspace: two database roles, each granted other accounts."""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from desktop_app import cli
from desktop_app.domain.errors import PermissionDeniedError, StorageError
from desktop_app.domain.requests import TierAccountRequest
from desktop_app.persistence import overview_tallies
from desktop_app.persistence.location import ServerAddress, parse_location
from desktop_app.persistence.migrations import (
    LATEST_VERSION,
    m0001_initial,
    m0009_request_sort_indexes,
    m0011_request_vendor_covering,
)
from desktop_app.persistence.opening import open_store
from desktop_app.persistence.postgres_store import PostgresStore
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.services.workspace import no_grant_reason
from tests.support import postgres
from tests.support.world import (
    OTHER_VENDOR,
    PROVIDER,
    VENDOR,
    TickingClock,
    World,
    draft,
    open_world,
)

_numbers = itertools.count(1)


@dataclass
class Team:
    """A team workspace (its owner's world) and two LOGIN roles that own nothing."""

    address: ServerAddress
    owner: World
    anna: str
    ben: str

    def url(self, role: str) -> str:
        return postgres.server().url(self.address.database, user=role)

    def services(self, role: str) -> tuple[PostgresStore, Services]:
        store = open_store(self.url(role), create=False)
        assert isinstance(store, PostgresStore)
        return store, Services.over(store, TickingClock())


@pytest.fixture
def team() -> Iterator[Team]:
    running = postgres.server()
    address = parse_location(postgres.workspace_url())
    assert isinstance(address, ServerAddress)
    suffix = f"{os.getpid()}_{next(_numbers)}"
    anna, ben = f"anna_{suffix}", f"ben_{suffix}"
    with running.admin() as admin:
        for role in (anna, ben):
            admin.execute(f"CREATE ROLE {role} LOGIN")
    owner = open_world(address)  # the superuser that made the tables: the owner
    try:
        yield Team(address, owner, anna, ben)
    finally:
        owner.store.close()
        running.drop_database(address.database)  # the roles' privileges go with it
        with running.admin() as admin:
            for role in (anna, ben):
                admin.execute(f"DROP ROLE IF EXISTS {role}")


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def grant(team: Team, role: str, *operator_ids: str, revoke: bool = False) -> str:
    flags = ["--revoke"] if revoke else []
    status, out, err = run_cli("grant", "--db", team.address.url, *flags, role, *operator_ids)
    assert (status, err) == (0, ""), err
    return out


def granted_rows(team: Team) -> list[tuple[str, str]]:
    with psycopg.connect(team.address.url) as connection:
        rows = connection.execute("SELECT role, operator_id FROM operator_grant ORDER BY 1, 2")
        return [(str(r[0]), str(r[1])) for r in rows.fetchall()]


def back_to_version_10(connection: psycopg.Connection) -> None:
    """Undo version 11 (the vendor at the end of four request indexes) and forget it."""
    replaced = (*m0001_initial.STATEMENTS, *m0009_request_sort_indexes.STATEMENTS)
    for statement in m0011_request_vendor_covering.STATEMENTS:
        name = statement.split(chr(34))[1]
        if statement.startswith("CREATE INDEX"):
            connection.execute(f'DROP INDEX "{name}"')
        else:  # the index version 11 replaced
            connection.execute(next(s for s in replaced if f'INDEX "{name}"' in s))
    connection.execute("DELETE FROM schema_version WHERE version > 10")


def back_to_version_9(connection: psycopg.Connection) -> None:
    """Undo versions 11 and 10 (the Overview's tallies) and forget them."""
    back_to_version_10(connection)
    for table, short in (("tier_account", "account"), ("tier_account_request", "request")):
        for event in ("insert", "update", "delete"):
            connection.execute(f"DROP TRIGGER overview_{short}_{event} ON {table}")
    connection.execute("DROP FUNCTION overview_accounts")
    connection.execute("DROP FUNCTION overview_requests")
    connection.execute(f"DROP TABLE {overview_tallies.TABLE}")
    for statement in overview_tallies.CREATE_INDEXES[1:]:  # the first went with the table
        connection.execute(f'DROP INDEX "{statement.split(chr(34))[1]}"')
    connection.execute("DELETE FROM schema_version WHERE version > 9")


def back_to_version_6(connection: psycopg.Connection) -> None:
    """Undo the migrations after version 6, newest first, and forget them."""
    back_to_version_9(connection)
    for statement in m0009_request_sort_indexes.STATEMENTS:
        if statement.startswith("CREATE INDEX"):
            connection.execute(f'DROP INDEX "{statement.split(chr(34))[1]}"')
    for statement in m0009_request_sort_indexes.STATEMENTS:  # the indexes version 9 replaced
        if statement.startswith("DROP INDEX"):
            name = statement.split(chr(34))[1]
            created = next(s for s in m0001_initial.STATEMENTS if f'INDEX "{name}"' in s)
            connection.execute(created)
    connection.execute("ALTER TABLE tier_account_version DROP COLUMN operator_id")  # version 8
    connection.execute("DROP TABLE operator_grant")  # version 7
    connection.execute("DELETE FROM schema_version WHERE version > 6")


def pending_request(world: World) -> TierAccountRequest:
    """A pending request of VENDOR's sync product, raised by an edit of the owner."""
    reseller, kid = world.subscribed_customer()
    result = world.services.accounts.update(
        kid.id, draft(type=kid.type, parent_id=reseller.id, name="Kunde AG", city="Köln")
    )
    return next(r for r in result.requests if r.status.value == "pending")


def test_each_role_sees_acts_as_and_records_only_itself(team: Team) -> None:
    out = grant(team, team.anna, VENDOR.id, PROVIDER.id)
    assert f"{team.anna} may act as Acme Software (VA-111-111), Big Distributor" in out
    grant(team, team.ben, OTHER_VENDOR.id)
    request = pending_request(team.owner)
    anna_store, anna = team.services(team.anna)
    ben_store, ben = team.services(team.ben)
    try:
        assert anna_store.read_only_reason is None and ben_store.read_only_reason is None
        # the 'Acting as' lists: what each role was granted, vendors first
        assert anna.workspace.operators() == [VENDOR, PROVIDER]
        assert ben.workspace.operators() == [OTHER_VENDOR]
        assert team.owner.services.workspace.operators() == [VENDOR, OTHER_VENDOR, PROVIDER]
        # the operator in effect: the first granted vendor
        assert anna.workspace.operator() == VENDOR
        assert ben.workspace.operator() == OTHER_VENDOR
        # refused: an account not granted, naming the role; nothing changes
        with pytest.raises(PermissionDeniedError, match=f"database role {team.ben} may not act as"):
            ben.workspace.switch_operator(VENDOR.id)
        assert ben.workspace.operator() == OTHER_VENDOR
        # 'Acting as' is each role's own: anna's switch moves neither ben nor the owner
        team.owner.services.workspace.switch_operator(OTHER_VENDOR.id)
        assert anna.workspace.switch_operator(PROVIDER.id) == PROVIDER
        assert anna.workspace.operator() == PROVIDER
        assert ben.workspace.operator() == OTHER_VENDOR
        assert team.owner.services.workspace.operator() == OTHER_VENDOR
        # ben (Other Vendor) may not decide the request of Acme's product; anna as Acme may
        assert not ben.requests.decision(request).allowed
        with pytest.raises(PermissionDeniedError):
            ben.requests.accept(request.id)
        anna.workspace.switch_operator(VENDOR.id)
        decided = anna.requests.accept(request.id)
        # every version and decision names the database user
        account = anna.accounts.create(draft(external_id="700800", name="Anna's Kunde")).account
        edited = ben.accounts.update(account.id, draft(external_id="700800", city="Bremen"))
        saved_by = [v.saved.by for v in anna.accounts.versions(account.id)]
        assert [anna.workspace.user(u).name for u in saved_by] == [team.anna, team.ben]
        assert edited.account.updated.by == saved_by[1]
        assert team.owner.services.workspace.user(decided.updated.by).name == team.anna
        assert team.anna in team.owner.services.workspace.who_and_when(decided.updated)
        assert anna.accounts.get(account.id).owner_id == VENDOR.id
    finally:
        ben_store.close()
        anna_store.close()


def test_a_role_granted_nothing_reads_only_and_is_told_why(team: Team) -> None:
    tables = ", ".join(
        t
        for t in (
            "tier_account",
            "tier_account_request",
            "tier_account_version",
            "setting",
            "app_user",
            "operator_account",
        )
    )
    with psycopg.connect(team.address.url, autocommit=True) as owner:
        owner.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {team.anna}")
        owner.execute(f"GRANT INSERT, UPDATE, DELETE ON {tables} TO {team.anna}")
    account = team.owner.services.accounts.create(draft()).account
    store, services = team.services(team.anna)
    try:
        assert store.read_only_reason == no_grant_reason(team.anna)
        assert "ask the workspace's owner to run desktop-app grant" in store.read_only_reason
        assert services.workspace.operators() == []
        assert services.workspace.ensure_ready() is None
        with pytest.raises(PermissionDeniedError, match=f"database role {team.anna} has been"):
            services.workspace.operator()
        with pytest.raises(PermissionDeniedError, match="has been granted no vendor"):
            services.accounts.create(draft())
        with pytest.raises(StorageError, match="read-only: the database role"):
            services.accounts.update(account.id, draft(city="Bremen"))
    finally:
        store.close()


def test_a_member_may_not_grant_nor_write_the_grants(team: Team) -> None:
    grant(team, team.anna, VENDOR.id)
    status, _, err = run_cli("grant", "--db", team.url(team.anna), team.anna, OTHER_VENDOR.id)
    assert status == 1
    assert "Only the workspace's owner" in err and f"connected as {team.anna}" in err
    with psycopg.connect(team.url(team.anna)) as anna:
        assert anna.execute("SELECT count(*) FROM operator_grant").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            anna.execute(
                "INSERT INTO operator_grant (role, operator_id) VALUES (%s, %s)",
                (team.anna, OTHER_VENDOR.id),
            )
    with psycopg.connect(team.url(team.ben)) as ben, pytest.raises(psycopg.Error):
        ben.execute("SELECT count(*) FROM operator_grant")  # not a member: reads nothing
    assert granted_rows(team) == [(team.anna, VENDOR.id)]


def test_grant_refuses_unknown_roles_and_accounts_and_writes_nothing(team: Team) -> None:
    url = team.address.url
    status, _, err = run_cli("grant", "--db", url, "no_such_role_x", VENDOR.id)
    assert status == 1 and "There is no database role no_such_role_x" in err
    status, _, err = run_cli("grant", "--db", url, team.anna, VENDOR.id, "VA-999-999")
    assert status == 1 and "no vendor or provider account VA-999-999" in err
    status, _, err = run_cli("grant", "--db", url, "postgres", VENDOR.id)
    assert status == 1 and "acts as every vendor and provider account already" in err
    assert granted_rows(team) == []
    with psycopg.connect(team.url(team.anna)) as anna, pytest.raises(psycopg.Error):
        anna.execute("SELECT 1 FROM tier_account")  # no privilege was given either


def test_grant_refuses_a_file_and_an_unreachable_server(tmp_path: Path) -> None:
    status, _, err = run_cli("grant", "--db", str(tmp_path / "w.sqlite"), "anna", VENDOR.id)
    assert status == 1 and "Grants are for team workspaces" in err
    assert not (tmp_path / "w.sqlite").exists()
    port = postgres._free_port()
    status, _, err = run_cli(
        "grant", "--db", f"postgresql://u:pw@127.0.0.1:{port}/ws", "anna", VENDOR.id
    )
    assert status == 2 and "cannot be reached" in err and "pw" not in err
    status, _, _ = run_cli("grants", "--db", f"postgresql://u@127.0.0.1:{port}/ws")
    assert status == 2


def test_grants_lists_every_role_and_revoke_takes_accounts_away(team: Team) -> None:
    grant(team, team.anna, VENDOR.id, PROVIDER.id)
    grant(team, team.ben, OTHER_VENDOR.id)
    status, out, _ = run_cli("grants", "--db", team.url(team.ben))  # a member may list them
    assert status == 0
    assert "(the owner) acts as every vendor and provider account" in out
    assert f"{team.anna}: Acme Software (VA-111-111, vendor); Big Distributor" in out
    assert f"{team.ben}: Other Vendor (VA-222-222, vendor)" in out
    out = grant(team, team.anna, PROVIDER.id, OTHER_VENDOR.id, revoke=True)
    assert f"{team.anna} may no longer act as {PROVIDER.id}" in out
    assert f"{team.anna} was not granted {OTHER_VENDOR.id}" in out
    assert granted_rows(team) == [(team.anna, VENDOR.id), (team.ben, OTHER_VENDOR.id)]
    out = grant(team, team.ben, OTHER_VENDOR.id, revoke=True)
    assert "holds no grant now" in out
    store = open_store(team.url(team.ben), create=False)
    try:
        assert store.read_only_reason == f"the database role {team.ben} may only read it"
    finally:
        store.close()


def test_an_open_window_follows_a_revoke(team: Team) -> None:
    grant(team, team.anna, VENDOR.id, PROVIDER.id)
    store, anna = team.services(team.anna)
    try:
        anna.workspace.ensure_ready()
        assert anna.workspace.operator() == VENDOR
        grant(team, team.anna, VENDOR.id, revoke=True)
        assert anna.workspace.operators() == [PROVIDER]
        assert anna.workspace.operator() == PROVIDER  # falls back to what is left
        grant(team, team.anna, PROVIDER.id, revoke=True)
        with pytest.raises(PermissionDeniedError, match="has been granted no vendor"):
            anna.accounts.create(draft())
    finally:
        store.close()


def test_only_the_owner_migrates_and_the_grants_table_comes_with_version_7(team: Team) -> None:
    grant(team, team.anna, VENDOR.id)
    with psycopg.connect(team.address.url, autocommit=True) as owner:
        back_to_version_6(owner)
    with pytest.raises(StorageError, match=r"its owner .*postgres.* must open it once"):
        open_store(team.url(team.anna), create=False)
    open_store(team.address, create=False).close()  # the owner migrates
    with psycopg.connect(team.address.url) as owner:
        assert owner.execute("SELECT max(version) FROM schema_version").fetchone() == (
            LATEST_VERSION,
        )
        privileges = owner.execute(
            "SELECT has_table_privilege(%s, 'operator_grant', 'SELECT'),"
            " has_table_privilege('public', 'operator_grant', 'SELECT')",
            (team.anna,),
        ).fetchone()
    assert privileges == (False, False)  # granted anew; PUBLIC reads nothing
    store, _ = team.services(team.anna)
    try:
        assert store.read_only_reason == no_grant_reason(team.anna)
    finally:
        store.close()


def test_a_file_has_no_grants_and_its_user_is_the_login(tmp_path: Path) -> None:
    world = open_world(tmp_path / "w.sqlite")
    try:
        assert isinstance(world.store, SqliteStore)
        assert world.store.granted_operators() is None
        assert world.store.database_user is None
        assert world.services.workspace.operators() == [VENDOR, OTHER_VENDOR, PROVIDER]
        assert world.store.settings.get("operator_id") is None
        world.services.workspace.switch_operator(PROVIDER.id)
        assert world.store.settings.get("operator_id") == PROVIDER.id
    finally:
        world.store.close()


def test_an_owner_that_is_no_superuser_grants_and_keeps_the_grants_table() -> None:
    running = postgres.server()
    suffix = f"{os.getpid()}_{next(_numbers)}"
    boss, anna, database = f"boss_{suffix}", f"anna_{suffix}", f"owned_{suffix}"
    with running.admin() as admin:
        admin.execute(f"CREATE ROLE {boss} LOGIN")
        admin.execute(f"CREATE ROLE {anna} LOGIN")
        admin.execute(f"CREATE DATABASE {database} OWNER {boss} TEMPLATE template0")
    try:
        url = running.url(database, user=boss)
        assert run_cli("init", "--db", url)[0] == 0
        world = open_world(parse_location(url))
        world.store.close()
        status, _, err = run_cli("grant", "--db", url, anna, VENDOR.id)
        assert (status, err) == (0, "")
        # a superuser brings the workspace to version 7 again: the table stays the owner's
        with psycopg.connect(running.url(database), autocommit=True) as superuser:
            back_to_version_6(superuser)
        open_store(running.url(database), create=False).close()
        with psycopg.connect(running.url(database)) as superuser:
            owner = superuser.execute(
                "SELECT tableowner FROM pg_tables WHERE tablename = 'operator_grant'"
            ).fetchone()
        assert owner == (boss,)
        status, _, err = run_cli("grant", "--db", url, anna, OTHER_VENDOR.id)
        assert (status, err) == (0, ""), err
        store = open_store(running.url(database, user=anna), create=False)
        try:
            services = Services.over(store)
            assert services.workspace.operators() == [OTHER_VENDOR]
            services.workspace.ensure_ready()
            account = services.accounts.create(draft()).account
            assert services.workspace.user(account.created.by).name == anna
        finally:
            store.close()
    finally:
        running.drop_database(database)
        with running.admin() as admin:
            admin.execute(f"DROP ROLE IF EXISTS {anna}")
            admin.execute(f"DROP ROLE IF EXISTS {boss}")


def test_a_member_granted_before_version_10_writes_after_the_owner_migrates(team: Team) -> None:
    grant(team, team.anna, VENDOR.id)
    with psycopg.connect(team.address.url, autocommit=True) as owner:
        back_to_version_9(owner)  # anna was granted what version 9 had
    open_store(team.address.url, create=False).close()  # the owner migrates: the new table
    store, anna = team.services(team.anna)
    try:
        assert store.read_only_reason is None
        anna.accounts.create(draft(name="After the Migration"))  # its triggers write the tallies
        figures = anna.overview.read(trees=False)
        assert figures.chart("accounts_by_type").total == 1
    finally:
        store.close()
