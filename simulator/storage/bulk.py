"""Many students' attempts in one write transaction: the write path of ``kefu exam collect``.

A *group* is one result file: a student and that student's attempts. Each group is decided as
:meth:`Gradebook.add_attempts <.gradebook.Gradebook.add_attempts>` decides one (the same
"added" / "updated" / "unchanged" per attempt, the same :class:`~.errors.Conflict` when a
transcript id belongs to another student or exam, and then nothing of that group is written),
but with a handful of statements per batch instead of ~25 per file: the stored rows of every
uid in the batch and the students are read with ``IN (...)``, students, attempts and best
scores are written with executemany, and the best scores are recomputed, with the policy's
functions, from one read of the touched students' rows.

Runs inside the caller's transaction (:meth:`Gradebook._write`); the facade is the only
caller. A constraint a concurrent writer broke between the reads and the writes surfaces as
the driver's IntegrityError: the facade then writes the batch group by group instead.
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import Connection, func, select

from . import pgrows, policy, schema
from .errors import Conflict
from .records import NewAttempt, Student, attempt_row, now
from .writes import _INS_ATTEMPT, _UPD_ATTEMPT, _UPD_BEST_STUDENT, upsert_many

_A, _S, _B, _E, _J = (schema.attempts, schema.students, schema.best, schema.exams,
                      schema.adjustments)
CHUNK = 500  # values per IN (...): well under SQLite's and PostgreSQL's parameter limits
Group = tuple[list[NewAttempt], Student]


def _chunks(values: list) -> list[list]:
    return [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]


def add_groups(conn: Connection, groups: list[Group]) -> list[list[str] | Conflict]:
    """Write every group that does not conflict; per group its statuses or its Conflict."""
    pg = conn.dialect.name == "postgresql"
    uids = sorted({a.uid for attempts, _ in groups for a in attempts})
    stored = {}
    for chunk in _chunks(uids):
        for r in conn.execute(select(_A.c.id, _A.c.uid, _A.c.student_id, _A.c.exam_id,
                                     _A.c.transcript, _A.c.total, _A.c.dimensions, _A.c.flags)
                              .where(_A.c.uid.in_(chunk))):
            stored[r.uid] = r
    known: dict[str, tuple] = {}  # student id -> (name, class_name, team) as stored
    for chunk in _chunks(sorted({s.id for _, s in groups})):
        q = select(_S.c.id, _S.c.name, _S.c.class_name, _S.c.team).where(_S.c.id.in_(chunk))
        if pg:  # one writer per student, as writes.student_row; locked in id order
            q = q.order_by(_S.c.id).with_for_update()
        for r in conn.execute(q):
            known[r.id] = (r.name, r.class_name, r.team)

    results: list[list[str] | Conflict] = []
    new: dict[str, tuple[str, str | None, dict]] = {}  # uid -> (student, exam, row) this batch
    updates: list[dict] = []
    students: dict[str, Student] = {}  # written in this batch
    moved: list[dict] = []
    touched: set[tuple[str, str, str]] = set()
    for attempts, student in groups:
        conflict = _conflict(attempts, stored, new)
        if conflict is not None:
            results.append(conflict)
            continue
        if student.id not in students:
            students[student.id] = student
            row = known.get(student.id)
            if row is not None and row[1:] != (student.class_name, student.team):
                moved.append({"sid": student.id, "cls": student.class_name,
                              "tm": student.team})
        statuses = []
        for a in attempts:
            row = attempt_row(a)
            old = stored.get(a.uid)
            if a.uid in new:  # the same transcript twice in one group: the later one counts
                statuses.append("updated")
            elif old is not None:
                if (old.transcript, old.total, old.dimensions, old.flags) == (
                        row["transcript"], row["total"], row["dimensions"], row["flags"]):
                    statuses.append("unchanged")
                    continue
                updates.append({**row, "_row": old.id})
                statuses.append("updated")
            else:
                statuses.append("added")
            if old is None:
                new[a.uid] = (a.student_id, a.exam_id, row)
            touched.add(("scenario", a.scenario_id, a.student_id))
            if a.exam_id is not None:
                touched.add(("exam", a.exam_id, a.student_id))
        results.append(statuses)

    # rows are written in key order, as they were locked: concurrent batches never deadlock
    changed = sorted((s for s in students.values()
                      if known.get(s.id) != (s.name, s.class_name, s.team)), key=lambda s: s.id)
    if changed:
        stamp = now()
        _upsert(conn, _S, ("id",), ("name", "class_name", "team", "updated_at"), [
            {"id": s.id, "name": s.name, "class_name": s.class_name, "team": s.team,
             "updated_at": stamp} for s in changed])
    if moved:
        conn.execute(_UPD_BEST_STUDENT, sorted(moved, key=lambda m: m["sid"]))
    if new:
        rows = [row for _, _, row in new.values()]
        if pg:
            pgrows.copy_rows(conn, _A, rows)
        else:
            conn.execute(_INS_ATTEMPT, rows)
    if updates:
        conn.execute(_UPD_ATTEMPT, updates)
    if touched:
        placing = {sid: (s.class_name, s.team) for sid, s in students.items()}
        _refresh(conn, touched, placing)
    return results


def _upsert(conn: Connection, table, key: tuple, values: tuple, rows: list[dict]) -> None:
    """:func:`.writes.upsert_many`; on PostgreSQL one statement (:mod:`.pgrows`: the rows'
    keys are unique here, as one statement needs)."""
    if pgrows.is_pg(conn):
        pgrows.upsert_rows(conn, table, key, values, rows)
    else:
        upsert_many(conn, table, key, values, rows)


def attempt_or_conflict(add_attempts, group: Group) -> list[str] | Conflict:
    """One group through ``add_attempts`` (the facade's, its own transaction)."""
    attempts, student = group
    try:
        return add_attempts([(a, student) for a in attempts])
    except Conflict as exc:
        return exc


def _conflict(attempts: list[NewAttempt], stored: dict, new: dict) -> Conflict | None:
    """The group's first transcript id stored (or written earlier in this batch) for another
    student or exam: the Conflict :func:`.writes.add_attempt` raises."""
    for a in attempts:
        old = stored.get(a.uid)
        owner = (old.student_id, old.exam_id) if old is not None else new.get(a.uid, (None,))[:2]
        if owner[0] is not None and owner != (a.student_id, a.exam_id):
            return Conflict("err.db_uid_taken", uid=a.uid, student=owner[0])
    return None


def _refresh(conn: Connection, touched: set[tuple[str, str, str]],
             placing: dict[str, tuple[str, str]]) -> None:
    """The best scores of ``touched`` (kind, scope, student), as :func:`.writes.refresh`
    computes them one by one: every touched student's rows read at once."""
    by_kind: dict[str, dict[str, set[str]]] = {"scenario": defaultdict(set),
                                               "exam": defaultdict(set)}
    for kind, scope, sid in touched:
        by_kind[kind][scope].add(sid)
    put: list[dict] = []
    gone: list[tuple[str, str, str]] = []
    scenario_students = sorted({sid for s in by_kind["scenario"].values() for sid in s})
    rows = defaultdict(list)
    for chunk in _chunks(scenario_students):
        for r in conn.execute(select(_A.c.id, _A.c.student_id, _A.c.scenario_id, _A.c.total,
                                     _A.c.response_time, _A.c.finished_at)
                              .where(_A.c.student_id.in_(chunk))):
            rows[(r.scenario_id, r.student_id)].append(r)
    for scope, sids in by_kind["scenario"].items():
        for sid in sids:
            found = rows.get((scope, sid))
            if not found:
                gone.append(("scenario", scope, sid))
                continue
            top = policy.best_attempt(found)
            put.append({"scope_kind": "scenario", "scope_id": scope, "student_id": sid,
                        "score": float(top.total), "time_key": policy.time_key(top.response_time),
                        "finished_at": top.finished_at, "attempt_id": top.id, "sitting": None,
                        "attempts": len(found)})
    for exam_id, sids in by_kind["exam"].items():
        put += _exam_best(conn, exam_id, sorted(sids), gone)
    for row in put:
        row["class_name"], row["team"] = placing[row["student_id"]]
    if put:
        put.sort(key=lambda r: (r["scope_kind"], r["scope_id"], r["student_id"]))
        _upsert(conn, _B, ("scope_kind", "scope_id", "student_id"),
                    ("score", "time_key", "finished_at", "attempt_id", "sitting", "attempts",
                     "class_name", "team"), put)
    for kind, scope, sid in gone:  # nothing left to rank (not reached by adding attempts)
        conn.execute(_B.delete().where(_B.c.scope_kind == kind, _B.c.scope_id == scope,
                                       _B.c.student_id == sid))


def _exam_best(conn: Connection, exam_id: str, sids: list[str], gone: list) -> list[dict]:
    """The exam-scope best rows of ``sids`` (:func:`.writes.refresh_exam_best`'s values)."""
    exam_row = conn.execute(select(_E.c.scenarios).where(_E.c.id == exam_id)).first()
    scenarios = json.loads(exam_row.scenarios) if exam_row else []
    rows, adjust = defaultdict(list), defaultdict(float)
    for chunk in _chunks(sids):
        for r in conn.execute(select(_A.c.student_id, _A.c.sitting, _A.c.scenario_id,
                                     _A.c.total, _A.c.response_time, _A.c.finished_at)
                              .where(_A.c.exam_id == exam_id, _A.c.student_id.in_(chunk))):
            rows[r.student_id].append(r)
        adjust.update(conn.execute(
            select(_J.c.student_id, func.sum(_J.c.points))
            .where(_J.c.exam_id == exam_id, _J.c.student_id.in_(chunk))
            .group_by(_J.c.student_id)).all())
    out = []
    for sid in sids:
        sittings = policy.exam_sittings(scenarios, rows.get(sid, ()))
        if not sittings:
            gone.append(("exam", exam_id, sid))
            continue
        sitting, top = policy.best_sitting(sittings)
        out.append({"scope_kind": "exam", "scope_id": exam_id, "student_id": sid,
                    "score": policy.final_score(top["score"], float(adjust.get(sid, 0.0))),
                    "time_key": policy.time_key(top["response_time"]),
                    "finished_at": top["finished_at"], "attempt_id": None, "sitting": sitting,
                    "attempts": len(sittings)})
    return out
