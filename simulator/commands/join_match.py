"""``kefu join`` during a 模拟专场: play the buyer or the agent, or judge the others' replies.

The server says whose move it is; this loop waits (polling) for the partner, shows the buyer
the persona card and the lines to pick (a number puts that line in the input, to send as it is
or rewritten), and shows the agent the same chat bubbles and coaching as a drill. Between
moves, and when not in a conversation, the student judges the other pairs' agent replies."""

from __future__ import annotations

import time

from ..i18n import t

POLL = 0.5


def play(client, judge_only: bool = False) -> dict:
    """Until the match ends; returns its summary."""
    from .. import ui, ui_live

    shown: set = set()
    judged: set = set()
    while True:
        state = client.match()
        summary = state.get("match")
        if _ended(summary):
            if summary:
                ui_live.match_summary(summary)
            return summary or {}
        conv = state.get("conv")
        if state.get("role") == "judge" and "link" not in shown:
            shown.add("link")  # once: the same votes from a browser, the judge view
            from ..server.pages import judge_url

            ui.info(t("match.judge_link", url=judge_url(client.base, student=client.student,
                                                       key=client.key)), "dim")
        if judge_only or conv is None or conv["ended"] or not conv["your_move"]:
            if not _judge(client, judged):
                time.sleep(POLL)
            continue
        if conv["id"] not in shown:
            shown.add(conv["id"])
            ui_live.match_intro(state["role"], conv, summary)
        text, end = _next_line(state["role"], conv)
        answer = client.say(conv, text, end)
        if state["role"] == "agent":
            ui.coach(answer["marks"])


def _next_line(role: str, conv: dict) -> tuple[str | None, bool]:
    from .. import ui, ui_input, ui_live

    last = conv["turns"][-1] if conv["turns"] else None
    if role == "agent":
        ui.buyer_says(conv["partner"], last["buyer"])
        return ui_input.ReplyInput().ask() or "", False
    if last and last.get("reply") is not None:
        ui.student_says(last["reply"])
    pick = conv["card"]["lines"]
    ui_live.match_lines(pick)
    while True:
        text = (ui_input.ReplyInput().ask() or "").strip()
        if text == "/end":
            return None, True
        if text.isdigit() and 1 <= int(text) <= len(pick):
            text = (ui_input.ReplyInput().ask(default=pick[int(text) - 1]) or "").strip()
        if text:
            return text, False


def _ended(summary: dict | None) -> bool:
    return summary is None or summary["ended"]


def _judge(client, judged: set) -> bool:
    """Vote on one reply not judged yet; False when there is none."""
    from .. import ui_input, ui_live

    for ballot in client.ballots():
        key = (ballot["conv"], ballot["turn"])
        if ballot["mine"] is None and key not in judged:
            judged.add(key)
            ui_live.match_ballot(ballot)
            choice = ui_input.ask_choice(t("match.vote_prompt"), ["1", "2", "3", "4", "5"],
                                         stop=lambda: _ended(client.match().get("match")))
            if choice is not None:  # None: the match ended while the vote was open
                client.vote(ballot, choice + 1)
            return True
    return False
