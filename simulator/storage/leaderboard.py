"""Leaderboards over the gradebook: live boards, boards frozen at a moment, one watch frame.

Live boards read the facade's maintained ``best_scores`` table (:meth:`Gradebook.best_scores`,
:meth:`Gradebook.team_scores`). A *frozen* board shows the standings as they were at the
freeze moment, like a contest scoreboard in its last hour: only attempts that finished at or
before it count (and, for exams, only adjustments made by then); what came later is counted as
``hidden`` but not shown. Order everywhere: score desc, lower response time (untimed last),
earlier finish, then student id (teams: team name).

Library code: nothing here prints. Times are the gradebook's stored form (UTC, fixed width).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..errors import KefuError
from ..i18n import t
from . import schema
from .gradebook import (
    BestScore,
    Gradebook,
    NotFound,
    TeamScore,
    _domain_errors,
    _time_key,
    exam_sittings,
    final_score,
    now,
    stamp,
)
from .schema import NO_TIME


@dataclass(frozen=True)
class Query:
    """What a board shows: exactly one of ``exam_id``/``scenario_id``."""

    exam_id: str | None = None
    scenario_id: str | None = None
    class_name: str | None = None
    team: bool = False
    top: int = 20
    freeze_at: str | None = None  # stored-form UTC time; None = never frozen

    @property
    def scope(self) -> tuple[str, str]:
        return ("exam", self.exam_id) if self.exam_id is not None else \
            ("scenario", self.scenario_id)

    def frozen_at(self, at: str) -> bool:
        """Has the freeze moment passed at ``at`` (stored-form time)?"""
        return self.freeze_at is not None and self.freeze_at < at


@dataclass
class Board:
    query: Query
    title: str
    rows: list  # BestScore or TeamScore, in rank order
    frozen: bool = False  # the freeze moment has passed: rows are the standings at freeze_at
    hidden: int = 0  # attempts (and adjustments) after the freeze moment, not shown
    generated_at: str = ""
    changes: dict[str, str] = field(default_factory=dict)  # row key -> "new" | "up" | "down"
    token: tuple | None = None  # the gradebook's change token the rows were read at (watch)

    def to_json(self) -> dict:
        kind, scope = self.query.scope
        return {
            "scope": {"kind": kind, "id": scope, "title": self.title},
            "class": self.query.class_name,
            "team": self.query.team,
            "top": self.query.top,
            "freeze_at": self.query.freeze_at,
            "frozen": self.frozen,
            "hidden": self.hidden,
            "generated_at": self.generated_at,
            "rows": [row_json(r) for r in self.rows],
        }


def row_key(row) -> str:
    return row.team if isinstance(row, TeamScore) else row.student_id


def row_json(row) -> dict:
    if isinstance(row, TeamScore):
        data = asdict(row)
    else:
        data = {k: getattr(row, k) for k in ("rank", "student_id", "name", "class_name", "team",
                                              "score", "response_time", "finished_at",
                                              "attempts")}
    data["score"] = round(float(data["score"]), 1)
    if data["response_time"] is not None:
        data["response_time"] = round(float(data["response_time"]), 1)
    return data


# ---- the --freeze option ----------------------------------------------------------------------
def parse_freeze(value: str, moment: datetime | None = None) -> str:
    """``--freeze`` as a stored-form UTC time.

    ``N`` (minutes, may be decimal): N minutes from now; ``HH:MM``: today at that local time;
    an ISO date-time (``2026-06-01T10:30``, local time unless it names its zone).
    Raises :class:`KefuError` (bad input) otherwise.
    """
    moment = moment or datetime.now().astimezone()
    text = value.strip()
    try:
        minutes = float(text)
    except ValueError:
        minutes = None
    if minutes is not None:
        if not 0 <= minutes <= 7 * 24 * 60:
            raise KefuError(t("err.bad_freeze", value=value))
        return stamp(moment + timedelta(minutes=minutes))
    try:
        if len(text) <= 5 and ":" in text:
            hour, minute = (int(p) for p in text.split(":"))
            when = moment.replace(hour=hour, minute=minute, second=0, microsecond=0)
        else:
            when = datetime.fromisoformat(text)
            if when.tzinfo is None:
                when = when.replace(tzinfo=moment.tzinfo)
    except ValueError:
        raise KefuError(t("err.bad_freeze", value=value)) from None
    return stamp(when)


# ---- boards -----------------------------------------------------------------------------------
def board(book: Gradebook, query: Query, at: str | None = None) -> Board:
    """The board for ``query`` as it stands at ``at`` (stored-form time; default now)."""
    at = at or now()
    kind, scope = query.scope
    title = scope
    if kind == "exam":
        exam = book.exam(scope)
        if exam is None:
            raise NotFound(t("err.db_no_exam", id=scope))
        title = exam.title or scope
    frozen = query.frozen_at(at)
    if not frozen:
        if query.team:
            rows = book.team_scores(query.exam_id, query.scenario_id, query.class_name,
                                    limit=query.top)
        else:
            rows = book.best_scores(query.exam_id, query.scenario_id, query.class_name,
                                    limit=query.top)
        return Board(query, title, rows, generated_at=at)
    students, hidden = _frozen_bests(book, query)
    rows = _team_rows(students) if query.team else students
    return Board(query, title, rows[:query.top], frozen=True, hidden=hidden, generated_at=at)


def next_frame(book: Gradebook, query: Query, previous: Board | None,
               at: str | None = None) -> Board:
    """One refresh of ``--watch``: the board now, with the rows that are new or moved since
    ``previous`` marked in ``changes`` (so the view can highlight them). When nothing changed,
    the marks of the last change stay, so a change stays visible until the next one."""
    at = at or now()
    token = book.change_token()
    frozen = query.frozen_at(at)
    if previous is not None and previous.token == token and previous.frozen == frozen:
        # nothing was written since: skip the query (a frozen board can cost a second)
        return replace(previous, generated_at=at)
    current = board(book, query, at)
    current.token = token
    if previous is not None and _standing(previous) == _standing(current):
        current.changes = dict(previous.changes)
    elif previous is not None:
        before = {row_key(r): r.rank for r in previous.rows}
        for r in current.rows:
            old = before.get(row_key(r))
            if old is None:
                current.changes[row_key(r)] = "new"
            elif r.rank < old:
                current.changes[row_key(r)] = "up"
            elif r.rank > old:
                current.changes[row_key(r)] = "down"
    return current


def _standing(result: Board) -> list:
    return [(row_key(r), r.rank, r.score) for r in result.rows]


def _sort_key(score: float, time_key: float, finished_at: str, name: str):
    return (-score, time_key, finished_at, name)


FULL_RESCAN = 500  # more students than this changed after the freeze: recompute everyone


@_domain_errors
def _frozen_bests(book: Gradebook, query: Query) -> tuple[list[BestScore], int]:
    """The students' bests at ``query.freeze_at``, ranked (a student board needs only its top
    N; a team board gets everyone), and how many results came later.

    A student with nothing after the freeze keeps the maintained best row; only the students
    with later attempts (or, for an exam, later adjustments) are recomputed from their attempts.
    """
    a, s, j = schema.attempts, schema.students, schema.adjustments
    kind, scope = query.scope
    cutoff = query.freeze_at
    where = [a.c.exam_id == scope] if kind == "exam" else [a.c.scenario_id == scope]
    in_class = [] if query.class_name is None else [s.c.class_name == query.class_name]
    with book.engine.connect() as conn:
        later = dict(conn.execute(
            select(a.c.student_id, func.count()).select_from(a.join(s, s.c.id == a.c.student_id))
            .where(*where, *in_class, a.c.finished_at > cutoff).group_by(a.c.student_id)).all())
        hidden = sum(later.values())
        if kind == "exam":
            for sid, count in conn.execute(
                    select(j.c.student_id, func.count())
                    .select_from(j.join(s, s.c.id == j.c.student_id))
                    .where(j.c.exam_id == scope, *in_class, j.c.created_at > cutoff)
                    .group_by(j.c.student_id)):
                later[sid] = later.get(sid, 0) + count
                hidden += count
    changed = set(later)
    if len(changed) > FULL_RESCAN:
        rows = _recompute(book, query, None)
    else:
        limit = None if query.team else query.top + len(changed)
        live = book.best_scores(query.exam_id, query.scenario_id, query.class_name, limit=limit)
        rows = [r for r in live if r.student_id not in changed] + \
            _recompute(book, query, changed)
    rows.sort(key=lambda b: _sort_key(b.score, _time_key(b.response_time), b.finished_at,
                                      b.student_id))
    return [_ranked(b, i + 1) for i, b in enumerate(rows)], hidden


def _recompute(book: Gradebook, query: Query, students: set[str] | None) -> list[BestScore]:
    """Best results at the freeze moment from the attempts (of ``students``, or everyone)."""
    if students is not None and not students:
        return []
    a, s, j = schema.attempts, schema.students, schema.adjustments
    kind, scope = query.scope
    cutoff = query.freeze_at
    cols = (a.c.student_id, a.c.sitting, a.c.scenario_id, a.c.total, a.c.response_time,
            a.c.finished_at, a.c.id, s.c.name, s.c.class_name, s.c.team)
    where = [a.c.exam_id == scope] if kind == "exam" else [a.c.scenario_id == scope]
    if query.class_name is not None:
        where.append(s.c.class_name == query.class_name)
    if students is not None:
        where.append(a.c.student_id.in_(sorted(students)))
    with book.engine.connect() as conn:
        rows = conn.execute(select(*cols).join(s, s.c.id == a.c.student_id)
                            .where(*where, a.c.finished_at <= cutoff)).all()
        adjust: dict[str, float] = {}
        scenarios: list[str] = []
        if kind == "exam":
            adj_where = [j.c.exam_id == scope, j.c.created_at <= cutoff]
            if students is not None:
                adj_where.append(j.c.student_id.in_(sorted(students)))
            for sid, points in conn.execute(select(j.c.student_id, func.sum(j.c.points))
                                            .where(*adj_where).group_by(j.c.student_id)):
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
            sittings = exam_sittings(scenarios, mine)
            sitting, top = min(sittings.items(), key=lambda kv: (
                -kv[1]["score"], _time_key(kv[1]["response_time"]), kv[1]["finished_at"], kv[0]))
            score = final_score(top["score"], adjust.get(sid, 0.0))
            entry = (score, top["response_time"], top["finished_at"], None, sitting,
                     len(sittings))
        else:
            top = min(mine, key=lambda r: (-r.total, _time_key(r.response_time), r.finished_at,
                                           r.id))
            entry = (float(top.total), top.response_time, top.finished_at, top.id, None,
                     len(mine))
        score, time, finished, attempt_id, sitting, count = entry
        out.append(BestScore(rank=0, student_id=sid, name=info.name, class_name=info.class_name,
                             team=info.team, score=score, response_time=time,
                             finished_at=finished, attempts=count, attempt_id=attempt_id,
                             sitting=sitting))
    return out


def _ranked(row: BestScore, rank: int) -> BestScore:
    return replace(row, rank=rank)


def _team_rows(students: list[BestScore]) -> list[TeamScore]:
    """Teams by the average of their members' best scores (as :meth:`Gradebook.team_scores`)."""
    teams: dict[str, list[BestScore]] = {}
    for b in students:
        if b.team:
            teams.setdefault(b.team, []).append(b)
    rows = []
    for team, members in teams.items():
        score = sum(m.score for m in members) / len(members)
        time_key = sum(_time_key(m.response_time) for m in members) / len(members)
        finished = max(m.finished_at for m in members)
        rows.append((_sort_key(score, time_key, finished, team), team, score, len(members),
                     time_key, finished))
    rows.sort()
    return [TeamScore(rank=i + 1, team=team, score=score, members=n,
                      response_time=None if time_key >= NO_TIME else time_key,
                      finished_at=finished)
            for i, (_key, team, score, n, time_key, finished) in enumerate(rows)]
