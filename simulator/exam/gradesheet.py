"""The grade sheet of one exam: per student and dimension, averages, distribution, common
mistakes, adjustments and per-scenario detail. Plain data for the terminal, JSON and exports.
"""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

from scoring.rubric import DIMENSIONS

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from ..storage import Gradebook
from ..storage.policy import sitting_score

_PLACE = itemgetter(0)
BUCKETS = ((0, 59), (60, 69), (70, 79), (80, 89), (90, 100))
# the keys of a ``detail`` row, in order
DETAIL_KEYS = ("student", "name", "scenario", "sitting", "total", "outcome", "good",
               "dimensions", "response_time", "finished_at", "flags", "pasted")


class Detail:
    """A sheet's ``detail``: one row per conversation, students in rank order, each one's
    conversations in exam order. Kept as the sheet's own records and made into dicts only as
    they are read: a school has 200,000 rows, and ``--json`` writes them straight from
    :meth:`values` (:mod:`.sheetjson`)."""

    def __init__(self) -> None:
        self._students: list[tuple] = []  # (student id, name, [(attempt, 粘贴 replies)])
        self._count = 0

    def add(self, student: str, name: str, conversations: list[tuple]) -> None:
        self._students.append((student, name, conversations))
        self._count += len(conversations)

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        return (dict(zip(DETAIL_KEYS, row, strict=True)) for row in self.values())

    def values(self):
        """Each row's values in :data:`DETAIL_KEYS` order."""
        for student, name, conversations in self._students:
            for a, pasted in conversations:
                yield (student, name, a.scenario_id, a.sitting, a.total, a.outcome_id,
                       a.outcome_good, a.dimensions, a.response_time, a.finished_at, a.flags,
                       pasted)


def _mean(values: list | tuple) -> float | None:
    """The mean of the values that are not None, to one decimal (None: there are none)."""
    if None in values:  # most dimensions are scored in every conversation
        values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def rule_label(rule: str) -> str:
    """A forbidden-wording rule as a teacher reads it: its kind (``refusal.no_bargain`` ->
    生硬拒绝); a rule id without a known kind stays as it is."""
    from scoring.lexicon import FORBIDDEN_KINDS

    kind = rule.split(".", 1)[0]
    return t(f"rulekind.{kind}") if kind in FORBIDDEN_KINDS else rule


def grade_sheet(book: Gradebook, exam_id: str, class_name: str | None = None,
                deals: dict | None = None, limit: float | None = None,
                paste_cps: float | None = None, detail: bool = True) -> dict:
    """``deals``: :func:`simulator.metrics.deal_table` of the bank (for 询单转化率 and 客单价);
    ``limit``: the exam's per-reply limit in seconds (for the within-limit share);
    ``paste_cps``: the exam's 粘贴 speed (:mod:`simulator.integrity`; teacher only);
    ``detail``: the per-conversation rows (JSON, XLSX), else ``detail`` is empty (both a
    :class:`Detail`)."""
    from ..integrity import pasted_of, surely_unpasted
    from ..metrics import (
        DEFAULT_LIMIT,
        conversation_of,
        counts,
        counts_of_facts,
        summarize_counts,
    )

    deals = deals or {}
    exam = book.exam(exam_id)
    if exam is None:
        raise KefuError(t("err.db_no_exam", id=exam_id), Exit.NOT_FOUND)

    best = book.best_scores(exam_id=exam_id, class_name=class_name, limit=None)
    order = {sid: i for i, sid in enumerate(exam.scenarios)}
    # student -> [scenario's place in the exam, attempt, its counts, its 粘贴 replies]
    by_student: dict[str, list] = {}
    unsure = []
    for a in book.sheet_attempts(exam_id, class_name):
        # the service counts and 粘贴 replies from the stored facts, when they can tell
        facts, scenario = a.facts, a.scenario_id
        if facts is None:
            talk = marked = None
        else:
            talk = counts_of_facts(facts[:7], limit, deals.get(scenario), a.outcome_id)
            marked = [] if surely_unpasted(facts[7], paste_cps) else None
        entry = [order.get(scenario, 999), a, talk, marked]
        if talk is None or marked is None:
            unsure.append(entry)
        by_student.setdefault(a.student_id, []).append(entry)
    summaries = book.summaries(entry[1].id for entry in unsure) if unsure else {}
    for entry in unsure:  # else from the summary, as from the transcript
        a, summary = entry[1], summaries[entry[1].id]
        if entry[2] is None:
            entry[2] = counts(conversation_of(summary["timings"], limit,
                                              deals.get(a.scenario_id), a.outcome_id))
        if entry[3] is None:
            entry[3] = pasted_of(summary["paste"], paste_cps)
    ranked = {b.student_id for b in best}
    adjustments = [a for a in book.adjustments(exam_id) if a.student_id in ranked]
    adjusted: Counter = Counter()
    for a in adjustments:
        adjusted[a.student_id] += a.points
    rows, details = [], Detail()
    width, dim_rows = len(DIMENSIONS), {}  # id(scores) -> their values in DIMENSIONS order

    def dim_row(scores: dict) -> tuple:  # attempts with the same scores share one dict
        found = dim_rows.get(id(scores))
        if found is None:
            found = dim_rows[id(scores)] = tuple(scores.get(d) for d in DIMENSIONS)
        return found

    mistakes: Counter = Counter()
    mistake_students: dict[tuple, set] = {}
    marks: dict[int, list] = {}  # id() of a mistakes list -> [it, attempts, students]
    counted: dict[str, list] = {}  # class -> its conversations' counts (for the metrics)
    for b in best:
        sid = b.student_id
        entries = by_student.get(sid, [])
        entries.sort(key=_PLACE)  # in exam order; retakes of a scenario by finish
        mine = [e[1] for e in entries]
        talks = [e[2] for e in entries]  # once per attempt: the student's, class's and exam's
        score = sitting_score(exam.scenarios, mine) if mine else 0  # all of the best sitting
        dims = list(zip(*[dim_row(a.dimensions) for a in mine], strict=True)) or [()] * width
        rows.append({
            "rank": b.rank, "student": sid, "name": b.name, "class": b.class_name,
            "team": b.team, "dimensions": dict(zip(DIMENSIONS, map(_mean, dims), strict=True)),
            "score": round(score, 1), "adjustment": round(adjusted[sid], 1),
            "final": b.score, "sitting": b.sitting, "sittings": b.attempts,
            "response_time": b.response_time,
            "flags": sorted({f for a in mine for f in a.flags}),
            "pasted": sum(len(e[3]) for e in entries),  # replies marked 粘贴
            "metrics": summarize_counts(talks),
        })
        counted.setdefault(b.class_name, []).extend(talks)
        if detail:
            details.add(sid, b.name, [(e[1], e[3]) for e in entries])
        for a in mine:  # counted per list: attempts with the same mistakes share one
            found = marks.get(id(a.mistakes))
            if found is None:
                found = marks[id(a.mistakes)] = [a.mistakes, 0, set()]
            found[1] += 1
            found[2].add(sid)
    for found, n, students in marks.values():  # keys first seen in the same order as before
        for m in found:
            key = (m["rule"], m["phrase"])
            mistakes[key] += n
            mistake_students.setdefault(key, set()).update(students)
    from .reviewing import comments

    finals = [r["final"] for r in rows]
    return {
        "exam": {"id": exam.id, "title": exam.title, "scenarios": exam.scenarios},
        "class": class_name,
        "students": rows,
        "average": {"final": _mean(finals),
                    "dimensions": {d: _mean([r["dimensions"][d] for r in rows])
                                   for d in DIMENSIONS}},
        "metrics": summarize_counts(c for group in counted.values() for c in group),
        "metrics_limit": DEFAULT_LIMIT if limit is None else limit,
        "class_metrics": {name: summarize_counts(group)
                          for name, group in sorted(counted.items())},
        "histogram": [{"from": lo, "to": hi,
                       "count": sum(1 for f in finals if lo <= f <= hi + 0.99)}
                      for lo, hi in BUCKETS],
        "mistakes": [{"rule": rule, "label": rule_label(rule), "phrase": phrase, "count": n,
                      "students": len(mistake_students[(rule, phrase)])}
                     for (rule, phrase), n in mistakes.most_common(10)],
        "adjustments": [{"student": a.student_id, "points": a.points, "reason": a.reason,
                         "author": a.author, "at": a.created_at} for a in adjustments],
        "detail": details,
        "reviews": [c for c in comments(book, exam_id) if c["student"] in ranked],
    }
