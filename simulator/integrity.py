"""Integrity signals for the teacher only: a reply marked 粘贴 (pasted). Pure functions.

A reply is pasted when the terminal saw a bracketed paste (``turn["pasted"]``, recorded by
:class:`simulator.ui_input.ReplyInput`) or when it arrived faster than a person types: more than the
exam's ``paste_cps`` characters a second (default :data:`PASTE_CPS`), measured from the buyer's
line being shown. The speed is judged here, from the reply and its times, whatever the file says:
a ``"pasted": false`` written into a transcript never clears a reply that came too fast.

Shown in the teacher's views (grades, exports, the review queue), never to students (board,
report card).
"""

from __future__ import annotations

from .stamps import parse

PASTE_CPS = 15.0  # characters a second: faster than anyone types Chinese with an IME
MIN_CHARS = 10  # shorter replies are not judged by speed (好的亲 sent quickly is no paste)


def seconds(turn: dict) -> float | None:
    """The shortest of the reply's own times: its latency, the shown-to-sent timestamps and the
    keyboard's typing time (an edited file can lengthen one of them, not all)."""
    found = []
    latency = turn.get("latency")
    if isinstance(latency, (int, float)) and not isinstance(latency, bool):
        found.append(float(latency))
    shown, sent = parse(turn.get("shown_at") or turn.get("buyer_at")), parse(turn.get("reply_at"))
    if shown is not None and sent is not None:
        found.append((sent - shown).total_seconds())
    typing = turn.get("typing")
    if isinstance(typing, dict):
        value = typing.get("seconds")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            found.append(float(value))
    return min(found) if found else None


def too_fast(turn: dict, cps: float = PASTE_CPS) -> bool:
    """Faster than typing. A reply with no latency (a ``--replies`` sitting, or a file whose
    latency was removed) is not judged here: collect already flags it as having no time."""
    return _faster(speed(turn), cps)


def speed(turn: dict) -> list | None:
    """``[characters, seconds]`` of a reply that can be judged by speed (timed, at least
    :data:`MIN_CHARS` long, with a time), else None: all :func:`too_fast` needs of a turn."""
    from .transcript import clip

    latency = turn.get("latency")
    if not isinstance(latency, (int, float)) or isinstance(latency, bool):
        return None
    chars = len("".join(clip(str(turn.get("reply", ""))).split()))
    if chars < MIN_CHARS:
        return None
    took = seconds(turn)
    return None if took is None else [chars, took]


def _faster(measured: list | None, cps: float) -> bool:
    if measured is None:
        return False
    chars, took = measured
    return took <= 0 or chars / took > cps


def pasted(turn: dict, cps: float | None = None) -> bool:
    """Is this reply marked 粘贴?"""
    return turn.get("pasted") is True or too_fast(turn, PASTE_CPS if cps is None else cps)


def pasted_turns(turns, cps: float | None = None) -> list[int]:
    """The 1-based numbers of the replies marked 粘贴 among ``turns`` (the scored ones)."""
    return pasted_of(paste_facts(turns), cps)


def paste_facts(turns) -> list[list]:
    """What :func:`pasted_turns` reads of ``turns``, small enough to store with an attempt:
    ``[number, bracket-pasted, speed]`` (:func:`speed`) of every reply that is bracket-pasted
    or can be judged by speed."""
    out = []
    for n, turn in enumerate(turns, start=1):
        if "reply" in turn:
            flagged, measured = turn.get("pasted") is True, speed(turn)
            if flagged or measured is not None:
                out.append([n, flagged, measured])
    return out


def pasted_of(facts: list[list], cps: float | None = None) -> list[int]:
    """:func:`pasted_turns` from their :func:`paste_facts`."""
    cps = PASTE_CPS if cps is None else cps
    return [n for n, flagged, measured in facts if flagged or _faster(measured, cps)]


def paste_bound(facts: list[list]) -> float | None:
    """The fastest reply's characters a second among :func:`paste_facts` (infinite for one
    bracket-pasted or with no time at all), None when there are none: :func:`pasted_of` is
    empty exactly when this is None or at most ``cps``. Stored with each attempt, so a grade
    sheet reads the facts only of attempts with a reply that fast."""
    fastest = None
    for _, flagged, measured in facts:
        if flagged or measured is None:
            value = float("inf")
        else:
            chars, took = measured
            value = float("inf") if took <= 0 else chars / took
            if value != value:  # NaN: only the facts can tell
                value = float("inf")
        fastest = value if fastest is None else max(fastest, value)
    return fastest


def surely_unpasted(bound: float | None, cps: float | None) -> bool:
    """Does a stored :func:`paste_bound` show, without the facts, that no reply is 粘贴?"""
    cps = PASTE_CPS if cps is None else cps
    return bound is None or bound <= cps < float("inf")
