"""Numbered schema migrations. Migration 1 creates everything; later ones alter it.

``schema_version`` holds one row per applied migration. Migrations run inside one transaction
under a lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so two programs opening a
fresh database at once cannot both create it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import Connection, bindparam, inspect, select, text

from . import practice, reviews, schema


def _m1_create_everything(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[t for t in schema.metadata.sorted_tables
                                             if t.name != "schema_version"])


def _m2_index_best_by_student(conn: Connection) -> None:
    schema.ix_best_student.create(conn, checkfirst=True)  # a fresh database got it in 1


def _m4_live_classroom(conn: Connection) -> None:
    from . import live

    live.create_tables(conn)


def _m6_attempt_summaries(conn: Connection) -> None:
    """The column holding what the grade sheet reads of each transcript, filled in for the
    attempts already stored (a fresh database got the column in 1 and has no attempts)."""
    import json

    from .records import dumps, summary_of

    a = schema.attempts
    if "summary" not in {c["name"] for c in inspect(conn).get_columns("attempts")}:
        conn.execute(text("ALTER TABLE attempts ADD COLUMN summary TEXT"))
    todo = select(a.c.id, a.c.transcript).where(a.c.summary.is_(None)).order_by(a.c.id)
    fill = a.update().where(a.c.id == bindparam("_id")).values(summary=bindparam("_summary"))
    last = 0
    while True:
        rows = conn.execute(todo.where(a.c.id > last).limit(2000)).all()
        if not rows:
            return
        conn.execute(fill, [{"_id": r.id, "_summary": dumps(summary_of(json.loads(r.transcript)))}
                            for r in rows])
        last = rows[-1].id


def _m7_sheet_facts(conn: Connection) -> None:
    """The columns holding the numbers the grade sheet adds up (:func:`.records.sheet_facts`),
    filled in from each stored attempt's summary, 2,000 attempts at a time."""
    import json

    from .records import FACTS, sheet_facts

    a = schema.attempts
    have = {c["name"] for c in inspect(conn).get_columns("attempts")}
    for name in FACTS:
        if name not in have:
            kind = a.c[name].type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE attempts ADD COLUMN {name} {kind}"))
    todo = (select(a.c.id, a.c.summary).where(a.c.timed_turns.is_(None), a.c.summary.isnot(None))
            .order_by(a.c.id))
    fill = a.update().where(a.c.id == bindparam("_id")).values(
        **{name: bindparam(f"_{name}") for name in FACTS})
    last = 0
    while True:
        rows = conn.execute(todo.where(a.c.id > last).limit(2000)).all()
        if not rows:
            return
        conn.execute(fill, [{"_id": r.id, **{f"_{name}": value for name, value in
                                            zip(FACTS, sheet_facts(json.loads(r.summary)), strict=True)}}
                            for r in rows])
        last = rows[-1].id


SHEET_INDEX = "ix_attempts_sheet"


def _m8_sheet_index(conn: Connection) -> None:
    """SQLite: an index holding every column :func:`.rankings.sheet_attempts` reads, in its
    order, so a grade sheet reads the index alone and never the attempt rows, whose
    transcripts fill most of the file (200,000 attempts: 1.3 s -> 0.6 s). Not on PostgreSQL,
    where an index entry must fit a third of a page and a mistakes list need not."""
    if conn.dialect.name != "sqlite":
        return
    from .rankings import SHEET_COLUMNS

    conn.execute(text(f"CREATE INDEX IF NOT EXISTS {SHEET_INDEX} ON attempts "
                      f"(exam_id, student_id, finished_at, id, {', '.join(SHEET_COLUMNS)})"))


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "create students, exams, attempts, adjustments, best_scores", _m1_create_everything),
    (2, "index best_scores by student", _m2_index_best_by_student),
    (3, "reviews: the teacher's review decisions", reviews.create),
    (4, "live classroom: settings, joined students, conversations, reply acknowledgements",
     _m4_live_classroom),
    (5, "practice_items: the students' 错题本", practice.create),
    (6, "attempts.summary: what the grade sheet reads of each transcript", _m6_attempt_summaries),
    (7, "attempts: the numbers the grade sheet adds up, as columns", _m7_sheet_facts),
    (8, "SQLite: a covering index for the grade sheet", _m8_sheet_index),
]
LATEST = MIGRATIONS[-1][0]
_PG_LOCK_KEY = 0x6B656675  # "kefu"


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    value = conn.execute(select(schema.schema_version.c.version)
                         .order_by(schema.schema_version.c.version.desc()).limit(1)).scalar()
    return value or 0


def migrate(conn: Connection) -> int:
    """Apply the missing migrations in the caller's (write) transaction; returns the version."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    schema.schema_version.create(conn, checkfirst=True)
    version = current_version(conn)
    for number, _title, step in MIGRATIONS:
        if number > version:
            step(conn)
            conn.execute(schema.schema_version.insert().values(
                version=number,
                applied_at=datetime.now(timezone.utc).isoformat(timespec="milliseconds")))
            version = number
    return version
