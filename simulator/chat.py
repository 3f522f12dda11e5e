"""The drill loop: one conversation with a scripted buyer, at a terminal or from a script.

A library over :class:`simulator.session.Session`: it receives its :class:`~simulator.env.Env`
(consoles, reply input, clock) as an argument, so tests drive a whole drill in-process. The
commands (``kefu drill``, ``kefu resume``, ``kefu exam take``) choose the scenario, start the
session and print the result.
"""

from __future__ import annotations

from . import nudges
from .env import Env
from .i18n import t

RETRY_WORDS = ("/重答", "/retry")  # typed as the reply: take the last one back (drills)


def screen(env: Env):
    """The chat window drawn on ``env``'s consoles."""
    from .ui import ChatScreen

    return ChatScreen(env.console(env.stdout), env.console(env.stderr))


def run_replies(session, lines: list[str], env: Env | None = None) -> None:
    """Send ``lines`` in order, from the first one the transcript has not had yet (a resumed
    conversation already holds its first replies), then the buyer leaves."""
    sent = sum(1 for turn in session.data["turns"] if "reply" in turn)
    for line in lines[sent:]:
        if session.finished:
            break
        send(session, line, env=env)
    session.give_up()


def send(session, text: str, latency: float | None = None, typing: dict | None = None,
         view=None, env: Env | None = None):
    """One reply; a reply over the length cap is cut, and the student is told (on ``view``,
    else on ``env``'s consoles)."""
    from .transcript import MAX_REPLY

    result = session.reply(text, latency, typing)
    answered = [turn for turn in session.data["turns"] if "reply" in turn][-1]
    if "cut_from" in answered:
        (view or screen(env or Env.from_process())).warning(
            t("drill.reply_cut", n=answered["cut_from"], limit=MAX_REPLY))
    return result


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


def interactive(session, coach: bool, resumed: bool = False, exam_clock=None,
                env: Env | None = None) -> None:
    """The chat: buyer on the left, the student on the right, saved after every reply.

    ``env`` (default: the process's): where it is drawn, where replies are read and the clock
    reply latencies are measured on. ``exam_clock`` (exams, see :class:`simulator.exam.Clock`):
    its timers show under the prompt and when the exam time runs out the buyer leaves.

    Ctrl-C or Ctrl-D pauses (KeyboardInterrupt: exit 130); everything sent so far is on disk.
    """
    env = env or Env.from_process()
    view = screen(env)
    scenario = session.scenario
    clock = exam_clock
    exam = clock is not None
    answered = [turn for turn in session.data["turns"] if "reply" in turn]
    view.header(scenario, len(answered) if resumed else 0, exam=exam)
    for i, turn in enumerate(answered):
        buyer_turn(session, i, turn, view)
        view.student_says(turn["reply"], turn.get("reply_at"), turn.get("latency"))
    box = env.reply_input([turn["reply"] for turn in answered if turn["reply"].strip()])
    # The buyer waits as long as a reply can still earn response-time points, then takes the
    # silence as an answer (while the student is typing, the buyer keeps waiting).
    patience_seconds = session.judge.rubric.zero_after
    retries = coach and not exam  # practice drills: the last reply may be taken back once
    delta, last_word = None, False
    while not session.finished:
        if clock is not None and clock.expired():
            session.give_up()
            break
        view.patience(session.state.patience, delta)
        pending = session.data["turns"][-1]
        buyer_turn(session, session.state.turn, pending, view)
        last_word = session.last_word
        if last_word:
            view.info(t("drill.last_word"), "cyan")
        session.mark_shown(first=exam)  # an exam's reply timer runs on through a pause
        started = env.clock()
        while True:
            try:
                text = box.ask(None if clock is None else lambda: clock.status(session),
                               idle_timeout=patience_seconds,
                               nudges=waiting(session, clock.since_shown(session) if exam else 0,
                                              view))
            except EOFError:
                raise KeyboardInterrupt from None
            if not (retries and is_retry(text)) or session.can_retry():
                break
            view.info(t("drill.no_retry"), "yellow")  # asked again; nothing is sent
        latency = env.clock() - started
        if exam:
            latency = max(latency, clock.since_shown(session))
        if last_word and not (text or "").strip():
            session.give_up()  # no last word: the scene closes as it ended
            break
        if retries and is_retry(text):
            session.retry()  # the buyer's line is shown again; the engine is as it was
            view.info(t("drill.retrying"), "cyan")
            delta = None
            continue
        if text is None:
            text = ""
            view.info(t("drill.buyer_waited", s=round(latency)), "yellow")
        view.student_says(text, latency=latency)
        sent = nudges.count(pending)
        step = send(session, text, latency, box.typing if text else None, view=view)
        delta = step.patience_delta
        if coach:
            view.coach(reply_marks(session, text) + nudge_marks(sent))
            view.feeling(step.reaction, step.patience_delta)
            if retries and session.can_retry():
                view.info(t("drill.retry_hint"), "dim")
    outcome = session.data["outcome"]
    shown = last_word  # the buyer's goodbye is already on screen
    view.outcome_banner(outcome, "" if shown else outcome.get("closing", ""),
                        scenario.persona.name, exam=exam)


def is_retry(text: str | None) -> bool:
    return (text or "").strip() in RETRY_WORDS


def buyer_turn(session, index: int, turn: dict, view) -> None:
    """The buyer's line of turn ``index`` (0-based) and the 催 lines sent after it."""
    name = session.scenario.persona.name
    view.buyer_says(name, turn["buyer"], turn.get("buyer_at"))
    for k, stamp in enumerate(turn.get("nudges") or ()):
        view.buyer_says(name, nudges.line(session.scenario, session.seed, index, k), stamp)


def waiting(session, elapsed: float, view) -> list:
    """The buyer's 催 still to come while the pending line waits for its reply (``elapsed``:
    seconds it has been shown already): pairs for :meth:`simulator.ui_input.ReplyInput.ask`."""
    from .engine import NUDGE_COST

    def nudge():
        line, stamp = session.nudge()
        view.buyer_says(session.scenario.persona.name, line, stamp)
        n = nudges.count(session.data["turns"][-1])
        view.info(t("drill.nudged", n=n, cost=n * NUDGE_COST), "yellow")

    if session.last_word:  # the buyer has said goodbye: nobody is waiting any more
        return []
    sent = nudges.count(session.data["turns"][-1])
    return [(delay, nudge) for delay in
            nudges.delays(session.scenario.persona.temperament.wait, sent, elapsed)]


def nudge_marks(sent: int) -> list[dict]:
    """Coach feedback when the buyer had to 催: the patience it cost and what to do."""
    from .engine import NUDGE_COST

    if not sent:
        return []
    return [{"dimension": "responsiveness", "points": 0, "rule": "nudged",
             "message": t("coach.nudged", n=sent, cost=sent * NUDGE_COST),
             "suggestion": t("coach.nudged_better")}]
