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
    from ..exam.report import student_report
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
