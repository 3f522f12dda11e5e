"""``kefu report EXAM STUDENT --html FILE``: one student's feedback page for an exam."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from .common import (
    DbOption,
    emit_json,
    handles_errors,
    open_gradebook,
    resolve_exam,
    scenario_bank,
)
from .root import app
from .scenarios import ScenarioDirs


@app.command("report", help=t("report.help"))
@handles_errors
def report_cmd(
    exam_ref: str = typer.Argument(..., metavar="EXAM", help=t("arg.exam_ref")),
    student_id: str = typer.Argument(..., metavar="STUDENT", help=t("arg.student_id")),
    html_file: str = typer.Option(..., "--html", metavar="FILE", help=t("report.opt.html")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    db: str = DbOption,
    dirs: list[str] = ScenarioDirs,
) -> None:
    from ..files import atomic_write_text
    from ..report_html import render_report

    bank = scenario_bank(dirs)
    with open_gradebook(db, create=False) as book:
        exam = resolve_exam(book, exam_ref, bank)
        data = student_report(book, exam, student_id, bank)
    page = render_report(data, major_points=exam.judge().rubric.major)
    if Path(html_file).is_dir():
        raise KefuError(t("err.report_write", path=html_file, why=t("err.is_a_folder")))
    try:
        atomic_write_text(html_file, page)
    except OSError as exc:
        raise KefuError(t("err.report_write", path=str(html_file), why=exc.strerror or str(exc)),
                        Exit.BAD_INPUT) from None
    if json_out:
        emit_json({"exam": exam.id, "student": student_id, "file": str(html_file),
                   "total": data.total, "rank": data.rank[0], "of": data.rank[1],
                   "scenarios": [{"id": i.transcript["scenario"]["id"],
                                  "total": i.score.get("total"),
                                  "outcome": (i.transcript.get("outcome") or {}).get("id")}
                                 for i in data.items]})
        return
    from .. import ui

    ui.info(t("report.written", path=str(html_file), total=f"{data.total:.1f}"), "green")


def student_report(book, exam, student_id: str, bank):
    """The best sitting of one student, each scenario re-scored from its text with the exam's
    judge (so every highlighted span is the judge's own), plus the teacher's adjustments."""
    from ..report_html import ReportData, ReportItem
    from ..session import regrade_transcript
    from ..storage import NotFound
    from ..storage.policy import best_attempt
    from ..ui_leaderboard import local_time

    student = book.student(student_id)
    ranked = book.best_scores(exam_id=exam.id, limit=None) if student else []
    best = next((b for b in ranked if b.student_id == student_id), None)
    if best is None:
        raise NotFound("err.report_no_result", student=student_id, exam=exam.id)
    attempts = [a for a in book.attempts(exam_id=exam.id, student_id=student_id,
                                         with_transcripts=True) if a.sitting == best.sitting]
    from ..exam.reviewing import comments
    from ..review import by_attempt

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
    from ..metrics import DEFAULT_LIMIT, attempts_metrics, deal_table

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
    from ..practice import draw
    from ..stamps import now

    book.add_practice_items(draw(attempts, bank, exam.judge(), student_id, created_at=now()))
    return [it.to_json() for it in book.practice_items(student_id, include_done=True)
            if it.exam_id == exam.id]
