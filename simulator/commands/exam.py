"""``kefu exam new|validate|take|collect|regrade``: graded exams under exam conditions."""

from __future__ import annotations

import typer

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from .common import (
    DbOption,
    command_env,
    emit_json,
    handles_errors,
    open_gradebook,
    resolve_exam,
    scenario_bank,
    write_new_file,
)
from .root import app
from .scenarios import ScenarioDirs

exam_app = typer.Typer(help=t("exam.help"), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(exam_app, name="exam")

ExamFile = typer.Argument(..., metavar="EXAM.yaml", help=t("arg.exam_file"))
ExamFiles = typer.Argument(..., metavar="EXAM.yaml...", help=t("arg.exam_file"))
CollectPaths = typer.Argument(..., metavar="PATH...", help=t("arg.collect_paths"))


def _load(path: str, bank: dict):
    from ..exam import load_exam

    return load_exam(path, bank=list(bank.values()))


@exam_app.command("new", help=t("exam.new.help"))
@handles_errors
def new_cmd(
    exam_id: str = typer.Option("midterm", "--id", help=t("opt.exam_id")),
    out: str = typer.Option(None, "--out", "-o", help=t("opt.new_out")),
) -> None:
    from ..exam import TEMPLATE, valid_id

    if not valid_id(exam_id):
        raise KefuError(t("err.bad_id", what="--id", value=exam_id))
    write_new_file(TEMPLATE.format(id=exam_id), out, "exam.new.written")


@exam_app.command("validate", help=t("exam.validate.help"))
@handles_errors
def validate_cmd(
    files: list[str] = ExamFiles,
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    dirs: list[str] = ScenarioDirs,
) -> None:
    from scoring.datafile import DataError

    from .. import ui

    results, failed = [], False
    bank = scenario_bank(dirs)
    for f in files:
        try:
            exam = _load(f, bank)
        except DataError as exc:
            failed = True
            results.append({"file": f, "valid": False,
                            "problems": [str(p) for p in exc.problems]})
            if not json_out:
                ui.problems(t("err.data"), exc.problems)
            continue
        results.append({"file": f, "valid": True, "id": exam.id,
                        "scenarios": list(exam.scenario_ids), "hash": exam.hash})
        if not json_out:
            ui.info(t("exam.valid", path=f, id=exam.id,
                      scenarios=", ".join(exam.scenario_ids)), "green")
    if json_out:
        emit_json(results)
    if failed:
        raise typer.Exit(int(Exit.BAD_INPUT))


@exam_app.command("take", help=t("exam.take.help"))
@handles_errors
def take_cmd(
    ctx: typer.Context,
    exam_file: str = ExamFile,
    student: str = typer.Option(..., "--student", help=t("opt.student_id")),
    name: str = typer.Option(..., "--name", help=t("opt.student_name")),
    class_name: str = typer.Option(..., "--class", help=t("opt.class")),
    team: str = typer.Option("", "--team", help=t("opt.team")),
    out_dir: str = typer.Option(".", "--out", metavar="DIR", help=t("opt.out_dir")),
    replies: str = typer.Option(None, "--replies", help=t("opt.exam_replies")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    dirs: list[str] = ScenarioDirs,
) -> None:
    from ..exam import StudentInfo, split_replies, tidy, valid_id
    from .drill import read_replies

    env = command_env(ctx)
    if not valid_id(student):
        raise KefuError(t("err.bad_id", what="--student", value=student))
    info = StudentInfo(student, tidy(name), tidy(class_name), tidy(team))
    if not info.name or not info.class_name:
        raise KefuError(t("err.student_fields"))
    bank = scenario_bank(dirs)
    exam = _load(exam_file, bank)
    blocks = split_replies(read_replies(replies, env.stdin)) if replies is not None else None
    if blocks is None and not env.is_tty:
        raise KefuError(t("err.not_a_tty"))
    from ..exam import result_path
    from ..lock import Locked, locked

    path = result_path(out_dir, exam.id, info.id)
    try:
        with locked(path):  # one sitting per student at a time: the second one is refused
            summary = _take(exam, info, out_dir, bank, blocks, env)
    except Locked as exc:
        raise KefuError(t("exam.busy", path=str(path), holder=exc.holder or "?"),
                        Exit.CONFLICT) from None
    if json_out:
        emit_json(summary)
        return
    from .. import ui_classroom

    ui_classroom.take_summary(summary)


def _take(exam, info, out_dir: str, bank: dict, blocks: list[list[str]] | None, env) -> dict:
    """The sitting, with the student's result file locked: from ``blocks`` (``--replies``,
    one block per scenario) or at the terminal (``env``'s)."""
    from .. import ui_classroom
    from ..chat import interactive, run_replies
    from ..exam import ExamRun

    run = ExamRun.open(exam, info, out_dir, bank, wall=env.wall)
    clock = run.clock()
    if blocks is None:
        ui_classroom.exam_intro(exam, info, run.sitting["n"], clock.remaining())
    for index in run.pending():
        if clock.expired():
            break
        scenario_id = run.sitting["scenarios"][index]  # as drawn when the sitting began
        scenario = bank.get(scenario_id)
        if scenario is None:
            raise KefuError(t("err.no_scenario", ref=scenario_id), Exit.NOT_FOUND)
        resumed = index < len(run.sitting["transcripts"])
        session = run.session(index, scenario)
        if blocks is not None:
            run_replies(session, blocks[index] if index < len(blocks) else [], env)
            continue
        try:
            interactive(session, coach=False, resumed=resumed, exam_clock=clock, env=env)
        except KeyboardInterrupt:
            raise KefuError(t("exam.interrupted"), Exit.INTERRUPTED) from None
    if clock.expired() and blocks is None:
        ui_classroom.time_up()
    run.close_sitting()
    return run.summary()


@exam_app.command("collect", help=t("exam.collect.help"))
@handles_errors
def collect_cmd(
    exam_file: str = ExamFile,
    paths: list[str] = CollectPaths,
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    db: str = DbOption,
    dirs: list[str] = ScenarioDirs,
) -> None:
    from .. import ui, ui_classroom
    from ..exam import collect

    bank = scenario_bank(dirs)
    exam = _load(exam_file, bank)
    with open_gradebook(db) as book, \
            ui_classroom.progress(t("collect.progress"), not json_out and ui.is_interactive()) \
            as update:
        reports = [r.to_json() for r in collect(exam, paths, book, bank, update)]
    if json_out:
        emit_json({"exam": exam.id, "files": reports})
    else:
        ui_classroom.collect_report(reports)
    if any(r["refused"] for r in reports):
        raise typer.Exit(int(Exit.FAILED))  # the rest was imported; the report says why


@exam_app.command("regrade", help=t("exam.regrade.help"))
@handles_errors
def regrade_cmd(
    exam_ref: str = typer.Argument(..., metavar="EXAM", help=t("arg.exam_ref")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    db: str = DbOption,
    dirs: list[str] = ScenarioDirs,
) -> None:
    from .. import ui, ui_classroom
    from ..exam import regrade

    bank = scenario_bank(dirs)
    with open_gradebook(db, create=False) as book:
        exam = resolve_exam(book, exam_ref, bank)
        with ui_classroom.progress(t("regrade.progress"),
                                   not json_out and ui.is_interactive()) as update:
            moves, scored, skipped = regrade(exam, book, bank, update)
    result = {"exam": exam.id, "scored": scored, "skipped": skipped,
              "moved": [m.to_json() for m in moves]}
    if json_out:
        emit_json(result)
    else:
        ui_classroom.regrade_moves(result["moved"], scored, skipped)
