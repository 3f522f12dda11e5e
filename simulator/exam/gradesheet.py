"""The grade sheet of one exam: per student and dimension, averages, distribution, common
mistakes, adjustments and per-scenario detail. Plain data for the terminal, JSON and exports.
"""

from __future__ import annotations

from collections import Counter

from scoring.rubric import DIMENSIONS

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from ..storage import Gradebook, exam_sittings

BUCKETS = ((0, 59), (60, 69), (70, 79), (80, 89), (90, 100))


def _mean(values):
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def grade_sheet(book: Gradebook, exam_id: str, class_name: str | None = None,
                deals: dict | None = None, limit: float | None = None) -> dict:
    """``deals``: :func:`simulator.metrics.deal_table` of the bank (for 询单转化率 and 客单价);
    ``limit``: the exam's per-reply limit in seconds (for the within-limit share)."""
    from ..metrics import DEFAULT_LIMIT, attempts_metrics

    deals = deals or {}
    exam = book.exam(exam_id)
    if exam is None:
        raise KefuError(t("err.db_no_exam", id=exam_id), Exit.NOT_FOUND)
    best = {b.student_id: b for b in book.best_scores(exam_id=exam_id, class_name=class_name,
                                                       limit=None)}
    students = {s.id: s for s in book.students()}
    attempts = [a for a in book.attempts(exam_id=exam_id, with_transcripts=True)
                if a.student_id in best]
    adjustments = [a for a in book.adjustments(exam_id) if a.student_id in best]
    rows, detail = [], []
    mistakes: Counter = Counter()
    mistake_students: dict[tuple, set] = {}
    by_student: dict[str, list] = {}
    counted: dict[str, list] = {}  # class -> the best sittings' attempts (for the metrics)
    for a in attempts:
        by_student.setdefault(a.student_id, []).append(a)
    for sid, b in best.items():
        mine = [a for a in by_student.get(sid, []) if a.sitting == b.sitting]
        sitting = exam_sittings(exam.scenarios, mine).get(b.sitting, {"score": 0})
        dims = {d: _mean(a.dimensions.get(d) for a in mine) for d in DIMENSIONS}
        adj = round(sum(a.points for a in adjustments if a.student_id == sid), 1)
        s = students.get(sid)
        rows.append({
            "rank": b.rank, "student": sid, "name": s.name if s else "",
            "class": s.class_name if s else "", "team": s.team if s else "",
            "dimensions": dims, "score": round(sitting["score"], 1), "adjustment": adj,
            "final": b.score, "sitting": b.sitting, "sittings": b.attempts,
            "response_time": b.response_time,
            "flags": sorted({f for a in mine for f in a.flags}),
            "metrics": attempts_metrics(mine, deals, limit),
        })
        counted.setdefault(rows[-1]["class"], []).extend(mine)
        for a in sorted(mine, key=lambda a: exam.scenarios.index(a.scenario_id)
                        if a.scenario_id in exam.scenarios else 999):
            detail.append({"student": sid, "name": rows[-1]["name"], "scenario": a.scenario_id,
                           "sitting": a.sitting, "total": a.total, "outcome": a.outcome_id,
                           "good": a.outcome_good, "dimensions": a.dimensions,
                           "response_time": a.response_time, "finished_at": a.finished_at,
                           "flags": a.flags})
            for m in a.mistakes:
                key = (m["rule"], m["phrase"])
                mistakes[key] += 1
                mistake_students.setdefault(key, set()).add(sid)
    from .reviewing import comments

    finals = [r["final"] for r in rows]
    return {
        "exam": {"id": exam.id, "title": exam.title, "scenarios": exam.scenarios},
        "class": class_name,
        "students": rows,
        "average": {"final": _mean(finals),
                    "dimensions": {d: _mean(r["dimensions"][d] for r in rows)
                                   for d in DIMENSIONS}},
        "metrics": attempts_metrics([a for group in counted.values() for a in group], deals,
                                    limit),
        "metrics_limit": DEFAULT_LIMIT if limit is None else limit,
        "class_metrics": {name: attempts_metrics(group, deals, limit)
                          for name, group in sorted(counted.items())},
        "histogram": [{"from": lo, "to": hi,
                       "count": sum(1 for f in finals if lo <= f <= hi + 0.99)}
                      for lo, hi in BUCKETS],
        "mistakes": [{"rule": rule, "phrase": phrase, "count": n,
                      "students": len(mistake_students[(rule, phrase)])}
                     for (rule, phrase), n in mistakes.most_common(10)],
        "adjustments": [{"student": a.student_id, "points": a.points, "reason": a.reason,
                         "author": a.author, "at": a.created_at} for a in adjustments],
        "detail": detail,
        "reviews": [c for c in comments(book, exam_id) if c["student"] in best],
    }
