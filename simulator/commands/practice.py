"""``kefu practice``: the 错题本 — rewrite one's own replies that lost the most points."""

from __future__ import annotations

import typer

from ..i18n import t
from .common import DbOption, emit_json, handles_errors, load_judge, open_gradebook, scenario_bank
from .root import app
from .scenarios import ScenarioDirs


@app.command("practice", help=t("practice.help"))
@handles_errors
def practice_cmd(
    ctx: typer.Context,
    student: str = typer.Option(None, "--student", help=t("hist.opt.student")),
    replies: str = typer.Option(None, "--replies", metavar="FILE", help=t("practice.opt.replies")),
    limit: int = typer.Option(5, "--limit", min=1, max=100, help=t("practice.opt.limit")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    db: str = DbOption,
    dirs: list[str] = ScenarioDirs,
) -> None:
    from datetime import datetime

    from ..errors import KefuError
    from ..history import current_student
    from ..practice import draw, due, judge_rewrite, record
    from ..stamps import now
    from .common import command_env
    from .drill import read_replies

    env = command_env(ctx)
    student_id = student or current_student()
    lines = read_replies(replies, env.stdin) if replies is not None else None
    if lines is None and not env.is_tty:
        raise KefuError(t("practice.needs_terminal"))
    bank = scenario_bank(dirs)
    judge = load_judge()
    today = datetime.fromtimestamp(env.wall()).date()  # the student's local day
    results = []
    with open_gradebook(db) as book:
        attempts = book.attempts(student_id=student_id, with_transcripts=True)
        added = book.add_practice_items(draw(attempts, bank, judge, student_id,
                                             created_at=now(env.wall)))
        items = due(book.practice_items(student_id), today)[:limit]
        if not json_out:
            from .. import ui_practice

            ui_practice.intro(len(items), added)
        for n, item in enumerate(items):
            if lines is not None and n >= len(lines):
                break
            if not json_out:
                ui_practice.show_item(n + 1, len(items), item)
            text = lines[n] if lines is not None else ui_practice.ask()
            if text is None:
                break
            scenario = bank.get(item.scenario_id)
            good, problems = judge_rewrite(item, text, judge,
                                           scenario.task() if scenario else None)
            record(item, good, today, now(env.wall))
            book.save_practice(item)
            results.append({"item": item.key, "scenario": item.scenario_id,
                            "buyer": item.buyer, "old": item.reply, "rewrite": text,
                            "good": good, "problems": problems, "passes": item.passes,
                            "done": item.done_at is not None})
            if not json_out:
                ui_practice.verdict(good, problems, item)
        left = len(book.practice_items(student_id))
    if json_out:
        emit_json({"student": student_id, "added": added, "results": results, "left": left})
    else:
        ui_practice.summary(results, left)
