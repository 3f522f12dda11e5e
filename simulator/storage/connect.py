"""Engines for a database URL: SQLite tuned for many writers, PostgreSQL with timeouts; driver
errors as kefu's own (:func:`domain_errors`)."""

from __future__ import annotations

import functools

from sqlalchemy import create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Engine

from .errors import DatabaseBusy, GradebookError

BUSY_TIMEOUT_MS = 30_000


def create(url: URL) -> Engine:
    """An engine for ``url`` (a :func:`.urls.normalise_url` result); connects lazily."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    event.listen(engine, "connect", _lz4)
    return engine


def _lz4(dbapi_conn, _record) -> None:
    """Compress long values (a transcript's JSON, ~5 KB) with lz4 where the server has it
    (PostgreSQL 14+ built with lz4), not pglz: the server compressed a collect's 6,000
    transcripts in ~0.9 s with pglz, ~0.5 s with lz4, to the same size. Only how new values
    are stored changes; every value reads back the same."""
    with dbapi_conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
                    " AND 'lz4' = ANY(enumvals)")
        if cur.fetchone() is not None:
            cur.execute("SET default_toast_compression = lz4")
    dbapi_conn.commit()


def _wal(cur) -> None:
    """Put the database in WAL mode. The mode is kept in the file, so it is set only when it is
    not WAL yet: switching takes an exclusive lock that SQLite does not wait for (the busy
    timeout does not cover it), so asking every time made a connection opened while another
    was writing fail at once with "database is locked". A new file being switched by another
    connection at the same moment is waited for, within the busy timeout."""
    import sqlite3
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_engine(url: URL) -> Engine:
    """WAL, foreign keys, a 30 s busy timeout; writers take the lock first (BEGIN IMMEDIATE),
    so they queue instead of failing."""
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        _wal(cur)
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get("kefu_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def why(exc: BaseException) -> str:
    """The driver's first line about ``exc`` (for the error message)."""
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0][:300] if str(orig).strip() else type(orig).__name__


def domain_errors(fn):
    """Turn driver errors into :class:`GradebookError` on every public method."""

    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except GradebookError:
            raise
        except sa_exc.OperationalError as exc:
            if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
                raise DatabaseBusy("err.db_busy") from None
            raise GradebookError("err.db", url=self.display_url, why=why(exc)) from None
        except sa_exc.SQLAlchemyError as exc:
            raise GradebookError("err.db", url=self.display_url, why=why(exc)) from None

    return wrapper
