"""``kefu drill`` and ``kefu resume``: a role-play with one scripted buyer."""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime
from pathlib import Path

import typer

from .. import nudges
from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from . import app
from .common import emit_json, find_scenario, handles_errors, load_judge, open_gradebook
from .scenarios import ScenarioDirs


@app.command("drill", help=t("drill.help"))
@handles_errors
def drill_cmd(
    scenario_ref: str = typer.Option(None, "--scenario", "-s", metavar="ID", help=t("opt.scenario")),
    seed: int = typer.Option(None, "--seed", metavar="N", min=0, max=2**31 - 1,
                            help=t("opt.seed")),
    coach: bool = typer.Option(True, "--coach/--no-coach", help=t("opt.coach")),
    replies: str = typer.Option(None, "--replies", metavar="FILE", help=t("opt.replies")),
    focus: str = typer.Option(None, "--focus", metavar="weak", help=t("opt.focus")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    dirs: list[str] = ScenarioDirs,
) -> None:
    from ..paths import drills_dir
    from ..session import Session

    if seed is None:
        seed = random.randrange(1, 1_000_000)
    if focus is not None and focus != "weak":
        raise KefuError(t("err.bad_focus", value=focus))
    if focus is not None and scenario_ref:
        raise KefuError(t("err.focus_and_scenario"))
    catch_up()
    chosen = focus_on_weakness(dirs, seed, json_out) if focus else None
    if replies is not None:
        if not scenario_ref and chosen is None:
            raise KefuError(t("err.replies_need_scenario"))
        scenario = chosen.scenario if chosen else find_scenario(scenario_ref, dirs)
        lines = read_replies(replies)
        session = Session.new(scenario, seed, load_judge(), transcript_path(drills_dir(), scenario.id))
        run_replies(session, lines)
        finish(session, json_out, chosen)
        return
    from .. import ui

    if not ui.is_interactive():
        raise KefuError(t("err.not_a_tty"))
    if last_unfinished(drills_dir()) is not None:
        ui.info(t("drill.unfinished_hint"), "yellow")
    if chosen is not None:
        scenario = chosen.scenario
    else:
        scenario = find_scenario(scenario_ref, dirs) if scenario_ref else pick_scenario(dirs)
    session = Session.new(scenario, seed, load_judge(), transcript_path(drills_dir(), scenario.id))
    interactive(session, coach)
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
    coach: bool = typer.Option(True, "--coach/--no-coach", help=t("opt.coach")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    dirs: list[str] = ScenarioDirs,
) -> None:
    from .. import ui
    from ..paths import drills_dir
    from ..session import Session, TranscriptError, TranscriptFileError, load_transcript

    catch_up()
    path = last_unfinished(drills_dir())
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
        session = Session.resume(transcript, scenario, load_judge(), path)
    except TranscriptError:
        raise KefuError(t("err.scenario_changed", id=scenario.id), Exit.CONFLICT) from None
    if not session.finished:
        if not ui.is_interactive():
            raise KefuError(t("err.not_a_tty"))
        interactive(session, coach, resumed=True)
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


def read_replies(source: str) -> list[str]:
    """One reply per line (an empty line is silence); only \\n ends a line."""
    from scoring.textfile import decode

    path = Path(source)
    try:
        raw = sys.stdin.buffer.read() if source == "-" else path.read_bytes()
        return split_replies(decode(raw, source).text)
    except FileNotFoundError:
        raise KefuError(t("err.file_missing", path=source), Exit.NOT_FOUND) from None
    except (OSError, ValueError) as exc:  # TextFileError is a ValueError
        raise KefuError(t("err.bad_replies", path=source, why=str(exc))) from None


def split_replies(text: str) -> list[str]:
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines


def run_replies(session, lines: list[str]) -> None:
    """Send ``lines`` in order, from the first one the transcript has not had yet (a resumed
    conversation already holds its first replies), then the buyer leaves."""
    sent = sum(1 for turn in session.data["turns"] if "reply" in turn)
    for line in lines[sent:]:
        if session.finished:
            break
        send(session, line)
    session.give_up()


def send(session, text: str, latency: float | None = None, typing: dict | None = None):
    """One reply; a reply over the length cap is cut, and the student is told."""
    from ..session import MAX_REPLY

    result = session.reply(text, latency, typing)
    answered = [turn for turn in session.data["turns"] if "reply" in turn][-1]
    if "cut_from" in answered:
        from .. import ui

        ui.warning(t("drill.reply_cut", n=answered["cut_from"], limit=MAX_REPLY))
    return result


def transcript_path(folder: Path, scenario_id: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return folder / f"{stamp}-{scenario_id}-{random.randrange(16**6):06x}.json"


def last_unfinished(folder: Path) -> Path | None:
    from ..files import parse_json

    for path in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            data = parse_json(path.read_bytes(), str(path))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("mode") == "drill" and data.get("outcome") is None:
            return path
    return None


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


def reply_marks(session, text: str) -> list[dict]:
    """Coach feedback on one reply: its own politeness, wording and resolution marks."""
    if not text.strip():  # the scorer has nothing to mark in silence
        return [{"dimension": "responsiveness", "points": 0, "rule": "silence",
                 "message": t("coach.silence"), "suggestion": t("coach.silence_better")}]
    score = session.judge.score([(text, None)], session.scenario.task(), None)
    # greeting, warmth and closing are judged over the whole conversation: one reply on its own
    # says nothing about them, except that the first reply of a drill should greet
    first = sum(1 for turn in session.data.get("turns", ()) if "reply" in turn) == 1
    keep = {"politeness.no_greeting"} if first else set()
    return [m.to_json() for m in score.marks if m.turn == 0 and (
        m.rule not in _CONVERSATION_RULES or m.rule in keep)]


_CONVERSATION_RULES = {"politeness.greeting", "politeness.no_greeting", "politeness.warmth",
                       "politeness.no_warmth", "politeness.closing", "politeness.no_closing"}


def interactive(session, coach: bool, resumed: bool = False, clock=None) -> None:
    """The chat: buyer on the left, the student on the right, saved after every reply.

    ``clock`` (exams, see :class:`simulator.exam.Clock`): its timers show under the prompt and
    when the exam time runs out the buyer leaves.

    Ctrl-C or Ctrl-D pauses (KeyboardInterrupt: exit 130); everything sent so far is on disk.
    """
    from .. import ui, ui_input

    scenario = session.scenario
    name = scenario.persona.name
    exam = clock is not None
    answered = [turn for turn in session.data["turns"] if "reply" in turn]
    ui.header(scenario, len(answered) if resumed else 0, exam=exam)
    for i, turn in enumerate(answered):
        buyer_turn(session, i, turn)
        ui.student_says(turn["reply"], turn.get("reply_at"), turn.get("latency"))
    box = ui_input.ReplyInput([turn["reply"] for turn in answered if turn["reply"].strip()])
    # The buyer waits as long as a reply can still earn response-time points, then takes the
    # silence as an answer (while the student is typing, the buyer keeps waiting).
    patience_seconds = session.judge.rubric.zero_after
    retries = coach and not exam  # practice drills: the last reply may be taken back once
    delta, last_word = None, False
    while not session.finished:
        if clock is not None and clock.expired():
            session.give_up()
            break
        ui.patience(session.state.patience, delta)
        pending = session.data["turns"][-1]
        buyer_turn(session, session.state.turn, pending)
        last_word = session.last_word
        if last_word:
            ui.info(t("drill.last_word"), "cyan")
        session.mark_shown(first=exam)  # an exam's reply timer runs on through a pause
        started = time.monotonic()
        while True:
            try:
                text = box.ask(None if clock is None else lambda: clock.status(session),
                               idle_timeout=patience_seconds,
                               nudges=waiting(session, clock.since_shown(session) if exam else 0))
            except EOFError:
                raise KeyboardInterrupt from None
            if not (retries and is_retry(text)) or session.can_retry():
                break
            ui.info(t("drill.no_retry"), "yellow")  # asked again; nothing is sent
        latency = time.monotonic() - started
        if exam:
            latency = max(latency, clock.since_shown(session))
        if last_word and not (text or "").strip():
            session.give_up()  # no last word: the scene closes as it ended
            break
        if retries and is_retry(text):
            session.retry()  # the buyer's line is shown again; the engine is as it was
            ui.info(t("drill.retrying"), "cyan")
            delta = None
            continue
        if text is None:
            text = ""
            ui.info(t("drill.buyer_waited", s=round(latency)), "yellow")
        ui.student_says(text, latency=latency)
        sent = nudges.count(pending)
        step = send(session, text, latency, box.typing if text else None)
        delta = step.patience_delta
        if coach:
            ui.coach(reply_marks(session, text) + nudge_marks(sent))
            ui.feeling(step.reaction, step.patience_delta)
            if retries and session.can_retry():
                ui.info(t("drill.retry_hint"), "dim")
    outcome = session.data["outcome"]
    shown = last_word  # the buyer's goodbye is already on screen
    ui.outcome_banner(outcome, "" if shown else outcome.get("closing", ""), name, exam=exam)


RETRY_WORDS = ("/重答", "/retry")  # typed as the reply: take the last one back (drills)


def is_retry(text: str | None) -> bool:
    return (text or "").strip() in RETRY_WORDS


def buyer_turn(session, index: int, turn: dict) -> None:
    """The buyer's line of turn ``index`` (0-based) and the 催 lines sent after it."""
    from .. import ui

    name = session.scenario.persona.name
    ui.buyer_says(name, turn["buyer"], turn.get("buyer_at"))
    for k, stamp in enumerate(turn.get("nudges") or ()):
        ui.buyer_says(name, nudges.line(session.scenario, session.seed, index, k), stamp)


def waiting(session, elapsed: float = 0.0) -> list:
    """The buyer's 催 still to come while the pending line waits for its reply (``elapsed``:
    seconds it has been shown already): pairs for :meth:`simulator.ui_input.ReplyInput.ask`."""
    from .. import ui
    from ..engine import NUDGE_COST

    def nudge():
        line, stamp = session.nudge()
        ui.buyer_says(session.scenario.persona.name, line, stamp)
        n = nudges.count(session.data["turns"][-1])
        ui.info(t("drill.nudged", n=n, cost=n * NUDGE_COST), "yellow")

    if session.last_word:  # the buyer has said goodbye: nobody is waiting any more
        return []
    sent = nudges.count(session.data["turns"][-1])
    return [(delay, nudge) for delay in
            nudges.delays(session.scenario.persona.temperament.wait, sent, elapsed)]


def nudge_marks(sent: int) -> list[dict]:
    """Coach feedback when the buyer had to 催: the patience it cost and what to do."""
    from ..engine import NUDGE_COST

    if not sent:
        return []
    return [{"dimension": "responsiveness", "points": 0, "rule": "nudged",
             "message": t("coach.nudged", n=sent, cost=sent * NUDGE_COST),
             "suggestion": t("coach.nudged_better")}]


def finish(session, json_out: bool, chosen=None) -> None:
    record(session)
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


def catch_up() -> None:
    """Drills that finished but were never recorded (kefu killed in between) are recorded
    now: run when a drill starts, by ``kefu resume`` and by ``kefu history``."""
    import time

    from ..history import drill_student
    from ..paths import drills_dir
    from ..recording import mark_done, record_all, unrecorded

    folder = drills_dir()
    started = time.time()
    drills = unrecorded(folder)
    if drills:
        try:
            with open_gradebook() as book:
                record_all(book, drills, drill_student(book))
        except KefuError as exc:
            from .. import ui

            ui.warning(t("drill.not_recorded", why=exc.message))
            return
    mark_done(folder, started)


def record(session) -> None:
    """Keep a finished drill in the gradebook (for ``kefu history``). The transcript file is
    already saved, so a database problem costs nothing but a warning."""
    if not session.finished:
        return
    from ..history import drill_student

    try:
        with open_gradebook() as book:
            book.record_drill(session.data, student=drill_student(book),
                              source_file=str(session.path) if session.path else None)
    except KefuError as exc:
        from .. import ui

        ui.warning(t("drill.not_recorded", why=exc.message))
