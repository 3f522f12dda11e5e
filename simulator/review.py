"""The teacher in the loop: review decisions applied to the judge's observations, and the queue
of replies worth a teacher's look (least sure first, then the marks that moved a grade most).

A decision changes what the judge saw in ONE reply, then the conversation is scored again:

- ``wrong_flag`` RULE — the forbidden-wording flag RULE on this reply is wrong (dropped);
- ``forbidden`` KIND — this reply is forbidden wording of KIND (``severity`` major/soft;
  ``phrase``: the words meant, default the whole reply);
- ``did`` X / ``did_not`` X — this reply did / did not do X, a scenario slot today (an intent
  of the shared library when the judge has them: the name is kept as given);
- ``comment`` — a note for the student (changes no mark).

The buyer's path (the outcome) is not replayed with the decisions: the buyer answered what the
student wrote. Later decisions on the same point (reply, action family, target) win.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from scoring.intentfile import IntentHit
from scoring.judge import Observation
from scoring.lexicon import Rule
from scoring.matcher import Hit
from scoring.resolution import SlotHit

from .storage.reviews import ACTIONS, Review

SCORING_ACTIONS = ("wrong_flag", "forbidden", "did", "did_not")
SEVERITIES = ("major", "soft")


def point_of(r: Review) -> tuple:
    """What a decision is about: later decisions on the same point replace earlier ones."""
    family = "slot" if r.action in ("did", "did_not") else r.action
    return (r.attempt_uid, r.turn, family, r.target if r.action != "comment" else r.id)


def effective(decisions: Iterable[Review]) -> list[Review]:
    """The decisions still in force (oldest first), one per point."""
    last: dict[tuple, Review] = {}
    for r in sorted(decisions, key=lambda r: (r.created_at, r.id or 0)):
        last.pop(point_of(r), None)
        last[point_of(r)] = r
    return list(last.values())


def by_attempt(decisions: Iterable[Review]) -> dict[str, list[Review]]:
    out: dict[str, list[Review]] = {}
    for r in effective(decisions):
        out.setdefault(r.attempt_uid, []).append(r)
    return out


def _span(text: str, phrase: str) -> tuple[int, int, str]:
    at = text.find(phrase) if phrase else -1
    if at < 0:
        return 0, len(text), text
    return at, at + len(phrase), phrase


def apply(obs: Observation, decisions: Iterable[Review], message: str = "") -> Observation:
    """``obs`` (one reply) as the teacher's decisions say it should have been seen."""
    check, slots, intents = obs.check, list(obs.slots), list(obs.intents)
    text = check.text
    for r in decisions:
        if r.action == "wrong_flag":
            check = check._replace(forbidden=tuple(h for h in check.forbidden
                                                   if h.rule.id != r.target))
        elif r.action == "forbidden":
            start, end, phrase = _span(text, r.phrase)
            rule = Rule(id=f"review.{r.target}", group="forbidden", phrases=(phrase,),
                        kind=r.target, severity=r.severity or "major",
                        message=message.format(reason=r.reason) if message else r.reason,
                        message_en=r.reason, source="review")
            check = check._replace(forbidden=(*check.forbidden,
                                              Hit(rule, start, end, start, end, phrase)))
        elif r.action == "did":  # a slot of the scenario, or an intent of the shared library
            start, end, phrase = _span(text, r.phrase)
            slots = [h for h in slots if h.slot != r.target]
            slots.append(SlotHit(r.target, start, end, phrase, "done"))
            intents = [h for h in intents if h.intent != r.target]
            intents.append(IntentHit(r.target, start, end, phrase, "done"))
        elif r.action == "did_not":
            slots = [replace(h, polarity="refused") if r.target in (h.slot, h.intent) else h
                     for h in slots]
            intents = [h._replace(polarity="refused") if h.intent == r.target else h
                       for h in intents]
    return replace(obs, check=check, slots=tuple(slots), intents=tuple(intents))


def observations(judge, replies: list[str], task, decisions: Iterable[Review],
                 message: str = "") -> list[Observation]:
    """The judge's observation of every reply, with the decisions about it applied."""
    per_turn: dict[int, list[Review]] = {}
    for r in decisions:  # a decision about other words (an edited file) does not apply
        if r.action in SCORING_ACTIONS and r.turn < len(replies) and r.reply == replies[r.turn]:
            per_turn.setdefault(r.turn, []).append(r)
    return [apply(judge.observe(text, task), per_turn.get(i, ()), message)
            if i in per_turn else judge.observe(text, task)
            for i, text in enumerate(replies)]


# ---- the review queue ------------------------------------------------------------------------
REASONS = ("near_miss", "soft", "negated", "questioned", "mentioned", "no_politeness",
           "reviewed", "major", "below_floor", "slow", "pasted")
UNSURE = {"near_miss", "soft", "negated", "questioned", "mentioned", "no_politeness"}
# near_miss: the reply has words of a requirement the conversation missed, read as not doing it
# (refused, a question, a condition, a bare mention): if the judge was wrong, the points are lost


@dataclass
class Item:
    """One reply in the queue."""

    attempt_uid: str
    attempt_id: int
    student: str
    name: str
    scenario: str
    sitting: int
    turn: int
    buyer: str
    reply: str
    reasons: list[str]
    marks: list[dict]  # this reply's marks after the decisions
    impact: float  # exam-grade points this reply's marks moved (signed)
    decisions: list[Review] = field(default_factory=list)
    slots: list[str] = field(default_factory=list)  # what "did / did not" may name: the
    # scenario's slots, then the intents the judge read in this reply
    stake: float = 0.0  # near-misses: exam-grade points a "did" on the missed slots would add
    near: list[str] = field(default_factory=list)  # the missed slots this reply nearly did

    @property
    def unsure(self) -> bool:
        return bool(UNSURE & set(self.reasons))

    def to_json(self) -> dict:
        return {"attempt": self.attempt_uid, "student": self.student, "name": self.name,
                "scenario": self.scenario, "sitting": self.sitting, "turn": self.turn + 1,
                "buyer": self.buyer, "reply": self.reply, "reasons": self.reasons,
                "impact": round(self.impact, 2), "marks": self.marks, "slots": self.slots,
                "near_miss": self.near, "stake": round(self.stake, 2),
                "decisions": [d.to_json() for d in self.decisions]}


def grade_impact(mark: dict, score: dict, scenarios: int) -> float:
    """How many exam-grade points one mark moved: its points in its dimension, weighted like
    the total, shared over the exam's scenarios."""
    weights = score.get("weights") or {}
    total = sum(weights.values())
    if not total or mark.get("dimension") not in weights:
        return 0.0
    if mark["dimension"] == "politeness":
        return 0.0  # earned, not lost: politeness points are not a judgement to doubt
    return mark.get("points", 0) * weights[mark["dimension"]] / total / max(1, scenarios)


def missed_slots(score: dict) -> tuple[set[str], float]:
    """The slots of the requirements the conversation missed, and one requirement's share of the
    resolution points (every requirement has one ``slot.`` mark: done, or missed with 0)."""
    marks = [m for m in score.get("marks", []) if m.get("dimension") == "resolution"
             and str(m.get("rule", "")).startswith("slot.")]
    missed = {name for m in marks if m.get("points", 0) == 0 and m.get("turn") is None
              for name in m["rule"].removeprefix("slot.").split("|")}
    return missed, (100.0 / len(marks) if marks else 0.0)


def items_of(attempt, turns: list[dict], name: str, score: dict, obs: list[Observation],
             decisions: list[Review], slots: list[str], scenarios: int,
             every: bool = False, pasted=frozenset()) -> list[Item]:
    """Queue items for one attempt (``turns``: the scored ones): every reply that has a reason
    to be looked at (``every``: all of them, to decide on any reply). ``pasted``: the indices
    of the replies marked 粘贴 (:mod:`simulator.integrity`)."""
    items = []
    missed, share = missed_slots(score)
    for i, turn in enumerate(turns):
        marks = [m for m in score.get("marks", []) if m.get("turn") == i]
        o = obs[i] if i < len(obs) else None
        mine = [d for d in decisions if d.turn == i]
        reasons, near = [], []
        if o is not None and not o.silence:
            near = sorted({h.slot for h in o.slots if h.slot in missed and not h.done})
            if near:
                reasons.append("near_miss")
            if o.check.soft():
                reasons.append("soft")
            read = [h.polarity for h in (*o.slots, *o.intents)]
            if "refused" in read:
                reasons.append("negated")
            if "question" in read or "condition" in read:
                reasons.append("questioned")
            if "mention" in read or "quoted" in read:
                reasons.append("mentioned")
            if not (o.check.categories() - {"honorific"}):
                reasons.append("no_politeness")
        if mine:
            reasons.append("reviewed")
        for m in marks:
            rule = m.get("rule", "")
            if m["dimension"] == "forbidden" and "major" not in reasons and \
                    m.get("points", 0) < 0 and "soft" not in reasons:
                reasons.append("major")
            elif rule == "price.below_floor":
                reasons.append("below_floor")
            elif rule == "latency.slow" and "slow" not in reasons:
                reasons.append("slow")
        if i in pasted:
            reasons.append("pasted")
        if not reasons and not every:
            continue
        impact = sum(grade_impact(m, score, scenarios) for m in marks)
        points = slots + sorted({h.intent for h in (o.intents if o else ())} - set(slots))
        # the grade points at stake: the missed requirements this reply nearly covered
        requirements = {m["rule"] for m in score.get("marks", []) if m.get("turn") is None
                        and any(n in near for n in m.get("rule", "")[5:].split("|"))
                        and m.get("rule", "").startswith("slot.")}
        stake = sum(grade_impact({"dimension": "resolution", "points": share}, score, scenarios)
                    for _ in requirements)
        items.append(Item(attempt.uid, attempt.id, attempt.student_id, name,
                          attempt.scenario_id, attempt.sitting, i, turn.get("buyer", ""),
                          turn.get("reply", ""), reasons, marks, impact, mine, points,
                          stake, near))
    return items


def order(items: list[Item]) -> list[Item]:
    """Least sure first (near-misses, soft flags, negated slots, no politeness), each group by
    how much the reply moved the grade or, for a near-miss, could have; then the certain marks,
    biggest first."""
    return sorted(items, key=lambda it: (not it.unsure, -max(abs(it.impact), it.stake),
                                         it.student, it.scenario, it.turn))


def check_decision(item: Item, action: str, target: str, severity: str = "") -> str | None:
    """Why a decision cannot be made on ``item`` (a catalogue key), or None."""
    if action not in ACTIONS:
        return "err.review_action"
    if action == "wrong_flag" and target not in {
            m.get("rule") for m in item.marks if m["dimension"] == "forbidden"}:
        return "err.review_no_flag"
    if action == "forbidden":
        from scoring.lexicon import FORBIDDEN_KINDS

        if target not in FORBIDDEN_KINDS or (severity and severity not in SEVERITIES):
            return "err.review_kind"
    if action in ("did", "did_not") and target not in item.slots:
        return "err.review_slot"
    return None
