"""Storage: workspace files (SQLite) and team databases (PostgreSQL) through peewee.

peewee imports PostgreSQL's driver when it is itself imported, if the driver is installed:
140 ms of psycopg before the first paint of every window, which almost always opens a file.
So peewee is imported here with the driver held back, and :mod:`.postgres_driver` hands the
driver to peewee when a team workspace is first opened.
"""

import sys

if "peewee" not in sys.modules and "psycopg" not in sys.modules:
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # import psycopg: ImportError
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]
