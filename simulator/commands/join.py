"""``kefu join``: a lab PC joins the teacher's ``kefu serve``. The same chat screens as a local
drill or exam; the buyer, the judge and the clock run on the server."""

from __future__ import annotations

import time

import typer

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from .common import emit_json, handles_errors
from .root import app


@app.command("join", help=t("join.help"))
@handles_errors
def join_cmd(
    url: str = typer.Argument(..., metavar="URL", help=t("arg.join_url")),
    code: str = typer.Option(..., "--code", help=t("opt.join_code")),
    student: str = typer.Option(..., "--student", help=t("opt.student_id")),
    name: str = typer.Option(..., "--name", help=t("opt.student_name")),
    class_name: str = typer.Option(..., "--class", help=t("opt.class")),
    team: str = typer.Option("", "--team", help=t("opt.team")),
    scenario: str = typer.Option(None, "--scenario", "-s", metavar="ID", help=t("opt.scenario")),
    seed: int = typer.Option(None, "--seed", metavar="N", help=t("opt.seed")),
    coach: bool = typer.Option(True, "--coach/--no-coach", help=t("opt.coach")),
    replies: str = typer.Option(None, "--replies", metavar="FILE", help=t("opt.join_replies")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from .. import ui
    from ..exam import split_replies, tidy, valid_id
    from ..server.client import LiveClient
    from .drill import read_replies

    if not valid_id(student):
        raise KefuError(t("err.bad_id", what="--student", value=student))
    lines = read_replies(replies) if replies is not None else None
    if lines is None and not ui.is_interactive():
        raise KefuError(t("err.not_a_tty"))
    client = LiveClient(url, on_retry=lambda why: ui.warning(t("live.retrying", why=why)))
    try:
        client.join(code, student, tidy(name), tidy(class_name), tidy(team))
        state = client.state()
        if state.get("match"):
            from .join_match import play

            if lines is not None:
                raise KefuError(t("match.no_replies"))
            result = play(client)
        elif state["exam"]:
            result = _exam(client, state["exam"], lines, split_replies)
        else:
            view = state["drill"] or client.start_drill(
                scenario or _pick(client), seed)
            result = converse(client, view, lines, coach and lines is None)
            result = result.get("result") or result
    except KeyboardInterrupt:
        raise KefuError(t("live.paused"), Exit.INTERRUPTED) from None
    finally:
        client.close()
    if json_out:
        emit_json(result)
    elif "scenarios" in result:
        from .. import ui_classroom

        ui_classroom.take_summary(result)
    elif result.get("score"):
        ui.report_card(result)


def _pick(client) -> str:
    from .. import ui, ui_input

    found = client.scenarios()
    ui.scenario_table([{"id": s["id"], "title": s["title"], "type": "", "stage": "",
                        "difficulty": ""} for s in found], numbered=True)
    return found[ui_input.ask_choice(t("drill.pick", n=len(found)), [s["id"] for s in found])]["id"]


def _exam(client, exam: dict, lines, split) -> dict:
    """Every scenario of the exam in order; returns the sitting's summary."""
    from .. import ui
    from ..server.client import Refused

    blocks = split(lines) if lines is not None else None
    if blocks is None:
        ui.info(t("live.exam_started", title=exam["title"]), "bold yellow")
    view = client.open_exam()
    while not view.get("done"):
        block = None
        if blocks is not None:
            block = blocks[view["index"]] if view["index"] < len(blocks) else []
        try:
            view = converse(client, view, block, coach=False)
        except Refused as exc:
            if exc.key != "live.no_exam_running":
                raise
            ui.info(t("live.exam_ended"), "bold red")
            return {"exam": exam["id"], "finished": True, "ended_by_teacher": True,
                    "scenarios": []}
    return view["summary"]


def converse(client, view: dict, lines: list[str] | None, coach: bool) -> dict:
    """Answer one conversation until it ends; returns the server's next view (a drill: the
    finished one with its result; an exam: the next scenario, or the sitting's summary).

    ``lines``: the replies to send (``--replies``; lines already answered, as the server's
    history says, are skipped, so running the same command again resumes); when they run out
    the student stops answering. Without ``lines`` the student types (a terminal)."""
    from .. import ui, ui_input
    from ..server.client import Refused

    conv, index = view["conv"], view["index"]
    typing = lines is None
    name = view["scenario"]["buyer"]
    box = None
    if typing:
        ui.header_view(view["scenario"], len(view["history"]))
        for turn in view["history"]:
            ui.buyer_says(name, turn["buyer"], turn.get("buyer_at"))
            ui.student_says(turn["reply"], turn.get("reply_at"), turn.get("latency"))
        box = ui_input.ReplyInput([h["reply"] for h in view["history"] if h["reply"].strip()])
    delta = None
    while not view.get("done") and not view["finished"] and view["conv"] == conv \
            and view["index"] == index:
        give_up = False
        if typing:
            ui.patience(view["patience"], delta)
            ui.buyer_says(name, view["buyer"], view["buyer_at"])
            received = time.monotonic()
            try:
                text = box.ask(_timer(view, received), idle_timeout=view.get("wait"))
            except EOFError:
                raise KeyboardInterrupt from None
            if text is None:
                text = ""
                ui.info(t("drill.buyer_waited", s=round(time.monotonic() - received)), "yellow")
        else:
            todo = lines[len(view["history"]):]
            text, give_up = (todo[0], False) if todo else (None, True)
        try:
            answer = client.reply(view, text, give_up)
        except Refused as exc:
            if exc.key == "live.stale" and isinstance(exc.body.get("view"), dict):
                view = exc.body["view"]  # another terminal or a retry got there first
                continue
            raise
        if typing:
            ui.student_says(text, latency=answer.get("latency"))
            if coach:
                ui.coach(answer["marks"])
            if answer.get("closing"):
                ui.outcome_banner(answer["closing"], answer["closing"].get("closing", ""), name)
        delta, view = answer["delta"], answer["view"]
    return view


def _timer(view: dict, received: float):
    """The exam's timers under the prompt, counted from the server's figures."""
    if view["mode"] != "exam":
        return None

    def status() -> str:
        gone = time.monotonic() - received
        parts = []
        if view.get("per_reply") is not None:
            parts.append(t("exam.timer_reply", used=int(gone), limit=int(view["per_reply"])))
        if view.get("remaining") is not None:
            left = max(0, int(view["remaining"] - gone))
            parts.append(t("exam.timer_total", left=f"{left // 60:02d}:{left % 60:02d}"))
        return " · ".join(parts)

    return status
