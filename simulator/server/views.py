"""What the server sends a student about a conversation: the screen's content, never the
engine's internals (no scores during an exam, no other student's anything)."""

from __future__ import annotations


def scenario_view(scenario) -> dict:
    """The chat window's header (see ``ui.header_view``)."""
    p = scenario.persona
    return {"id": scenario.id, "title": scenario.title,
            "brief": scenario.render(scenario.brief), "buyer": p.name, "persona_type": p.type,
            "shop": scenario.context.get("shop") or ""}


def conversation_view(doc_id: str, session, mode: str, index: int = 0, count: int = 1,
                      remaining: float | None = None, per_reply: float | None = None,
                      show_score: bool = True, wait: float | None = None) -> dict:
    """``wait``: seconds the buyer waits for an answer before taking silence as one."""
    data = session.data
    turns = data["turns"]
    history = [{k: turn.get(k) for k in ("buyer", "buyer_at", "reply", "reply_at", "latency")}
               for turn in turns if "reply" in turn]
    outcome = data["outcome"]
    view = {
        "conv": doc_id, "mode": mode, "index": index, "count": count,
        "scenario": scenario_view(session.scenario),
        "history": history,
        "turn": turns[-1]["n"],
        "buyer": None if outcome else turns[-1]["buyer"],
        "buyer_at": None if outcome else turns[-1]["buyer_at"],
        "patience": session.state.patience,
        "finished": outcome is not None,
        "outcome": outcome and {k: outcome.get(k) for k in ("id", "label", "good", "closing")},
        "remaining": None if remaining is None else max(0.0, round(remaining, 1)),
        "per_reply": per_reply,
        "wait": wait if wait is not None else session.judge.rubric.zero_after,
    }
    if outcome is not None and show_score:
        view["result"] = session.to_result() | {"transcript": None}
    return view
