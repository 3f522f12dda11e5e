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


def rule_label(rule: str) -> str:
    """A forbidden-wording rule as a teacher reads it: its kind (``refusal.no_bargain`` ->
    生硬拒绝); a rule id without a known kind stays as it is."""
    from scoring.lexicon import FORBIDDEN_KINDS

    kind = rule.split(".", 1)[0]
    return t(f"rulekind.{kind}") if kind in FORBIDDEN_KINDS else rule


def grade_sheet(book: Gradebook, exam_id: str, class_name: str | None = None,
                deals: dict | None = None, limit: float | None = None,
                paste_cps: float | None = None) -> dict:
    """``deals``: :func:`simulator.metrics.deal_table` of the bank (for 询单转化率 and 客单价);
    ``limit``: the exam's per-reply limit in seconds (for the within-limit share);
    ``paste_cps``: the exam's 粘贴 speed (:mod:`simulator.integrity`; teacher only)."""
    from ..integrity import pasted_of
    from ..metrics import DEFAULT_LIMIT, conversation_of, summarize

    deals = deals or {}
    exam = book.exam(exam_id)
    if exam is None:
        raise KefuError(t("err.db_no_exam", id=exam_id), Exit.NOT_FOUND)
    best = book.best_scores(exam_id=exam_id, class_name=class_name, limit=None)
    by_student: dict[str, list] = {}
    for a in book.best_sitting_attempts(exam_id, class_name):
        by_student.setdefault(a.student_id, []).append(a)
    ranked = {b.student_id for b in best}
    adjustments = [a for a in book.adjustments(exam_id) if a.student_id in ranked]
    adjusted: Counter = Counter()
    for a in adjustments:
        adjusted[a.student_id] += a.points
    order = {sid: i for i, sid in enumerate(exam.scenarios)}
    rows, detail = [], []
    mistakes: Counter = Counter()
    mistake_students: dict[tuple, set] = {}
    counted: dict[str, list] = {}  # class -> its conversations' counts (for the metrics)
    for b in best:
        sid = b.student_id
        mine = sorted(by_student.get(sid, []), key=lambda a: order.get(a.scenario_id, 999))
        talks = [conversation_of(a.summary["timings"], limit, deals.get(a.scenario_id),
                                 a.outcome_id) for a in mine]  # once per attempt: the student's, class's and exam's metrics
        sitting = exam_sittings(exam.scenarios, mine).get(b.sitting, {"score": 0})
        pasted = {a.uid: pasted_of(a.summary["paste"], paste_cps) for a in mine}
        rows.append({
            "rank": b.rank, "student": sid, "name": b.name, "class": b.class_name,
            "team": b.team, "dimensions": {d: _mean([a.dimensions.get(d) for a in mine])
                                           for d in DIMENSIONS},
            "score": round(sitting["score"], 1), "adjustment": round(adjusted[sid], 1),
            "final": b.score, "sitting": b.sitting, "sittings": b.attempts,
            "response_time": b.response_time,
            "flags": sorted({f for a in mine for f in a.flags}),
            "pasted": sum(len(v) for v in pasted.values()),  # replies marked 粘贴
            "metrics": summarize(talks),
        })
        counted.setdefault(b.class_name, []).extend(talks)
        for a in mine:
            detail.append({"student": sid, "name": b.name, "scenario": a.scenario_id,
                           "sitting": a.sitting, "total": a.total, "outcome": a.outcome_id,
                           "good": a.outcome_good, "dimensions": a.dimensions,
                           "response_time": a.response_time, "finished_at": a.finished_at,
                           "flags": a.flags, "pasted": pasted[a.uid]})
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
        "metrics": summarize(c for group in counted.values() for c in group),
        "metrics_limit": DEFAULT_LIMIT if limit is None else limit,
        "class_metrics": {name: summarize(group) for name, group in sorted(counted.items())},
        "histogram": [{"from": lo, "to": hi,
                       "count": sum(1 for f in finals if lo <= f <= hi + 0.99)}
                      for lo, hi in BUCKETS],
        "mistakes": [{"rule": rule, "label": rule_label(rule), "phrase": phrase, "count": n,
                      "students": len(mistake_students[(rule, phrase)])}
                     for (rule, phrase), n in mistakes.most_common(10)],
        "adjustments": [{"student": a.student_id, "points": a.points, "reason": a.reason,
                         "author": a.author, "at": a.created_at} for a in adjustments],
        "detail": detail,
        "reviews": [c for c in comments(book, exam_id) if c["student"] in ranked],
    }
