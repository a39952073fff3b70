"""A failed connection told apart: a password wanted or refused, or anything else."""

from __future__ import annotations

from desktop_app.persistence.location import parse_location
from desktop_app.persistence.postgres_errors import password_error, password_parameter

ADDRESS = parse_location("postgresql://anna@db1:5433/customers")


class ServerError(Exception):
    """Stands in for psycopg's errors: a message and perhaps a SQLSTATE."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def test_no_password_supplied_asks_for_one():
    found = password_error(
        ADDRESS, ServerError("connection failed: fe_sendauth: no password supplied")
    )
    assert found is not None and not found.wrong
    assert found.who == "anna@db1:5433/customers"


def test_a_refused_password_by_sqlstate_or_by_libpq_words_is_wrong():
    for error in (
        ServerError("FATAL: password authentication failed for user", None),
        ServerError("refused", "28P01"),
    ):
        found = password_error(ADDRESS.with_password("pw"), error)
        assert found is not None and found.wrong and "pw" not in found.message


def test_other_failures_are_not_about_a_password():
    assert (
        password_error(ADDRESS, ServerError('no pg_hba.conf entry for host "10.0.0.1"', "28000"))
        is None
    )
    assert password_error(ADDRESS, ServerError("connection refused")) is None


def test_the_password_goes_to_libpq_only_when_typed_in_and_never_into_reprs():
    assert password_parameter(ADDRESS) == {}
    typed = ADDRESS.with_password("pw")
    assert password_parameter(typed) == {"password": "pw"}
    assert "pw" not in repr(typed) and "pw" not in typed.display and typed == ADDRESS
