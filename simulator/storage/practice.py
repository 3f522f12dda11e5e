"""错题本: a student's practice items (replies that lost points) and their good rewrites.

One row per item, keyed by the student and the reply it came from (``attempt uid:turn``), so
drawing the book again from the history adds only new items. ``passes`` lists the days (local
``YYYY-MM-DD``) of good rewrites; an item with good rewrites on two different days is done.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
)

from . import schema

practice = Table(
    "practice_items", schema.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("student_id", String(64), ForeignKey("students.id"), nullable=False),
    Column("key", String(100), nullable=False),  # "<attempt uid>:<reply index>"
    Column("exam_id", String(64), nullable=True),  # the exam the reply came from, if any
    Column("scenario_id", String(100), nullable=False),
    Column("buyer", Text, nullable=False),
    Column("reply", Text, nullable=False),
    Column("wrong", Text, nullable=False),  # JSON [{"rule", "message", "suggestion"}]
    Column("lost", Float, nullable=False),  # points the reply lost
    Column("created_at", String(40), nullable=False),
    Column("passes", Text, nullable=False, default="[]"),  # JSON [days of good rewrites]
    Column("done_at", String(40), nullable=True),
    UniqueConstraint("student_id", "key", name="uq_practice_student_key"),
)


@dataclass
class PracticeItem:
    student_id: str
    key: str
    scenario_id: str
    buyer: str
    reply: str
    wrong: list[dict]
    lost: float
    exam_id: str | None = None
    created_at: str = ""
    passes: list[str] = field(default_factory=list)
    done_at: str | None = None
    id: int | None = None

    def to_json(self) -> dict:
        return dict(self.__dict__)


def create(conn: Connection) -> None:
    """Migration 5 (a fresh database got the table in migration 1)."""
    practice.create(conn, checkfirst=True)


def _item(row) -> PracticeItem:
    values = dict(row._mapping)
    values["wrong"] = json.loads(values["wrong"])
    values["passes"] = json.loads(values["passes"])
    return PracticeItem(**values)


def select_items(conn: Connection, student_id: str, include_done: bool) -> list[PracticeItem]:
    q = select(practice).where(practice.c.student_id == student_id)
    if not include_done:
        q = q.where(practice.c.done_at.is_(None))
    return [_item(r) for r in conn.execute(q.order_by(practice.c.lost.desc(), practice.c.id))]


def insert_new(conn: Connection, items: list[PracticeItem]) -> int:
    """Add the items whose key the student does not have yet; returns how many."""
    added = 0
    for item in items:
        found = conn.execute(select(practice.c.id).where(
            practice.c.student_id == item.student_id, practice.c.key == item.key)).first()
        if found is None:
            values = item.to_json() | {"wrong": json.dumps(item.wrong, ensure_ascii=False),
                                       "passes": json.dumps(item.passes)}
            values.pop("id")
            conn.execute(practice.insert().values(**values))
            added += 1
    return added


def save_passes(conn: Connection, item_id: int, passes: list[str], done_at: str | None) -> None:
    conn.execute(practice.update().where(practice.c.id == item_id).values(
        passes=json.dumps(passes), done_at=done_at))
