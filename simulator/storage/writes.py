"""The gradebook's write path: upserts, attempts, and the maintained best scores.

Everything here runs inside a caller's transaction (:meth:`Gradebook._write`) and raises
only :mod:`.errors`; the facade (:mod:`.gradebook`) is the only caller. The best scores follow
the grading policy (:mod:`.policy`); :func:`rebuild_best` ranks in SQL by the same key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, bindparam, func, select

from . import policy, reviews, schema
from .errors import Conflict, NotFound
from .policy import NO_TIME
from .records import NewAttempt, Student, attempt_row, dumps, now

# Statements on the write path are built once with bound parameters (building a SQLAlchemy
# statement costs more than running it on SQLite); values always travel as parameters.
_A, _S, _B, _E, _J = (schema.attempts, schema.students, schema.best, schema.exams,
                      schema.adjustments)
_SEL_STUDENT = select(_S.c.name, _S.c.class_name, _S.c.team).where(_S.c.id == bindparam("sid"))
_SEL_STUDENT_LOCK = _SEL_STUDENT.with_for_update()
_UPD_BEST_STUDENT = _B.update().where(_B.c.student_id == bindparam("sid")).values(
    class_name=bindparam("cls"), team=bindparam("tm"))
_SEL_UID = select(_A.c.id, _A.c.student_id, _A.c.exam_id, _A.c.transcript, _A.c.total,
                  _A.c.dimensions, _A.c.flags).where(_A.c.uid == bindparam("u"))
_INS_ATTEMPT = _A.insert()
_UPD_ATTEMPT = _A.update().where(_A.c.id == bindparam("_row"))
_SEL_ATTEMPT_KEYS = select(_A.c.student_id, _A.c.scenario_id, _A.c.exam_id).where(
    _A.c.id == bindparam("_row"))
_RESCORE = _A.update().where(_A.c.id == bindparam("_row")).values(
    total=bindparam("total"), dimensions=bindparam("dimensions"),
    mistakes=bindparam("mistakes"), outcome_id=bindparam("outcome_id"),
    outcome_good=bindparam("outcome_good"))
_SEL_SCENARIO_ROWS = select(_A.c.id, _A.c.total, _A.c.response_time, _A.c.finished_at).where(
    _A.c.student_id == bindparam("sid"), _A.c.scenario_id == bindparam("scope"))
_SEL_EXAM_SCENARIOS = select(_E.c.scenarios).where(_E.c.id == bindparam("scope"))
_SEL_EXAM_ROWS = select(_A.c.sitting, _A.c.scenario_id, _A.c.total, _A.c.response_time,
                        _A.c.finished_at).where(_A.c.exam_id == bindparam("scope"),
                                                _A.c.student_id == bindparam("sid"))
_SEL_ADJUST = select(func.coalesce(func.sum(_J.c.points), 0.0)).where(
    _J.c.exam_id == bindparam("scope"), _J.c.student_id == bindparam("sid"))
_DEL_BEST = _B.delete().where(_B.c.scope_kind == bindparam("kind"),
                              _B.c.scope_id == bindparam("scope"),
                              _B.c.student_id == bindparam("sid"))
_UPSERTS: dict = {}


def upsert(conn: Connection, table, key: dict, values: dict) -> None:
    """INSERT ... ON CONFLICT DO UPDATE (takes the row lock on PostgreSQL)."""
    conn.execute(_upsert(conn, table, tuple(key), tuple(values)), {**key, **values})


def upsert_many(conn: Connection, table, key: tuple, values: tuple, rows: list[dict]) -> None:
    """:func:`upsert` of many rows (each holding the ``key`` and ``values`` columns), one
    executemany."""
    conn.execute(_upsert(conn, table, key, values), rows)


def _upsert(conn: Connection, table, key: tuple, values: tuple):
    cache_key = (conn.dialect.name, table.name, key, values)
    stmt = _UPSERTS.get(cache_key)
    if stmt is None:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        base = insert(table)
        stmt = _UPSERTS[cache_key] = base.on_conflict_do_update(
            index_elements=list(key), set_={k: base.excluded[k] for k in values})
    return stmt


def student_row(conn: Connection, student_id: str):
    """The student's (name, class_name, team), locking the row on PostgreSQL until commit,
    so one student's writes never interleave."""
    q = _SEL_STUDENT_LOCK if conn.dialect.name == "postgresql" else _SEL_STUDENT
    return conn.execute(q, {"sid": student_id}).first()


def upsert_student(conn: Connection, student: Student) -> None:
    row = student_row(conn, student.id)
    if row is not None and tuple(row) == (student.name, student.class_name, student.team):
        return
    upsert(conn, _S, {"id": student.id}, {
        "name": student.name, "class_name": student.class_name, "team": student.team,
        "updated_at": now()})
    if row is not None and tuple(row)[1:] != (student.class_name, student.team):
        # moved class or team: the ranking rows carry both (a new student has none yet)
        conn.execute(_UPD_BEST_STUDENT, {"sid": student.id, "cls": student.class_name,
                                         "tm": student.team})


def lock_student(conn: Connection, student_id: str) -> bool:
    return student_row(conn, student_id) is not None


def add_attempt(conn: Connection, attempt: NewAttempt, student: Student | None,
                 touched: Touched) -> str:
    """Insert or update one attempt; the best scores it affects are added to ``touched``
    (refresh them with :func:`_refresh` before the transaction ends)."""
    if student is not None:
        if student not in touched.students:  # once per student and transaction
            upsert_student(conn, student)
            touched.students.add(student)
    elif not lock_student(conn, attempt.student_id):
        raise NotFound("err.db_no_student", id=attempt.student_id)
    row = attempt_row(attempt)
    old = conn.execute(_SEL_UID, {"u": attempt.uid}).first()
    if old is not None:
        if old.student_id != attempt.student_id or old.exam_id != attempt.exam_id:
            raise Conflict("err.db_uid_taken", uid=attempt.uid, student=old.student_id)
        if (old.transcript, old.total, old.dimensions, old.flags) == (
                row["transcript"], row["total"], row["dimensions"], row["flags"]):
            return "unchanged"
        conn.execute(_UPD_ATTEMPT, {**row, "_row": old.id})
        status = "updated"
    else:
        conn.execute(_INS_ATTEMPT, row)
        status = "added"
    touched.best.add(("scenario", attempt.scenario_id, attempt.student_id))
    if attempt.exam_id is not None:
        touched.best.add(("exam", attempt.exam_id, attempt.student_id))
    return status


@dataclass
class Touched:
    """What one write transaction changed: students written, best scores to recompute."""

    students: set = field(default_factory=set)
    best: set = field(default_factory=set)


def refresh(conn: Connection, touched: Touched) -> None:
    for kind, scope, student_id in sorted(touched.best):
        if kind == "exam":
            refresh_exam_best(conn, scope, student_id)
        else:
            refresh_scenario_best(conn, scope, student_id)


def _put_best(conn: Connection, kind: str, scope: str, student_id: str, values: dict | None):
    if values is None:
        conn.execute(_DEL_BEST, {"kind": kind, "scope": scope, "sid": student_id})
        return
    _, class_name, team = student_row(conn, student_id)
    upsert(conn, _B, {"scope_kind": kind, "scope_id": scope, "student_id": student_id},
           {**values, "class_name": class_name, "team": team})


def refresh_scenario_best(conn: Connection, scenario_id: str, student_id: str) -> None:
    rows = conn.execute(_SEL_SCENARIO_ROWS, {"sid": student_id, "scope": scenario_id}).all()
    if not rows:
        _put_best(conn, "scenario", scenario_id, student_id, None)
        return
    top = policy.best_attempt(rows)
    _put_best(conn, "scenario", scenario_id, student_id, {
        "score": float(top.total), "time_key": policy.time_key(top.response_time),
        "finished_at": top.finished_at, "attempt_id": top.id, "sitting": None,
        "attempts": len(rows)})


def refresh_exam_best(conn: Connection, exam_id: str, student_id: str) -> None:
    params = {"scope": exam_id, "sid": student_id}
    exam_row = conn.execute(_SEL_EXAM_SCENARIOS, params).first()
    scenarios = json.loads(exam_row.scenarios) if exam_row else []
    rows = conn.execute(_SEL_EXAM_ROWS, params).all()
    adjust = conn.execute(_SEL_ADJUST, params).scalar()
    sittings = policy.exam_sittings(scenarios, rows)
    if not sittings:
        _put_best(conn, "exam", exam_id, student_id, None)
        return
    sitting, top = policy.best_sitting(sittings)
    _put_best(conn, "exam", exam_id, student_id, {
        "score": policy.final_score(top["score"], float(adjust)),
        "time_key": policy.time_key(top["response_time"]), "finished_at": top["finished_at"],
        "attempt_id": None, "sitting": sitting, "attempts": len(sittings)})


def rebuild_best(conn: Connection) -> None:
    """Every best score from the attempts: scenario scope ranked in SQL (the policy's key:
    total desc, untimed last, earlier finish, attempt id), exam scope per student."""
    a, b = schema.attempts, schema.best
    conn.execute(b.delete())
    ranked = select(
        a.c.scenario_id, a.c.student_id, a.c.total, a.c.response_time, a.c.finished_at,
        a.c.id,
        func.row_number().over(partition_by=(a.c.scenario_id, a.c.student_id),
                               order_by=(a.c.total.desc(),
                                         func.coalesce(a.c.response_time, NO_TIME),
                                         a.c.finished_at, a.c.id)).label("rn"),
        func.count().over(partition_by=(a.c.scenario_id, a.c.student_id)).label("n"),
    ).subquery()
    s = schema.students
    pick = (select(func.cast("scenario", b.c.scope_kind.type).label("k"), ranked.c.scenario_id,
                   ranked.c.student_id, s.c.class_name, s.c.team,
                   func.cast(ranked.c.total, b.c.score.type),
                   func.coalesce(ranked.c.response_time, NO_TIME), ranked.c.finished_at,
                   ranked.c.id, ranked.c.n)
            .join(s, s.c.id == ranked.c.student_id).where(ranked.c.rn == 1))
    conn.execute(b.insert().from_select(
        ["scope_kind", "scope_id", "student_id", "class_name", "team", "score", "time_key",
         "finished_at", "attempt_id", "attempts"], pick))
    pairs = conn.execute(select(a.c.exam_id, a.c.student_id).distinct()
                         .where(a.c.exam_id.is_not(None))).all()
    for exam_id, student_id in pairs:
        refresh_exam_best(conn, exam_id, student_id)




def save_exam(conn: Connection, exam_id: str, values: dict) -> None:
    """Register or update an exam; its best scores follow a changed scenario list."""
    old = conn.execute(_SEL_EXAM_SCENARIOS, {"scope": exam_id}).first()
    upsert(conn, _E, {"id": exam_id}, values)
    if old is not None and old.scenarios == values["scenarios"]:
        return  # exam scores depend only on the scenario list
    students = conn.execute(select(_A.c.student_id).distinct()
                            .where(_A.c.exam_id == exam_id)).scalars().all()
    for sid in students:
        refresh_exam_best(conn, exam_id, sid)


def rescore(conn: Connection, r, touched: Touched) -> None:
    """Replace the score of one stored attempt (a :class:`~.records.Rescored`)."""
    row = conn.execute(_SEL_ATTEMPT_KEYS, {"_row": r.attempt_id}).first()
    if row is None:
        raise NotFound("err.db_no_attempt", id=r.attempt_id)
    conn.execute(_RESCORE, {
        "_row": r.attempt_id, "total": int(r.total),
        "dimensions": dumps(r.dimensions), "mistakes": dumps(r.mistakes),
        "outcome_id": r.outcome_id, "outcome_good": r.outcome_good})
    touched.best.add(("scenario", row.scenario_id, row.student_id))
    if row.exam_id is not None:
        touched.best.add(("exam", row.exam_id, row.student_id))


def add_adjustment(conn: Connection, row: dict) -> int:
    """A teacher's adjustment (``row``: the adjustments columns) and the exam's best score it
    changes; the exam and the student must exist."""
    exam_id, student_id = row["exam_id"], row["student_id"]
    if conn.execute(select(schema.exams.c.id)
                    .where(schema.exams.c.id == exam_id)).first() is None:
        raise NotFound("err.db_no_exam", id=exam_id)
    # the student row is locked first, as in add_attempt (one writer per student)
    if not lock_student(conn, student_id):
        raise NotFound("err.db_no_student", id=student_id)
    new_id = conn.execute(schema.adjustments.insert().values(**row)).inserted_primary_key[0]
    refresh_exam_best(conn, exam_id, student_id)
    return int(new_id)


def add_review(conn: Connection, review, rescored) -> int:
    """A review decision (:class:`.reviews.Review`) and, with it, the new scores of the
    attempts it changes."""
    if not lock_student(conn, review.student_id):
        raise NotFound("err.db_no_student", id=review.student_id)
    new_id = reviews.insert(conn, review)
    touched = Touched()
    for r in rescored:
        rescore(conn, r, touched)
    refresh(conn, touched)
    return new_id
