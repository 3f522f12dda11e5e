"""The ranking reads: the maintained best scores in rank order, and the standings as they were
at a past moment (frozen leaderboards). Functions over a connection; the facade
(:class:`~.gradebook.Gradebook`) is the only caller. Order and grades follow :mod:`.policy`.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, bindparam, func, select

from . import policy, schema
from .policy import NO_TIME
from .records import (
    ATTEMPT_FIELDS,
    FACTS,
    Attempt,
    BestScore,
    SheetAttempt,
    TeamScore,
    attempts_of,
)

_A, _S, _B, _J = schema.attempts, schema.students, schema.best, schema.adjustments


def _untimed(time_key) -> float | None:
    return None if time_key >= NO_TIME else float(time_key)


def _in(q, class_name: str | None, limit: int | None):
    if class_name is not None:
        q = q.where(_B.c.class_name == class_name)
    return q if limit is None else q.limit(limit)


def best_scores(conn: Connection, kind: str, scope: str, class_name: str | None,
                limit: int | None, offset: int) -> list[BestScore]:
    q = (select(_B.c.student_id, _S.c.name, _B.c.class_name, _B.c.team, _B.c.score,
                _B.c.time_key, _B.c.finished_at, _B.c.attempts, _B.c.attempt_id, _B.c.sitting)
         .join(_S, _S.c.id == _B.c.student_id)
         .where(_B.c.scope_kind == kind, _B.c.scope_id == scope)
         .order_by(_B.c.score.desc(), _B.c.time_key, _B.c.finished_at, _B.c.student_id)
         .offset(offset))
    return [BestScore(offset + i, sid, name, cls, team, score, _untimed(time_key), finished,
                      count, attempt_id, sitting)
            for i, (sid, name, cls, team, score, time_key, finished, count, attempt_id, sitting)
            in enumerate(conn.execute(_in(q, class_name, limit)).all(), 1)]


def team_scores(conn: Connection, kind: str, scope: str, class_name: str | None,
                limit: int | None) -> list[TeamScore]:
    avg_time = func.avg(_B.c.time_key)
    q = (select(_B.c.team, func.avg(_B.c.score).label("score"),
                func.count().label("members"), avg_time.label("time_key"),
                func.max(_B.c.finished_at).label("finished_at"))
         .where(_B.c.scope_kind == kind, _B.c.scope_id == scope, _B.c.team != "")
         .group_by(_B.c.team)
         .order_by(func.avg(_B.c.score).desc(), avg_time, func.max(_B.c.finished_at), _B.c.team))
    return [TeamScore(rank=i + 1, team=r.team, score=float(r.score), members=r.members,
                      response_time=_untimed(r.time_key), finished_at=r.finished_at)
            for i, r in enumerate(conn.execute(_in(q, class_name, limit)))]


def results_after(conn: Connection, kind: str, scope: str, class_name: str | None,
                  after: str) -> dict[str, int]:
    """Per student: the attempts finished (for an exam, also adjustments made) after ``after``."""
    in_class = [] if class_name is None else [_S.c.class_name == class_name]
    where = [_A.c.exam_id == scope] if kind == "exam" else [_A.c.scenario_id == scope]
    later = dict(conn.execute(
        select(_A.c.student_id, func.count()).select_from(_A.join(_S, _S.c.id == _A.c.student_id))
        .where(*where, *in_class, _A.c.finished_at > after).group_by(_A.c.student_id)).all())
    if kind == "exam":
        for sid, count in conn.execute(
                select(_J.c.student_id, func.count())
                .select_from(_J.join(_S, _S.c.id == _J.c.student_id))
                .where(_J.c.exam_id == scope, *in_class, _J.c.created_at > after)
                .group_by(_J.c.student_id)):
            later[sid] = later.get(sid, 0) + count
    return later


def best_scores_at(conn: Connection, kind: str, scope: str, class_name: str | None, at: str,
                   students: set[str] | None) -> list[BestScore]:
    """Each student's best counting only what finished (adjustments: was made) by ``at``; of
    ``students`` or everyone; unranked (rank 0), in no particular order."""
    if students is not None and not students:
        return []
    cols = (_A.c.student_id, _A.c.sitting, _A.c.scenario_id, _A.c.total, _A.c.response_time,
            _A.c.finished_at, _A.c.id, _S.c.name, _S.c.class_name, _S.c.team)
    where = [_A.c.exam_id == scope] if kind == "exam" else [_A.c.scenario_id == scope]
    if class_name is not None:
        where.append(_S.c.class_name == class_name)
    if students is not None:
        where.append(_A.c.student_id.in_(sorted(students)))
    rows = conn.execute(select(*cols).join(_S, _S.c.id == _A.c.student_id)
                        .where(*where, _A.c.finished_at <= at)).all()
    adjust: dict[str, float] = {}
    scenarios: list[str] = []
    if kind == "exam":
        adj_where = [_J.c.exam_id == scope, _J.c.created_at <= at]
        if students is not None:
            adj_where.append(_J.c.student_id.in_(sorted(students)))
        for sid, points in conn.execute(select(_J.c.student_id, func.sum(_J.c.points))
                                        .where(*adj_where).group_by(_J.c.student_id)):
            adjust[sid] = float(points)
        exam_row = conn.execute(select(schema.exams.c.scenarios)
                                .where(schema.exams.c.id == scope)).first()
        scenarios = json.loads(exam_row.scenarios) if exam_row else []
    by_student: dict[str, list] = {}
    for r in rows:
        by_student.setdefault(r.student_id, []).append(r)
    out = []
    for sid, mine in by_student.items():
        info = mine[0]
        if kind == "exam":
            sittings = policy.exam_sittings(scenarios, mine)
            sitting, top = policy.best_sitting(sittings)
            entry = (policy.final_score(top["score"], adjust.get(sid, 0.0)),
                     top["response_time"], top["finished_at"], None, sitting, len(sittings))
        else:
            top = policy.best_attempt(mine)
            entry = (float(top.total), top.response_time, top.finished_at, top.id, None,
                     len(mine))
        score, time, finished, attempt_id, sitting, count = entry
        out.append(BestScore(rank=0, student_id=sid, name=info.name, class_name=info.class_name,
                             team=info.team, score=score, response_time=time,
                             finished_at=finished, attempts=count, attempt_id=attempt_id,
                             sitting=sitting))
    return out


# what a grade sheet reads of an attempt besides its id, student and finish (the covering
# index of migration 8 holds them all)
SHEET_COLUMNS = ("sitting", "scenario_id", "total", "dimensions", "mistakes", "flags",
                 "outcome_id", "outcome_good", "response_time", *FACTS)
_SHEET = [_A.c[name] for name in ("id", "student_id", "finished_at", *SHEET_COLUMNS)]
_TIMED = FACTS.index("timed_turns")  # None: the facts were never filled in


class _Parsed(dict):
    def __missing__(self, text: str):
        value = self[text] = json.loads(text)
        return value


def sheet_attempts(conn: Connection, exam_id: str, class_name: str | None) -> list[SheetAttempt]:
    best = select(_B.c.student_id, _B.c.sitting).where(_B.c.scope_kind == "exam",
                                                        _B.c.scope_id == exam_id)
    if class_name is not None:
        best = best.where(_B.c.class_name == class_name)
    sitting = dict(conn.execute(best).all()).get
    q = (select(*_SHEET).where(_A.c.exam_id == exam_id)
         .order_by(_A.c.student_id, _A.c.finished_at, _A.c.id))
    parsed = _Parsed()  # scores, mistakes and flags repeat: each text is parsed once
    new = SheetAttempt._make
    # the best sitting is picked here rather than by a join: one index scan, no lookups
    return [new((id_, sid, n, scenario, total, parsed[dims], parsed[mistakes], parsed[flags],
                 outcome, good, time, finished, None if facts[_TIMED] is None else tuple(facts)))
            for id_, sid, finished, n, scenario, total, dims, mistakes, flags, outcome, good, time,
            *facts in conn.execute(q).all() if sitting(sid) == n]


def summaries(conn: Connection, attempt_ids) -> dict[int, dict]:
    ids, out = sorted(attempt_ids), {}
    for i in range(0, len(ids), 500):
        for id_, summary in conn.execute(select(_A.c.id, _A.c.summary)
                                         .where(_A.c.id.in_(ids[i:i + 500]))):
            out[id_] = json.loads(summary)
    return out


def change_token(conn: Connection) -> tuple:
    a = conn.execute(select(func.count(), func.max(_A.c.id))).one()
    j = conn.execute(select(func.count(), func.max(_J.c.id))).one()
    b = conn.execute(select(func.sum(_B.c.score))).scalar()
    return (tuple(a), tuple(j), b)


def attempts(conn: Connection, cache: dict, filters: dict, with_transcripts: bool,
             limit: int | None) -> list[Attempt]:
    """Stored attempts, oldest finish first, filtered by the ``filters`` that are not None;
    each shape of query is built once and kept in ``cache`` (the gradebook's)."""
    given = tuple(k for k, v in filters.items() if v is not None)
    key = (given, with_transcripts, limit is not None)
    q = cache.get(key)
    if q is None:
        q = select(*attempt_columns(with_transcripts)).order_by(_A.c.finished_at, _A.c.id)
        if "class_name" in given:
            q = q.join(_S, _S.c.id == _A.c.student_id).where(
                _S.c.class_name == bindparam("class_name"))
        for name in given:
            if name != "class_name":
                q = q.where(_A.c[name] == bindparam(name))
        if limit is not None:
            q = q.limit(bindparam("limit"))
        cache[key] = q
    params = {k: filters[k] for k in given} | ({"limit": limit} if limit is not None else {})
    return attempts_of(conn.execute(q, params))


def attempt_columns(with_transcripts: bool) -> list:
    """The attempts' columns in :data:`~.records.ATTEMPT_FIELDS` order (for attempt_of)."""
    return [_A.c[name] for name in ATTEMPT_FIELDS if with_transcripts or name != "transcript"]
