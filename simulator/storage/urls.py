"""Database URLs: the default gradebook, and what ``--db`` / ``KEFU_DB`` accept."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

from .errors import DatabaseUrlError


def default_url() -> str:
    from ..paths import data_dir

    return os.environ.get("KEFU_DB") or f"sqlite:///{data_dir() / 'kefu.db'}"


DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")  # a plain path must say it is a database file


def normalise_url(url: str) -> URL:
    """Accept sqlite:///FILE, postgres(ql):// (psycopg 3 driver), and a plain path to an
    existing file or to one named ``*.db``, ``*.sqlite`` or ``*.sqlite3`` — anything else
    (``::garbage::``) is not taken for a file name."""
    text = url.strip()
    if "://" not in text:
        path = Path(text).expanduser()
        if not text or not (path.suffix.lower() in DB_SUFFIXES or path.is_file()):
            raise DatabaseUrlError("err.db_url", url=text)
        text = f"sqlite:///{path}"
    try:
        parsed = make_url(text)
    except sa_exc.ArgumentError:
        raise DatabaseUrlError("err.db_url", url=text) from None
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.get_driver_name() in ("pysqlite", ""):
        return parsed.set(drivername="sqlite+pysqlite")
    raise DatabaseUrlError("err.db_url", url=parsed.render_as_string(hide_password=True))


def display(url: URL) -> str:
    """The URL as shown in messages (no password)."""
    return url.render_as_string(hide_password=True)


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL (None: another database, or SQLite in memory)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser()
