"""错题本: practice on one's own mistakes. Pure functions; the clock is always passed in.

- :func:`draw` finds, in a student's history, the replies that lost the most points (forbidden
  wording, prices below the floor, slow replies — every negative mark of that reply), each with
  the buyer's line and what was wrong.
- :func:`judge_rewrite` scores a rewrite on the spot: good when it has none of the item's rules,
  no forbidden wording at all, and some politeness.
- :func:`record` keeps the days of good rewrites; an item leaves the book after good rewrites on
  two different days, and one rewritten well today is not asked again today (:func:`due`).
"""

from __future__ import annotations

from datetime import date

from .session import regrade_transcript
from .storage.practice import PracticeItem
from .transcript import clip

GOOD_DAYS = 2  # good rewrites on this many different days take an item out of the book


def draw(attempts, bank: dict, judge, student_id: str, limit: int = 20,
         created_at: str = "") -> list[PracticeItem]:
    """Items from ``attempts`` (with transcripts), most points lost first. Attempts whose
    scenario changed or vanished are skipped (their replies cannot be re-judged)."""
    items = []
    for a in attempts:
        scenario = bank.get(a.scenario_id)
        if scenario is None or scenario.content_hash != a.scenario_hash or not a.transcript:
            continue
        graded = regrade_transcript(a.transcript, scenario, judge)
        for i, turn in enumerate(graded.turns):
            lost = [m for m in graded.score["marks"] if m.get("turn") == i and m["points"] < 0]
            reply = clip(turn["reply"])
            if not lost or not reply.strip():
                continue
            wrong = [{"rule": m["rule"], "message": m.get("message", ""),
                      "suggestion": m.get("suggestion", ""), "phrase": m.get("phrase", "")}
                     for m in lost]
            items.append(PracticeItem(student_id, f"{a.uid}:{i}", a.scenario_id,
                                      turn.get("buyer", ""), reply, wrong,
                                      round(-sum(m["points"] for m in lost), 2), a.exam_id,
                                      created_at))
    items.sort(key=lambda it: (-it.lost, it.key))
    return items[:limit]


def due(items: list[PracticeItem], today: date) -> list[PracticeItem]:
    """What to practise today: not done, not already rewritten well today; most lost first."""
    day = today.isoformat()
    return [it for it in items if it.done_at is None and day not in it.passes]


def judge_rewrite(item: PracticeItem, text: str, judge, task=None) -> tuple[bool, list[str]]:
    """Is the rewrite good? Returns (good, the rule ids it still breaks or "politeness.none")."""
    obs = judge.observe(text, task)
    if obs.silence:
        return False, ["silence"]
    problems = [h.rule.id for h in obs.check.forbidden]
    if not (obs.check.categories() - {"honorific"}):
        problems.append("politeness.none")
    return not problems, problems


def record(item: PracticeItem, good: bool, today: date, at: str) -> PracticeItem:
    """The item after one rewrite on ``today`` (``at``: the stored timestamp)."""
    if good and today.isoformat() not in item.passes:
        item.passes = sorted([*item.passes, today.isoformat()])
    if len(item.passes) >= GOOD_DAYS and item.done_at is None:
        item.done_at = at
    return item
