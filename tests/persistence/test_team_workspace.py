"""A team workspace on a real PostgreSQL server: init, open, what a role may do, bad addresses."""

from __future__ import annotations

import io
from collections.abc import Iterator

import psycopg
import pytest

from desktop_app import cli
from desktop_app.domain.errors import ConflictError, StorageError
from desktop_app.persistence.location import LocationError, ServerAddress, parse_location
from desktop_app.persistence.migrations import LATEST_VERSION
from desktop_app.persistence.opening import open_store
from desktop_app.persistence.postgres_database import schema_version
from desktop_app.persistence.postgres_store import PostgresStore
from desktop_app.services.queries import DirectoryQuery
from tests.support import postgres
from tests.support.world import draft, dump, open_world


@pytest.fixture
def empty_database() -> Iterator[ServerAddress]:
    """A new, empty database on the run's server."""
    running = postgres.server()
    name = running.new_database()
    address = parse_location(running.url(name))
    assert isinstance(address, ServerAddress)
    yield address
    running.drop_database(name)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_a_url_is_a_server_address_and_its_password_is_never_shown() -> None:
    address = parse_location("postgresql://anna:s3cret@db.example:5433/customers")
    assert isinstance(address, ServerAddress)
    assert (address.host, address.port, address.database, address.user) == (
        "db.example",
        5433,
        "customers",
        "anna",
    )
    assert "s3cret" not in address.display
    assert "s3cret" not in str(address)
    assert address.display == "postgresql://anna@db.example:5433/customers"


def test_a_path_stays_a_path(tmp_path) -> None:
    assert parse_location(str(tmp_path / "w.sqlite")) == tmp_path / "w.sqlite"


@pytest.mark.parametrize(
    "url", ["postgresql://anna:pw@host:5432/", "postgresql://host:port/db", "postgres://h"]
)
def test_a_url_without_database_or_with_a_bad_port_is_refused_without_its_password(
    url: str,
) -> None:
    with pytest.raises(LocationError) as caught:
        parse_location(url)
    assert ":pw@" not in str(caught.value)


def test_init_makes_the_schema_in_an_empty_database_and_the_window_can_open_it(
    empty_database: ServerAddress,
) -> None:
    status, out, err = run_cli("init", "--db", empty_database.url)
    assert (status, err) == (0, "")
    assert f"schema version {LATEST_VERSION}" in out
    store = open_store(empty_database, create=False)
    try:
        assert isinstance(store, PostgresStore)
        assert schema_version(store.db) == LATEST_VERSION
        assert store.read_only_reason is None
        assert store.is_empty()
    finally:
        store.close()
    again, _, _ = run_cli("init", "--db", empty_database.url)  # already there: nothing to do
    assert again == 0


def test_opening_an_empty_database_asks_for_init_and_creates_nothing(
    empty_database: ServerAddress,
) -> None:
    with pytest.raises(StorageError, match="desktop-app init --db"):
        open_store(empty_database, create=True)
    with psycopg.connect(empty_database.url) as connection:
        tables = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
    assert tables == (0,)


def test_init_refuses_a_database_that_holds_other_tables(empty_database: ServerAddress) -> None:
    with psycopg.connect(empty_database.url, autocommit=True) as connection:
        connection.execute("CREATE TABLE invoices (id int)")
    status, _, err = run_cli("init", "--db", empty_database.url)
    assert status == 2
    assert "already holds other tables" in err


def test_an_unreachable_server_names_host_and_database_but_not_the_password() -> None:
    port = postgres._free_port()
    status, _, err = run_cli(
        "check", "--db", f"postgresql://anna:s3cret@127.0.0.1:{port}/customers"
    )
    assert status == 2
    assert "127.0.0.1" in err and "customers" in err
    assert "s3cret" not in err
    assert "Traceback" not in err


def test_a_role_that_may_only_read_opens_the_workspace_read_only() -> None:
    running = postgres.server()
    url = postgres.workspace_url()
    address = parse_location(url)
    assert isinstance(address, ServerAddress)
    with running.admin() as admin:
        admin.execute("DROP ROLE IF EXISTS reader")
        admin.execute("CREATE ROLE reader LOGIN")
    with psycopg.connect(url, autocommit=True) as owner:
        owner.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    world = open_world(address)  # the owner writes some data first
    world.services.accounts.create(draft())
    world.store.close()
    reader = parse_location(running.url(address.database, user="reader"))
    store = open_store(reader, create=False)
    try:
        assert store.read_only_reason == "the database role reader may only read it"
        with pytest.raises(StorageError, match="read-only"), store.write():
            pass
        assert not store.is_empty()
    finally:
        store.close()
        running.drop_database(address.database)


def test_init_refuses_a_database_whose_locale_knows_only_ascii_letters() -> None:
    running = postgres.server()
    name = "ascii_only_ctype"
    with running.admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f"CREATE DATABASE \"{name}\" LC_CTYPE 'C' LC_COLLATE 'C' TEMPLATE template0")
    try:
        status, _, err = run_cli("init", "--db", running.url(name))
        assert status == 2
        assert "UTF-8" in err and "Müller" in err
        with psycopg.connect(running.url(name)) as connection:
            tables = connection.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()
        assert tables == (0,)
    finally:
        running.drop_database(name)


def test_an_edit_saved_meanwhile_by_a_colleague_is_not_overwritten(monkeypatch) -> None:
    address = parse_location(postgres.workspace_url())
    assert isinstance(address, ServerAddress)
    me = open_world(address)
    colleague = open_world(address, seed_catalog=False)
    try:
        account = me.services.accounts.create(draft()).account
        read = me.store.accounts.get
        saved: list[int] = []

        def read_then_the_colleague_saves(account_id: str):  # between my read and my write
            found = read(account_id)
            if not saved:
                result = colleague.services.accounts.update(account.id, draft(city="Hamburg"))
                saved.append(result.account.version)
            return found

        monkeypatch.setattr(me.store.accounts, "get", read_then_the_colleague_saves)
        with pytest.raises(ConflictError, match=r"changed meanwhile by .* \(now version 2"):
            me.services.accounts.update(account.id, draft(city="Köln"), expected_version=1)
        monkeypatch.undo()
        assert saved == [2]
        now = me.services.accounts.get(account.id)
        assert (now.version, now.data.city) == (2, "Hamburg")
        assert [v.version for v in me.store.accounts.versions(account.id)] == [1, 2]
    finally:
        colleague.store.close()
        me.store.close()
        postgres.server().drop_database(address.database)


def test_a_request_decided_by_a_colleague_is_refused_with_who_decided_it() -> None:
    address = parse_location(postgres.workspace_url())
    assert isinstance(address, ServerAddress)
    me = open_world(address)
    colleague = open_world(address, seed_catalog=False)
    try:
        _, kid = me.subscribed_customer()
        result = me.services.accounts.update(kid.id, draft(name="Kunde AG", city="Köln"))
        pending = [r for r in result.requests if r.status.value == "pending"]
        assert pending
        colleague.services.requests.accept(pending[0].id)
        with pytest.raises(ConflictError, match=r"already accepted by .* on 20"):
            me.services.requests.ignore(pending[0].id, "not ours")
    finally:
        colleague.store.close()
        me.store.close()
        postgres.server().drop_database(address.database)


def test_a_server_restart_in_the_middle_of_an_import_saves_nothing_and_the_retry_works(
    tmp_path,
) -> None:
    from desktop_app.interop.importer import import_file
    from tests.interop.sheets import row, workbook

    address = parse_location(postgres.workspace_url())
    assert isinstance(address, ServerAddress)
    world = open_world(address)
    try:
        world.services.accounts.create(draft())
        before = dump(world.store)
        rows = [row(External_ID=f"R{n}", Company_Name=f"Row {n} GmbH") for n in range(40)]
        path = workbook(tmp_path / "in.xlsx", rows)
        pid = world.store.db.connection().info.backend_pid
        created = world.store.accounts.insert

        def insert_then_the_connection_drops(account):  # the 20th row: mid-import
            created(account)
            if account.data.external_id == "R20":
                with postgres.server().admin() as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

        world.store.accounts.insert = insert_then_the_connection_drops  # type: ignore[method-assign]
        with pytest.raises(StorageError, match=r"connection to the team workspace .* was lost"):
            import_file(world.services, path)
        del world.store.accounts.insert
        assert dump(world.store) == before  # the next statement connects again
        report = import_file(world.services, path)  # the retry
        assert report.committed
        assert world.services.directory.count(DirectoryQuery()) == 41
    finally:
        world.store.close()
        postgres.server().drop_database(address.database)
