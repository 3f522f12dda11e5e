"""A student's progress over their stored attempts (drills and exams): pure functions.

``kefu history`` renders :func:`summarize`'s dict, or prints it as JSON.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable

DIMENSIONS = ("politeness", "forbidden", "resolution", "responsiveness", "outcome")


def summarize(student: dict, attempts: list, suggestion: Callable[[str], str] | None = None,
              top: int = 5, deals: dict | None = None) -> dict:
    """Progress of one student. ``attempts`` are gradebook ``Attempt`` records, oldest first
    (with transcripts, for the service metrics); ``suggestion(rule_id)`` gives the better
    phrasing for a forbidden rule, if known; ``deals``: :func:`simulator.metrics.deal_table`."""
    from .metrics import attempts_metrics

    totals = [a.total for a in attempts]
    dims: dict[str, list[float]] = {}
    for a in attempts:
        for dim, value in a.dimensions.items():
            dims.setdefault(dim, []).append(float(value))
    weakest = sorted(
        ({"dimension": d, "average": round(sum(v) / len(v), 1), "attempts": len(v)}
         for d, v in dims.items()),
        key=lambda item: (item["average"], DIMENSIONS.index(item["dimension"])
                          if item["dimension"] in DIMENSIONS else 99))
    counts: Counter = Counter()
    seen: dict[str, dict] = {}
    for a in attempts:
        for m in a.mistakes:
            phrase = "".join(str(m.get("phrase", "")).split())
            if not phrase:
                continue
            counts[phrase] += 1
            seen.setdefault(phrase, {"rule": m.get("rule", ""), "severity": m.get("severity")})
    frequent = []
    for phrase, count in sorted(counts.items(), key=lambda kv: (
            -kv[1], seen[kv[0]]["severity"] != "major", kv[0]))[:top]:
        info = seen[phrase]
        frequent.append({"phrase": phrase, "count": count, "rule": info["rule"],
                         "severity": info["severity"],
                         "suggestion": (suggestion(info["rule"]) if suggestion else "") or ""})
    return {
        "student": student,
        "count": len(attempts),
        "drills": sum(1 for a in attempts if a.kind == "drill"),
        "exams": sum(1 for a in attempts if a.kind == "exam"),
        "best": max(totals) if totals else None,
        "average": round(sum(totals) / len(totals), 1) if totals else None,
        "trend": trend(totals),
        "attempts": [
            {"finished_at": a.finished_at, "kind": a.kind, "exam_id": a.exam_id,
             "scenario_id": a.scenario_id, "scenario_title": _title(a), "total": a.total,
             "outcome_id": a.outcome_id,
             "outcome_good": a.outcome_good, "response_time": a.response_time}
            for a in attempts
        ],
        "weakest_dimensions": weakest,
        "frequent_forbidden": frequent,
        "metrics": attempts_metrics(attempts, deals or {}),
    }


def _title(attempt) -> str:
    """The scenario's title as the transcript recorded it (no need to load the bank)."""
    scenario = (attempt.transcript or {}).get("scenario")
    title = scenario.get("title") if isinstance(scenario, dict) else None
    return title if isinstance(title, str) and title else attempt.scenario_id


def trend(totals: list[int], window: int = 5) -> float | None:
    """The mean of the last ``window`` scores minus the mean of the ``window`` before them
    (None until there are two windows' worth of attempts)."""
    if len(totals) < 2 * window:
        return None
    recent = totals[-window:]
    before = totals[-2 * window:-window]
    return round(sum(recent) / window - sum(before) / window, 1)


def current_student() -> str:
    """Whose drills are recorded and shown by default: ``KEFU_STUDENT`` (needed when a class
    shares one database through ``KEFU_DB``), else this computer's user."""
    from .errors import KefuError
    from .exam import valid_id
    from .i18n import t
    from .storage import LOCAL_STUDENT

    value = os.environ.get("KEFU_STUDENT", "").strip()
    if not value:
        return LOCAL_STUDENT
    if not valid_id(value):
        raise KefuError(t("err.bad_id", what="KEFU_STUDENT", value=value))
    return value


def drill_student(book):
    """The student a finished drill is recorded for (None: the facade's local user). A known
    student keeps the name and class the gradebook has."""
    from .storage import LOCAL_STUDENT, Student

    student_id = current_student()
    if student_id == LOCAL_STUDENT:
        return None
    return book.student(student_id) or Student(student_id)

