"""``kefu history``: one student's attempts, scores over time, weak points and mistakes."""

from __future__ import annotations

import typer

from ..exitcodes import Exit
from ..i18n import t
from . import app
from .common import DbOption, emit_json, handles_errors, open_gradebook, scenario_bank
from .scenarios import ScenarioDirs


@app.command("history", help=t("hist.help"))
@handles_errors
def history_cmd(
    student: str = typer.Option(None, "--student", help=t("hist.opt.student")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    db: str = DbOption,
    dirs: list[str] = ScenarioDirs,
) -> None:
    from ..errors import KefuError
    from ..history import current_student, summarize
    from ..metrics import deal_table

    student_id = student or current_student()
    with open_gradebook(db) as book:
        record = book.student(student_id)
        if record is None and student is not None:
            raise KefuError(t("err.db_no_student", id=student_id), Exit.NOT_FOUND)
        attempts = book.attempts(student_id=student_id, with_transcripts=True) \
            if record is not None else []
    info = {"id": student_id, "name": record.name if record else "",
            "class_name": record.class_name if record else "",
            "team": record.team if record else ""}
    summary = summarize(info, attempts, suggestion=better_phrasing,
                        deals=deal_table(scenario_bank(dirs)))
    if json_out:
        emit_json(summary)
        return
    from .. import ui_history

    ui_history.show(summary)


def better_phrasing(rule_id: str) -> str:
    from scoring.lexicon import load_lexicon

    try:
        return load_lexicon().by_id(rule_id).suggestion
    except KeyError:
        return ""
