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

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..errors import KefuError
from ..i18n import t
from . import policy
from .errors import NotFound
from .policy import NO_TIME
from .records import BestScore, TeamScore, now, stamp

if TYPE_CHECKING:  # the facade imports SQLAlchemy: a board read by quickread never does
    from .gradebook import Gradebook


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
        return stamp(when)  # ValueError too when it cannot be told in UTC (year 1, +05:00)
    except ValueError:
        raise KefuError(t("err.bad_freeze", value=value)) from None


# ---- boards -----------------------------------------------------------------------------------
def board(book: Gradebook, query: Query, at: str | None = None) -> Board:
    """The board for ``query`` as it stands at ``at`` (stored-form time; default now)."""
    at = at or now()
    kind, scope = query.scope
    title = scope
    if kind == "exam":
        exam = book.exam(scope)
        if exam is None:
            raise NotFound("err.db_no_exam", id=scope)
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


FULL_RESCAN = 500  # more students than this changed after the freeze: recompute everyone


def _frozen_bests(book: Gradebook, query: Query) -> tuple[list[BestScore], int]:
    """The students' bests at ``query.freeze_at``, ranked (a student board needs only its top
    N; a team board gets everyone), and how many results came later.

    A student with nothing after the freeze keeps the maintained best row; only the students
    with later attempts (or, for an exam, later adjustments) are recomputed from their attempts.
    """
    scope = {"exam_id": query.exam_id, "scenario_id": query.scenario_id,
             "class_name": query.class_name}
    later = book.results_after(query.freeze_at, **scope)
    changed = set(later)
    if len(changed) > FULL_RESCAN:
        rows = book.best_scores_at(query.freeze_at, **scope)
    else:
        limit = None if query.team else query.top + len(changed)
        live = book.best_scores(**scope, limit=limit)
        rows = [r for r in live if r.student_id not in changed] + \
            book.best_scores_at(query.freeze_at, **scope, students=changed)
    rows.sort(key=lambda b: policy.rank_key(b.score, b.response_time, b.finished_at,
                                            b.student_id))
    return [_ranked(b, i + 1) for i, b in enumerate(rows)], sum(later.values())


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
        score, time_key, finished = policy.team_entry(members)
        rows.append((policy.rank_key(score, time_key, finished, team), team, score,
                     len(members), time_key, finished))
    rows.sort()
    return [TeamScore(rank=i + 1, team=team, score=score, members=n,
                      response_time=None if time_key >= NO_TIME else time_key,
                      finished_at=finished)
            for i, (_key, team, score, n, time_key, finished) in enumerate(rows)]
