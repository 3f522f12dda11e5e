"""``kefu drill --focus weak``: the scenario that trains a student's weakest point. Pure.

The weak point is the lowest of, on one 0-100 scale:

- a scoring dimension's average over the student's attempts (礼貌用语, 禁用语 …);
- an intent's success rate: of the requirements that an intent could have covered in the
  student's recent conversations (re-judged from their transcripts), the share covered.

An intent is trained by a scenario whose slots list it; a dimension by the scenario in which the
student's latest score on it is lowest. Among the candidates: not the scenario just played, then the one
played least, then the easiest. With no history: an easy starter scenario.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .history import DIMENSIONS

RECENT = 30  # attempts re-judged for the intents (the newest)


@dataclass(frozen=True)
class Weakness:
    kind: str  # "dimension" or "intent"
    id: str
    label: str
    value: float  # 0-100: the average, or the share of chances taken
    done: int = 0  # intents: chances taken …
    chances: int = 0  # … out of this many


@dataclass(frozen=True)
class Focus:
    scenario: object  # the chosen Scenario
    weakness: Weakness | None  # None: no history yet (a starter scenario)
    reason: tuple[str, dict] = ("", {})  # message key and parameters (the one-line why)
    candidates: list[str] = field(default_factory=list)  # scenario ids that train it

    def to_json(self) -> dict:
        w = self.weakness
        return {"scenario": self.scenario.id, "title": self.scenario.title,
                "weakness": None if w is None else dict(w.__dict__),
                "reason": self.reason[0], "params": self.reason[1],
                "candidates": self.candidates}


def intent_record(attempts, bank: dict, judge) -> dict[str, list[int]]:
    """``{intent: [chances taken, chances]}`` over the newest :data:`RECENT` attempts whose
    scenario is unchanged in the bank (their replies are re-judged)."""
    from .session import regrade_transcript

    counts: dict[str, list[int]] = {}
    for a in attempts[-RECENT:]:
        scenario = bank.get(a.scenario_id)
        if scenario is None or scenario.content_hash != a.scenario_hash or not a.transcript:
            continue
        marks = regrade_transcript(a.transcript, scenario, judge).score["marks"]
        missed = {m["rule"] for m in marks if m["dimension"] == "resolution"
                  and m["rule"].startswith("slot.") and m["points"] == 0}
        task = scenario.task()
        for requirement in task.requirements:
            intents = {i for name in requirement for i in task.slot(name).intents}
            took = f"slot.{'|'.join(requirement)}" not in missed
            for intent in intents:
                entry = counts.setdefault(intent, [0, 0])
                entry[0] += took
                entry[1] += 1
    return counts


def weakest(attempts, bank: dict, judge, intent_labels: dict[str, str],
            dimension_label) -> Weakness | None:
    """The student's weakest point (ties: an intent before a dimension, then the order of
    :data:`DIMENSIONS`, then the id)."""
    found = []
    dims: dict[str, list[float]] = {}
    for a in attempts:
        for dim, value in a.dimensions.items():
            dims.setdefault(dim, []).append(float(value))
    for dim, values in dims.items():
        rank = DIMENSIONS.index(dim) if dim in DIMENSIONS else 99
        found.append(((round(sum(values) / len(values), 1), 1, rank, dim),
                      Weakness("dimension", dim, dimension_label(dim),
                               round(sum(values) / len(values), 1))))
    for intent, (took, chances) in intent_record(attempts, bank, judge).items():
        value = round(100.0 * took / chances, 1)
        found.append(((value, 0, 0, intent),
                      Weakness("intent", intent, intent_labels.get(intent, intent), value,
                               took, chances)))
    return min(found, key=lambda item: item[0])[1] if found else None


def trains(scenario, weakness: Weakness) -> bool:
    if weakness.kind == "intent":
        return any(weakness.id in slot.intents for slot in scenario.slots)
    return True


def choose(attempts, bank: dict, judge, intent_labels: dict[str, str], dimension_label,
           seed: int = 0) -> Focus:
    """The scenario to drill next for the student whose ``attempts`` (gradebook records with
    transcripts, oldest first) are given; ``bank``: scenarios by id (not empty)."""
    scenarios = sorted(bank.values(), key=lambda s: s.id)
    weakness = weakest(attempts, bank, judge, intent_labels, dimension_label)
    if weakness is None:
        easiest = min(s.difficulty for s in scenarios)
        starters = [s for s in scenarios if s.difficulty == easiest]
        pick = random.Random(seed).choice(starters)
        return Focus(pick, None, ("focus.starter", {"title": pick.title}),
                     [s.id for s in starters])
    played: dict[str, int] = {}
    for a in attempts:
        played[a.scenario_id] = played.get(a.scenario_id, 0) + 1
    last = attempts[-1].scenario_id if attempts else None
    candidates = [s for s in scenarios if trains(s, weakness)]
    if weakness.kind == "dimension":
        latest = _last_by_scenario(attempts, weakness.id)
        order = lambda s: (latest.get(s.id, 101.0), s.id == last, s.difficulty, s.id)  # noqa: E731
    else:
        order = lambda s: (s.id == last, played.get(s.id, 0), s.difficulty, s.id)  # noqa: E731
    if not candidates:  # no scenario in the bank has the intent any more
        candidates = scenarios
    candidates.sort(key=order)
    pick = candidates[0]
    params = {"label": weakness.label, "value": f"{weakness.value:g}", "title": pick.title}
    if weakness.kind == "intent":
        key = "focus.intent"
        params |= {"done": weakness.done, "chances": weakness.chances}
    else:
        latest = _last_by_scenario(attempts, weakness.id)
        key = "focus.dimension" if pick.id in latest else "focus.dimension_new"
        params["here"] = f"{latest.get(pick.id, 0):g}"
    return Focus(pick, weakness, (key, params), [s.id for s in candidates])


def _last_by_scenario(attempts, dim: str) -> dict[str, float]:
    """The student's latest score on ``dim`` in each scenario played (a scenario trained
    until it goes well stops being the one picked)."""
    return {a.scenario_id: float(a.dimensions[dim]) for a in attempts if dim in a.dimensions}
