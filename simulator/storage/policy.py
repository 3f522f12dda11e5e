"""The grading policy, in one place: how attempts become a grade and how results are ranked.

Pure functions over plain values (no database): the gradebook's maintained best scores, the
frozen leaderboards, the grade sheet and the student report all use these, and the SQL that
ranks inside the database (``Gradebook.best_scores``, the best-score rebuild) orders by the
same key.

- **Ranking key** (:func:`rank_key`): higher score first, then lower total response time
  (untimed last: :data:`NO_TIME`), then earlier finish, then the name (student id, team name,
  attempt id or sitting number) so the order is total.
- **Scenario scope**: a student's best single attempt (:func:`best_attempt`).
- **Exam scope**: a sitting scores the mean of its best total per scenario over the exam's
  scenario list, a missing scenario counting 0 (:func:`exam_sittings`); the best sitting
  (:func:`best_sitting`) plus the teacher's adjustments, clamped to 0-100 and rounded to one
  decimal, is the grade (:func:`final_score`).
- **Teams**: the average of their members' best scores and times; the latest finish.
"""

from __future__ import annotations

NO_TIME = 1e12  # the time key of an untimed result: sorts after every timed one


def time_key(response_time) -> float:
    return NO_TIME if response_time is None else float(response_time)


def rank_key(score: float, response_time, finished_at: str, name):
    """Sort ascending by this to rank (``response_time`` may be None or a time key)."""
    return (-score, time_key(response_time), finished_at, name)


def best_attempt(rows):
    """The best of one student's attempts at one scenario (``total``, ``response_time``,
    ``finished_at``, ``id``), or None when there are none."""
    return min(rows, key=lambda r: rank_key(r.total, r.response_time, r.finished_at, r.id),
               default=None)


def exam_sittings(scenarios: list[str], rows) -> dict[int, dict]:
    """Per sitting: the mean over the exam's scenarios (a missing one counts 0), the summed
    response time (None if any reply was untimed) and the last finish.

    ``rows`` have ``sitting``, ``scenario_id``, ``total``, ``response_time``, ``finished_at``.
    """
    by_sitting: dict[int, list] = {}
    for r in rows:
        by_sitting.setdefault(r.sitting, []).append(r)
    out = {}
    for sitting, mine in by_sitting.items():
        time = 0.0
        for r in mine:
            time = None if time is None or r.response_time is None else time + r.response_time
        out[sitting] = {"score": sitting_score(scenarios, mine), "response_time": time,
                        "finished_at": max(r.finished_at for r in mine)}
    return out


def sitting_score(scenarios: list[str], rows) -> float:
    """One sitting's score: the mean of its best total per scenario over ``scenarios`` (a
    missing one counts 0; no list: the scenarios it has). ``rows``: one sitting's, not empty."""
    totals: dict[str, int] = {}
    for r in rows:
        previous = totals.get(r.scenario_id)
        if previous is None or r.total > previous:
            totals[r.scenario_id] = r.total
    wanted = scenarios or sorted(totals)
    return sum(totals.get(sid, 0) for sid in wanted) / len(wanted)


def best_sitting(sittings: dict[int, dict]) -> tuple[int, dict] | None:
    """The best ``(sitting, entry)`` of :func:`exam_sittings`, or None when there is none."""
    return min(sittings.items(), default=None, key=lambda kv: rank_key(
        kv[1]["score"], kv[1]["response_time"], kv[1]["finished_at"], kv[0]))


def final_score(score: float, adjustment_points: float) -> float:
    """Exam grade: best sitting + adjustments, clamped to 0-100, one decimal."""
    return round(max(0.0, min(100.0, score + adjustment_points)), 1)


def team_entry(members) -> tuple[float, float, str]:
    """A team's (score, time key, finished_at) from its members' best results (``score``,
    ``response_time``, ``finished_at``): the averages and the latest finish."""
    score = sum(m.score for m in members) / len(members)
    time = sum(time_key(m.response_time) for m in members) / len(members)
    return score, time, max(m.finished_at for m in members)
