"""``kefu drill`` and ``kefu resume``: a role-play with one scripted buyer.

Thin: the options, the scenario, the session; the conversation itself is
:func:`simulator.chat.interactive` (or :func:`~simulator.chat.run_replies` from a file) and the
drills folder and gradebook rows are :mod:`simulator.drills`.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import typer

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from .common import (
    command_env,
    emit_json,
    find_scenario,
    handles_errors,
    load_judge,
    open_gradebook,
)
from .root import app
from .scenarios import ScenarioDirs


@app.command("drill", help=t("drill.help"))
@handles_errors
def drill_cmd(
    ctx: typer.Context,
    scenario_ref: str = typer.Option(None, "--scenario", "-s", metavar="ID", help=t("opt.scenario")),
    seed: int = typer.Option(None, "--seed", metavar="N", min=0, max=2**31 - 1,
                            help=t("opt.seed")),
    coach: bool = typer.Option(True, "--coach/--no-coach", help=t("opt.coach")),
    replies: str = typer.Option(None, "--replies", metavar="FILE", help=t("opt.replies")),
    focus: str = typer.Option(None, "--focus", metavar="weak", help=t("opt.focus")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    dirs: list[str] = ScenarioDirs,
) -> None:
    from ..chat import interactive, run_replies
    from ..drills import last_unfinished, transcript_path
    from ..session import Session

    env = command_env(ctx)
    if seed is None:
        seed = random.randrange(1, 1_000_000)
    if focus is not None and focus != "weak":
        raise KefuError(t("err.bad_focus", value=focus))
    if focus is not None and scenario_ref:
        raise KefuError(t("err.focus_and_scenario"))
    catch_up(env)
    chosen = focus_on_weakness(dirs, seed, json_out) if focus else None
    if replies is not None:
        if not scenario_ref and chosen is None:
            raise KefuError(t("err.replies_need_scenario"))
        scenario = chosen.scenario if chosen else find_scenario(scenario_ref, dirs)
        lines = read_replies(replies, env.stdin)
        session = Session.new(scenario, seed, load_judge(),
                              transcript_path(env.drills_dir(), scenario.id), wall=env.wall)
        run_replies(session, lines, env)
        finish(session, json_out, chosen)
        return
    from .. import ui

    if not env.is_tty:
        raise KefuError(t("err.not_a_tty"))
    if last_unfinished(env.drills_dir()) is not None:
        ui.info(t("drill.unfinished_hint"), "yellow")
    if chosen is not None:
        scenario = chosen.scenario
    else:
        scenario = find_scenario(scenario_ref, dirs) if scenario_ref else pick_scenario(dirs)
    session = Session.new(scenario, seed, load_judge(),
                          transcript_path(env.drills_dir(), scenario.id), wall=env.wall)
    interactive(session, coach, env=env)
    finish(session, json_out, chosen)


def focus_on_weakness(dirs, seed: int, quiet: bool):
    """``--focus weak``: the scenario for the current student's weakest point, from their
    history in the gradebook drills are recorded in; the one-line why is printed (not with
    ``--json``, whose result carries it as ``focus``)."""
    from scoring.intents import library

    from ..focus import choose
    from ..history import current_student
    from ..storage import NotFound
    from .common import scenario_bank

    bank = scenario_bank(dirs)
    if not bank:
        raise KefuError(t("err.no_scenarios"), Exit.NOT_FOUND)
    student_id = current_student()
    try:
        with open_gradebook(create=False) as book:
            attempts = book.attempts(student_id=student_id, with_transcripts=True)
    except NotFound:  # nothing recorded on this computer yet
        attempts = []
    labels = {i.id: i.label for i in library().intents}
    chosen = choose(attempts, bank, load_judge(), labels, lambda d: t(f"dim.{d}"), seed)
    if not quiet:
        from .. import ui

        ui.info(t(chosen.reason[0], **chosen.reason[1]), "cyan")
    return chosen


@app.command("resume", help=t("resume.help"))
@handles_errors
def resume_cmd(
    ctx: typer.Context,
    coach: bool = typer.Option(True, "--coach/--no-coach", help=t("opt.coach")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    dirs: list[str] = ScenarioDirs,
) -> None:
    from ..chat import interactive
    from ..drills import last_unfinished
    from ..session import Session, TranscriptError, TranscriptFileError, load_transcript

    env = command_env(ctx)
    catch_up(env)
    path = last_unfinished(env.drills_dir())
    if path is None:
        raise KefuError(t("err.no_unfinished"), Exit.NOT_FOUND)
    try:
        transcript = load_transcript(path)
    except TranscriptFileError as exc:
        raise KefuError(exc.message()) from None
    except TranscriptError as exc:
        raise KefuError(t("err.bad_transcript", path=str(path), why=str(exc))) from None
    scenario = find_again(transcript.scenario, dirs)
    try:
        session = Session.resume(transcript, scenario, load_judge(), path, wall=env.wall)
    except TranscriptError:
        raise KefuError(t("err.scenario_changed", id=scenario.id), Exit.CONFLICT) from None
    if not session.finished:
        if not env.is_tty:
            raise KefuError(t("err.not_a_tty"))
        interactive(session, coach, resumed=True, env=env)
    finish(session, json_out)


def find_again(ref, dirs):
    """The scenario a transcript was made with (its :class:`~simulator.transcript.ScenarioRef`):
    by id, else by the file it was loaded from."""
    try:
        return find_scenario(ref.id, dirs)
    except KefuError:
        stored = ref.path
        if stored is None or not Path(stored).is_file():
            raise
    scenario = find_scenario(stored)
    if scenario.id != ref.id:
        raise KefuError(t("err.no_scenario", ref=ref.id), Exit.NOT_FOUND)
    return scenario


def read_replies(source: str, stdin=None) -> list[str]:
    """One reply per line (an empty line is silence); only \\n ends a line. ``-``: from
    ``stdin`` (default: the process's)."""
    from scoring.textfile import decode

    path = Path(source)
    try:
        raw = (stdin or sys.stdin).buffer.read() if source == "-" else path.read_bytes()
        return split_replies(decode(raw, source).text)
    except FileNotFoundError:
        raise KefuError(t("err.file_missing", path=source), Exit.NOT_FOUND) from None
    except (OSError, ValueError) as exc:  # TextFileError is a ValueError
        raise KefuError(t("err.bad_replies", path=source, why=str(exc))) from None


def split_replies(text: str) -> list[str]:
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines


def pick_scenario(dirs):
    from scenarios.loader import load_all

    from .. import ui, ui_input

    scenarios, problems = load_all(dirs)
    if problems:  # a broken teacher file should not hide silently
        ui.problems(t("err.data"), problems)
    if not scenarios:
        raise KefuError(t("err.no_scenarios"), Exit.NOT_FOUND)
    ui.scenario_table([s.summary() for s in scenarios], numbered=True)
    try:
        return scenarios[ui_input.ask_choice(t("drill.pick", n=len(scenarios)),
                                       [s.id for s in scenarios])]
    except (KeyboardInterrupt, EOFError):
        raise KefuError(t("drill.cancelled"), Exit.INTERRUPTED) from None


def finish(session, json_out: bool, chosen=None) -> None:
    from ..drills import record

    warning = record(session)
    if warning:
        from .. import ui

        ui.warning(warning)
    result = session.to_result()
    if chosen is not None:
        result["focus"] = chosen.to_json() | {"why": t(chosen.reason[0], **chosen.reason[1])}
    if json_out:
        emit_json(result)
        return
    from .. import ui

    ui.report_card(result)
    ui.info(t("drill.saved", path=str(session.path)), "dim")
    scenario = session.scenario
    ref = scenario.id if scenario.builtin else str(Path(scenario.path).resolve())
    ui.info(t("drill.again", id=ref, seed=session.seed), "dim")


def catch_up(env=None) -> None:
    """:func:`simulator.drills.catch_up` on the drills folder (``env``'s, default the
    process's); its warning, if any, shown."""
    from .. import drills
    from ..env import Env

    warning = drills.catch_up((env or Env.from_process()).drills_dir())
    if warning:
        from .. import ui

        ui.warning(warning)
