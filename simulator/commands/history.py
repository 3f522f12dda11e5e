"""``kefu history``: one student's attempts, scores over time, weak points and mistakes."""

from __future__ import annotations

import contextlib

import typer

from ..exitcodes import Exit
from ..i18n import t
from .common import DbOption, emit_json, handles_errors, open_gradebook, scenario_bank
from .root import app
from .scenarios import ScenarioDirs


@app.command("history", help=t("hist.help"))
@handles_errors
def history_cmd(
    student: str = typer.Option(None, "--student", help=t("hist.opt.student")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    db: str = DbOption,
    dirs: list[str] = ScenarioDirs,
) -> None:
    import os

    from ..errors import KefuError
    from ..history import current_student, summarize
    from ..metrics import deal_table
    from ..storage import NotFound
    from .drill import catch_up

    student_id = student or current_student()
    own = db is None or db == os.environ.get("KEFU_DB")  # the gradebook drills go to
    if own:
        catch_up()
    try:
        book = open_gradebook(db, create=False)
    except NotFound:
        if not own:
            raise
        book = None  # nothing recorded on this PC yet: an empty history
    with book or contextlib.nullcontext():
        record = book.student(student_id) if book else None
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
