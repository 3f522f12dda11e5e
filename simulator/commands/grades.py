"""``kefu grades EXAM`` (the grade sheet, exports) and ``kefu grades adjust`` (audit log)."""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from ..i18n import t
from .common import (
    DbOption,
    LazyBank,
    emit_json,
    emit_json_text,
    handles_errors,
    metrics_context,
    open_gradebook,
    scenario_bank,
)
from .root import app
from .scenarios import ScenarioDirs


class _ShowByDefault(TyperGroup):
    """``kefu grades EXAM`` means ``kefu grades show EXAM``; ``adjust`` is a subcommand."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


grades_app = typer.Typer(cls=_ShowByDefault, help=t("grades.help"), no_args_is_help=True,
                         rich_markup_mode=None)
app.add_typer(grades_app, name="grades")

ExportOption = typer.Option(None, "--export", metavar="FILE.xlsx|FILE.csv", help=t("opt.export"))


@grades_app.command("show", help=t("grades.show.help"))
@handles_errors
def show_cmd(
    exam: str = typer.Argument(..., metavar="EXAM", help=t("arg.exam_id")),
    class_name: str = typer.Option(None, "--class", help=t("opt.class_filter")),
    export: list[str] = ExportOption,
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    show_all: bool = typer.Option(False, "--all", help=t("opt.all_rows")),
    db: str = DbOption,
    dirs: list[str] = ScenarioDirs,
) -> None:
    from .. import ui
    from ..exam import grade_sheet
    from ..export import export as write_export
    from ..gcpause import gc_paused

    bank = LazyBank(dirs)  # the exam's scenarios, not the whole bank
    with gc_paused():  # a school's sheet is 200,000 acyclic records
        with open_gradebook(db, create=False) as book:
            deals, limit, cps = metrics_context(book, exam, bank)
            # the per-conversation rows only for the outputs that have them
            detail = json_out or any(p.lower().endswith(".xlsx") for p in export or [])
            sheet = grade_sheet(book, exam, class_name, deals, limit, cps, detail)
        written = [str(write_export(sheet, path, bank)) for path in export or []]
        if json_out:
            from ..exam.sheetjson import sheet_parts

            emit_json_text(sheet_parts(sheet | {"exported": written}))
            return
        from .. import ui_classroom

        ui_classroom.grade_sheet(sheet, show_all)
    for path in written:
        ui.info(t("grades.exported", path=path), "green")


@grades_app.command("adjust", help=t("grades.adjust.help"))
@handles_errors
def adjust_cmd(
    exam: str = typer.Argument(..., metavar="EXAM", help=t("arg.exam_id")),
    student: str = typer.Argument(..., metavar="STUDENT", help=t("arg.student_id")),
    points: float = typer.Option(..., "--points", min=-100, max=100, help=t("opt.points")),
    reason: str = typer.Option(..., "--reason", help=t("opt.reason")),
    author: str = typer.Option(None, "--by", help=t("opt.author")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    db: str = DbOption,
) -> None:
    from ..exam import tidy

    with open_gradebook(db, create=False) as book:
        adj = book.add_adjustment(exam, student, points, tidy(reason),
                                  tidy(author) if author else None)
        best = [b for b in book.best_scores(exam_id=exam, limit=None) if b.student_id == student]
    result = {"student": adj.student_id, "points": adj.points, "reason": adj.reason,
              "author": adj.author, "at": adj.created_at,
              "final": best[0].score if best else None}
    if json_out:
        emit_json(result)
        return
    from .. import ui_classroom

    ui_classroom.adjusted(result, result["final"])


@grades_app.command("review", help=t("grades.review.help"))
@handles_errors
def review_cmd(
    exam_ref: str = typer.Argument(..., metavar="EXAM", help=t("arg.exam_ref")),
    student: str = typer.Option(None, "--student", help=t("review.opt.student")),
    decision: str = typer.Option(None, "--decide", metavar="ACTION[:TARGET]",
                                 help=t("review.opt.decide")),
    scenario: str = typer.Option(None, "--scenario", help=t("review.opt.scenario")),
    turn: int = typer.Option(None, "--turn", min=1, help=t("review.opt.turn")),
    sitting: int = typer.Option(None, "--sitting", min=1, help=t("review.opt.sitting")),
    reason: str = typer.Option(None, "--reason", help=t("review.opt.reason")),
    severity: str = typer.Option("", "--severity", help=t("review.opt.severity")),
    phrase: str = typer.Option("", "--phrase", help=t("review.opt.phrase")),
    author: str = typer.Option(None, "--by", help=t("opt.author")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    db: str = DbOption,
    dirs: list[str] = ScenarioDirs,
) -> None:
    from ..errors import KefuError
    from ..exam import tidy
    from ..exam.reviewing import build_queue, decide, find_item
    from .common import resolve_exam

    bank = scenario_bank(dirs)
    who = tidy(author) if author else None
    with open_gradebook(db) as book:
        exam = resolve_exam(book, exam_ref, bank)
        if decision is not None:
            if not (student and scenario and turn and reason):
                raise KefuError(t("review.needs_reply"))
            action, _, target = decision.partition(":")
            queue = build_queue(book, exam, bank, student, every=True)
            item = find_item(queue, student, scenario, turn, sitting)
            result = decide(book, queue, bank, item, action, reason, target, severity,
                            phrase, who)
            if json_out:
                emit_json(result)
            else:
                from .. import ui

                ui.info(t("review.recorded", student=student,
                          old=result["scenario_total"]["old"],
                          new=result["scenario_total"]["new"],
                          fold=result["final"]["old"], fnew=result["final"]["new"]), "green")
            return
        queue = build_queue(book, exam, bank, student)
        if json_out:
            emit_json({"exam": exam.id, "items": [it.to_json() for it in queue.items],
                       "skipped": queue.skipped})
            return
        from .. import ui

        if not ui.is_interactive():
            raise KefuError(t("review.needs_terminal"))
        from ..ui_review import ReviewScreen, run

        def on_decide(item, action, target, why):
            result = decide(book, queue, bank, item, action, why, target, author=who)
            fresh = build_queue(book, exam, bank, student)
            queue.items = fresh.items
            return result, fresh.items

        run(ReviewScreen(exam.id, queue.items, on_decide))
