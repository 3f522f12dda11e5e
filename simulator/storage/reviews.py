"""The teacher's review decisions (``kefu grades review``): one row per decision, never edited.

A decision names the reply it is about by the attempt's uid (the transcript's own id, stable
across collect and regrade) and the reply's index, and keeps the reply's text as it was
reviewed (for the overlay made from reviews, and to notice a transcript that changed).
Later decisions on the same point win (see :func:`simulator.review.effective`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Connection, ForeignKey, Index, Integer, String, Table, Text, select

from . import schema

ACTIONS = ("wrong_flag", "forbidden", "did", "did_not", "comment")

reviews = Table(
    "reviews", schema.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("exam_id", String(64), ForeignKey("exams.id", ondelete="CASCADE"), nullable=False),
    Column("attempt_uid", String(64), nullable=False),
    Column("student_id", String(64), ForeignKey("students.id"), nullable=False),
    Column("scenario_id", String(100), nullable=False),
    Column("turn", Integer, nullable=False),  # the reply's index in the conversation (0-based)
    Column("action", String(20), nullable=False),  # one of ACTIONS
    Column("target", String(100), nullable=False, default=""),  # rule id, kind, slot/intent
    Column("severity", String(10), nullable=False, default=""),  # forbidden: major | soft
    Column("phrase", Text, nullable=False, default=""),  # forbidden/did: the words meant
    Column("reply", Text, nullable=False),  # the reply as it was reviewed
    Column("reason", Text, nullable=False),  # why (for a comment: the comment itself)
    Column("author", String(200), nullable=False),
    Column("created_at", String(40), nullable=False),
)
ix_reviews = Index("ix_reviews_exam_attempt", reviews.c.exam_id, reviews.c.attempt_uid)


@dataclass(frozen=True)
class Review:
    exam_id: str
    attempt_uid: str
    student_id: str
    scenario_id: str
    turn: int
    action: str
    reason: str
    reply: str = ""
    target: str = ""
    severity: str = ""
    phrase: str = ""
    author: str = ""
    created_at: str = ""
    id: int | None = None

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


def create(conn: Connection) -> None:
    """Migration 3 (a fresh database got the table in migration 1)."""
    reviews.create(conn, checkfirst=True)
    ix_reviews.create(conn, checkfirst=True)


def insert(conn: Connection, review: Review) -> int:
    values = {k: v for k, v in review.__dict__.items() if k != "id"}
    return conn.execute(reviews.insert().values(**values)).inserted_primary_key[0]


def select_reviews(conn: Connection, exam_id: str, student_id: str | None = None,
                   attempt_uid: str | None = None) -> list[Review]:
    q = select(reviews).where(reviews.c.exam_id == exam_id).order_by(reviews.c.created_at,
                                                                     reviews.c.id)
    if student_id is not None:
        q = q.where(reviews.c.student_id == student_id)
    if attempt_uid is not None:
        q = q.where(reviews.c.attempt_uid == attempt_uid)
    return [Review(**r._mapping) for r in conn.execute(q)]
