"""Gradebook test backends: SQLite always, PostgreSQL when KEFU_TEST_PG_URL is set.

Each PostgreSQL use gets a fresh schema (dropped afterwards) so runs never collide.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

PG_URL = os.environ.get("KEFU_TEST_PG_URL")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not PG_URL, reason="KEFU_TEST_PG_URL is not set"),
    ]),
]


def _pg_admin():
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT")


def make_db_url(kind: str, tmp_path) -> tuple[str, callable]:
    """A database URL for a fresh, empty gradebook, and a function that removes it."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'kefu-test.db'}", lambda: None
    from sqlalchemy import text

    schema = f"kefu_test_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url, drop
