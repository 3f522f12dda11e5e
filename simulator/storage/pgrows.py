"""Many rows in one statement on PostgreSQL: COPY for new rows, unnest() for upserts.

An executemany through psycopg is one Bind/Execute per row (pipelined, but each row still
bound and dumped by the driver, parsed and planned by the server, and processed by
SQLAlchemy), and ``kefu exam collect`` writes ~6,000 attempts (each with its transcript JSON)
and ~8,000 best scores for 2,000 files. Here new rows are streamed with one ``COPY``, and an
upsert sends each column as one array parameter to a single ``INSERT ... SELECT FROM
unnest(...) ON CONFLICT DO UPDATE``. The values are the same Python values an executemany
gets (str, int, float, bool, None: the kefu tables have no type that processes binds), so
the rows stored are the same.

Runs on the caller's connection, inside its transaction; PostgreSQL only (the callers check
:func:`is_pg`).
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import Connection, Table
from sqlalchemy import exc as sa_exc

_SQL: dict = {}  # (kind, table, columns...) -> SQL text


def is_pg(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _cursor(conn: Connection):
    """A psycopg cursor on ``conn``'s own connection, so in its transaction."""
    return conn.connection.driver_connection.cursor()


@contextmanager
def _driver_errors(conn: Connection, text: str):
    """psycopg's errors as SQLAlchemy's, as from ``conn.execute`` (an IntegrityError is what
    the facade's fallback to one file at a time waits for)."""
    dbapi = conn.dialect.loaded_dbapi
    try:
        yield
    except dbapi.Error as exc:
        raise sa_exc.DBAPIError.instance(text, None, exc, dbapi.Error) from exc


def _name(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def copy_rows(conn: Connection, table: Table, rows: list[dict]) -> None:
    """INSERT every row (dicts with the same keys) with one ``COPY ... FROM STDIN``."""
    if not rows:
        return
    columns = tuple(rows[0])
    key = ("copy", table.name, columns)
    text = _SQL.get(key)
    if text is None:
        text = _SQL[key] = (f"COPY {_name(conn, table.name)} "
                            f"({', '.join(_name(conn, c) for c in columns)}) FROM STDIN")
    with _driver_errors(conn, text), _cursor(conn) as cur, cur.copy(text) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def upsert_rows(conn: Connection, table: Table, key: tuple, values: tuple,
                rows: list[dict]) -> None:
    """INSERT ... ON CONFLICT (``key``) DO UPDATE SET ``values`` of every row, one statement.
    Rows are inserted in the order given (the callers sort them by key: lock order)."""
    if not rows:
        return
    columns = (*key, *values)
    cache = ("upsert", table.name, key, values)
    text = _SQL.get(cache)
    if text is None:
        arrays = ", ".join(f"%s::{table.c[c].type.compile(dialect=conn.dialect)}[]"
                           for c in columns)
        names = ", ".join(_name(conn, c) for c in columns)
        update = ", ".join(f"{_name(conn, c)} = EXCLUDED.{_name(conn, c)}" for c in values)
        text = _SQL[cache] = (
            f"INSERT INTO {_name(conn, table.name)} ({names}) "
            f"SELECT {names} FROM unnest({arrays}) WITH ORDINALITY AS u({names}, _n) "
            f"ORDER BY _n "
            f"ON CONFLICT ({', '.join(_name(conn, c) for c in key)}) DO UPDATE SET {update}")
    with _driver_errors(conn, text), _cursor(conn) as cur:
        cur.execute(text, [[row[c] for row in rows] for c in columns])
