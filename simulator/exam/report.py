"""One student's report of an exam (``kefu report``): the best sitting, each scenario re-scored
from its text with the exam's judge, the teacher's adjustments and comments, the reply metrics
and the 错题本 items the exam gives, as the :class:`~simulator.report_html.ReportData` that
:func:`~simulator.report_html.render_report` draws. Reads the gradebook; writes only the new
错题本 items; prints nothing.
"""

from __future__ import annotations

from ..metrics import DEFAULT_LIMIT, attempts_metrics, deal_table
from ..practice import draw
from ..report_html import ReportData, ReportItem
from ..review import by_attempt
from ..session import regrade_transcript
from ..stamps import local_time, now
from ..storage import NotFound
from ..storage.policy import best_attempt
from .reviewing import comments


def student_report(book, exam, student_id: str, bank):
    """The best sitting of one student, each scenario re-scored from its text with the exam's
    judge (so every highlighted span is the judge's own), plus the teacher's adjustments."""
    student = book.student(student_id)
    ranked = book.best_scores(exam_id=exam.id, limit=None) if student else []
    best = next((b for b in ranked if b.student_id == student_id), None)
    if best is None:
        raise NotFound("err.report_no_result", student=student_id, exam=exam.id)
    attempts = [a for a in book.attempts(exam_id=exam.id, student_id=student_id,
                                         with_transcripts=True) if a.sitting == best.sitting]
    judge = exam.judge()
    decided = by_attempt(book.reviews(exam.id, student_id=student_id))
    items = []
    for sid in exam.scenario_ids:
        mine = [a for a in attempts if a.scenario_id == sid]
        scenario = bank.get(sid)
        if not mine:
            title = scenario.title if scenario else sid
            items.append(ReportItem({"scenario": {"id": sid, "title": title}, "turns": []},
                                    {"total": 0, "dimensions": {}, "marks": []}))
            continue
        top = best_attempt(mine)
        if scenario is not None and scenario.content_hash == top.scenario_hash:
            score = regrade_transcript(top.transcript, scenario, judge,
                                       decisions=decided.get(top.uid, ())).score
        else:  # the scenario is gone or changed: the stored numbers, without spans
            score = {"total": top.total, "dimensions": top.dimensions, "marks": []}
        items.append(ReportItem(top.transcript, score))
    adjustments = [{"points": a.points, "reason": a.reason, "author": a.author,
                    "at": local_time(a.created_at)}
                   for a in book.adjustments(exam.id, student_id)]
    limit = DEFAULT_LIMIT if exam.per_reply is None else exam.per_reply
    info = {"id": student.id, "name": student.name, "class": student.class_name,
            "team": student.team}
    return ReportData(info, items, {"id": exam.id, "title": exam.title}, adjustments,
                      total=best.score, rank=(best.rank, len(ranked)),
                      metrics=attempts_metrics(attempts, deal_table(bank), limit),
                      metrics_limit=limit, reviews=comments(book, exam.id, student_id),
                      practice=exam_practice(book, exam, student_id, attempts, bank))


def exam_practice(book, exam, student_id: str, attempts, bank) -> list[dict]:
    """The 错题本 items this exam gives the student (added to the book now if new)."""
    book.add_practice_items(draw(attempts, bank, exam.judge(), student_id, created_at=now()))
    return [it.to_json() for it in book.practice_items(student_id, include_done=True)
            if it.exam_id == exam.id]
