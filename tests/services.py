"""
The services some tests need beside the test database: PostgreSQL for
databases of their own, Redis, Chromium. Without one such a test skips,
except in CI (CI set), where .ci/run starts every service, so a missing one
is a failure rather than a silent skip.
"""

import os
from urllib.parse import urlsplit

import pytest

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def missing(reason: str):
    """Skip, or fail in CI, where every service must be there."""
    if in_ci():
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


def postgres_server() -> str:
    """The URL of the PostgreSQL server's maintenance database, if it answers."""
    try:
        import psycopg2

        psycopg2.connect(POSTGRES_URL, connect_timeout=3).close()
    except Exception:  # any failure to connect means: no server here
        missing(f"needs a PostgreSQL server at {POSTGRES_URL}")
    return POSTGRES_URL


def postgres_database(name: str) -> str:
    """A fresh, empty PostgreSQL database `name`; returns its URL."""
    import psycopg2

    server = postgres_server()
    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return urlsplit(server)._replace(path=f"/{name}").geturl()


def drop_postgres_database(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(POSTGRES_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()
