"""The live classroom's tables (``kefu serve``): who joined, the conversations in progress and
the acknowledgement of every reply, in the same database as the gradebook.

Everything the server acknowledges is committed first, in one transaction with the document it
changed, so a server killed at any moment loses nothing it said it had. Documents are the same
JSON as on disk (a drill transcript, an exam result file), so the engine, the judge and
``exam collect``'s import run on them unchanged.

::

    live = LiveStore(book)
    live.get_setting("class_code") / live.set_setting("class_code", "K7Q2M")
    live.join(LiveStudent(...))           # insert or update (key_hash fixed at first join)
    live.set_key(student_id, key_hash)    # "" releases the id (the next join gets a key)
    live.student(student_id) -> LiveStudent | None
    live.students() -> list[LiveStudent]
    live.doc(doc_id) -> LiveDoc | None     # doc ids: "drill:<uid>", "exam:<exam>:<student>"
    live.docs(student_id=None, kind=None) -> list[LiveDoc]
    live.save(doc, ack=(key, response) | None)   # one transaction
    live.ack(key) -> dict | None           # the stored response to a reply already received
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Column, Index, MetaData, String, Table, Text, select
from sqlalchemy import exc as sa_exc

from ..i18n import t
from ..stamps import now
from .errors import GradebookError

if TYPE_CHECKING:  # the gradebook creates these tables through its migrations
    from .gradebook import Gradebook

metadata = MetaData()

settings = Table(
    "live_settings", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

students = Table(
    "live_students", metadata,
    Column("id", String(64), primary_key=True),
    Column("key_hash", String(64), nullable=False),  # sha256 of the secret the client keeps
    Column("name", String(200), nullable=False),
    Column("class_name", String(100), nullable=False),
    Column("team", String(100), nullable=False),
    Column("joined_at", String(40), nullable=False),
)

docs = Table(
    "live_docs", metadata,
    Column("id", String(200), primary_key=True),
    Column("student_id", String(64), nullable=False),
    Column("kind", String(10), nullable=False),  # "drill" | "exam"
    Column("exam_id", String(64), nullable=True),
    Column("data", Text, nullable=False),  # JSON: a transcript or an exam result document
    Column("finished", Boolean, nullable=False),
    Column("updated_at", String(40), nullable=False),
)
Index("ix_live_docs_student", docs.c.student_id, docs.c.kind)

acks = Table(
    "live_acks", metadata,
    Column("key", String(200), primary_key=True),  # "<student>:<the client's reply key>"
    Column("student_id", String(64), nullable=False),
    Column("response", Text, nullable=False),  # JSON: what the server answered
    Column("created_at", String(40), nullable=False),
)


def create_tables(conn) -> None:
    """Migration 4 (see ``migrations.py``)."""
    metadata.create_all(conn)


@dataclass(frozen=True)
class LiveStudent:
    id: str
    key_hash: str
    name: str
    class_name: str
    team: str = ""
    joined_at: str = ""


@dataclass
class LiveDoc:
    id: str
    student_id: str
    kind: str
    exam_id: str | None
    data: dict
    finished: bool = False


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class LiveStore:
    def __init__(self, book: Gradebook):
        self.book = book

    def _guard(self, fn, *args):
        try:
            return fn(*args)
        except GradebookError:
            raise
        except sa_exc.SQLAlchemyError as exc:
            why = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:300]
            raise GradebookError(t("err.db", url=self.book.display_url, why=why)) from None

    # ---- settings ----
    def get_setting(self, key: str) -> str | None:
        def run():
            with self.book._read() as conn:
                return conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
        return self._guard(run)

    def set_setting(self, key: str, value: str) -> None:
        def run():
            with self.book._write() as conn:
                if conn.execute(select(settings.c.key).where(settings.c.key == key)).first():
                    conn.execute(settings.update().where(settings.c.key == key)
                                 .values(value=value))
                else:
                    conn.execute(settings.insert().values(key=key, value=value))
        self._guard(run)

    # ---- students ----
    def join(self, student: LiveStudent) -> None:
        def run():
            with self.book._write() as conn:
                values = {"name": student.name, "class_name": student.class_name,
                          "team": student.team}
                if conn.execute(select(students.c.id).where(students.c.id == student.id)).first():
                    conn.execute(students.update().where(students.c.id == student.id)
                                 .values(**values))
                else:
                    conn.execute(students.insert().values(
                        id=student.id, key_hash=student.key_hash, joined_at=now(), **values))
        self._guard(run)

    def set_key(self, student_id: str, key_hash: str) -> None:
        def run():
            with self.book._write() as conn:
                conn.execute(students.update().where(students.c.id == student_id)
                             .values(key_hash=key_hash))
        self._guard(run)

    def student(self, student_id: str) -> LiveStudent | None:
        def run():
            with self.book._read() as conn:
                row = conn.execute(select(students).where(students.c.id == student_id)).first()
            return row and LiveStudent(row.id, row.key_hash, row.name, row.class_name, row.team,
                                       row.joined_at)
        return self._guard(run)

    def students(self) -> list[LiveStudent]:
        def run():
            with self.book._read() as conn:
                rows = conn.execute(select(students).order_by(students.c.id)).all()
            return [LiveStudent(r.id, r.key_hash, r.name, r.class_name, r.team, r.joined_at)
                    for r in rows]
        return self._guard(run)

    # ---- documents and acknowledgements ----
    def doc(self, doc_id: str) -> LiveDoc | None:
        def run():
            with self.book._read() as conn:
                row = conn.execute(select(docs).where(docs.c.id == doc_id)).first()
            return row and _doc(row)
        return self._guard(run)

    def docs(self, student_id: str | None = None, kind: str | None = None,
             exam_id: str | None = None) -> list[LiveDoc]:
        def run():
            q = select(docs).order_by(docs.c.updated_at, docs.c.id)
            if student_id is not None:
                q = q.where(docs.c.student_id == student_id)
            if kind is not None:
                q = q.where(docs.c.kind == kind)
            if exam_id is not None:
                q = q.where(docs.c.exam_id == exam_id)
            with self.book._read() as conn:
                return [_doc(r) for r in conn.execute(q).all()]
        return self._guard(run)

    def save(self, doc: LiveDoc, ack: tuple[str, dict] | None = None) -> None:
        """Write ``doc`` (and the acknowledgement of the reply that changed it) atomically."""
        def run():
            values = {"student_id": doc.student_id, "kind": doc.kind, "exam_id": doc.exam_id,
                      "data": _dumps(doc.data), "finished": doc.finished, "updated_at": now()}
            with self.book._write() as conn:
                if not conn.execute(docs.update().where(docs.c.id == doc.id)
                                    .values(**values)).rowcount:
                    conn.execute(docs.insert().values(id=doc.id, **values))
                if ack is not None:
                    conn.execute(acks.insert().values(key=ack[0], student_id=doc.student_id,
                                                      response=_dumps(ack[1]), created_at=now()))
        self._guard(run)

    def ack(self, key: str) -> dict | None:
        def run():
            with self.book._read() as conn:
                value = conn.execute(select(acks.c.response).where(acks.c.key == key)).scalar()
            return None if value is None else json.loads(value)
        return self._guard(run)


def _doc(row) -> LiveDoc:
    return LiveDoc(row.id, row.student_id, row.kind, row.exam_id, json.loads(row.data),
                   bool(row.finished))
