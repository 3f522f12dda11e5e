"""The buyer as a pure state machine: ``step(scenario, state, observation) -> (state, step)``.

No I/O and no clock: the terminal loop, the ``--replies`` runner and exams are adapters around it.
Buyer lines are chosen from the seed, the turn number and the node, so a conversation replays
identically from its replies (that is how ``kefu resume`` rebuilds the state).

The buyer listens: the state remembers which slots the conversation has covered, which intents
were done and which facts the student named (a time, a size, a price …). A node that needs what
was already said is passed over with its ``met`` line; a question the reply dodged is asked again
(and the judge counts that); lines quote the facts and may depend on what was said. Patience moves
by the edge, the persona's decay and how the reply treated the buyer (:mod:`scenarios.reactions`).
After a good ending the student has the last word: one closing reply, scored like the others.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Collection
from dataclasses import dataclass, replace

from scenarios.detectors import evaluate
from scenarios.model import BUYER_LEFT, Line, Scenario
from scenarios.reactions import reaction
from scoring.judge import Observation

MAX_SKIPS = 8  # nodes passed over in one turn because their needs were met (cycles stop here)
NUDGE_COST = 5  # patience lost for every 催 line the buyer sent while waiting for the reply


@dataclass(frozen=True)
class State:
    node: str
    patience: int
    turn: int = 0  # replies received so far
    covered: frozenset[str] = frozenset()  # slots covered by any reply so far
    said: frozenset[str] = frozenset()  # shared intents done by any reply so far
    facts: tuple[tuple[str, str], ...] = ()  # (name, value) pairs the student stated, newest value per name
    outcome: str | None = None
    closing: bool = False  # a good ending was reached: the student's last word is awaited

    @property
    def finished(self) -> bool:
        return self.outcome is not None and not self.closing

    def fact_map(self) -> dict[str, str]:
        return dict(self.facts)


@dataclass(frozen=True)
class Step:
    """What one reply caused."""

    edge: int | None  # index of the edge taken; None for the turn limit or the last word
    patience_delta: int
    buyer: str  # the buyer's next line (or closing line when the scene ends)
    outcome: str | None
    reaction: tuple[tuple[str, int], ...] = ()  # (reason, points) the reply itself moved patience by
    repeated: tuple[str, ...] = ()  # slots the buyer had to ask for again: the reply dodged them
    skipped: tuple[str, ...] = ()  # nodes passed over: what they need had already been said


def pick_line(scenario: Scenario, lines: tuple[Line, ...], seed: int, turn: int, where: str,
              state: State | None = None, obs: Observation | None = None) -> str:
    """One of ``lines``: among those whose condition holds and whose facts are known, the
    conditional ones first; chosen by the seed, rendered with the context and the facts."""
    facts = state.fact_map() if state is not None else {}
    usable = [ln for ln in lines if all(f in facts for f in ln.facts)
              and (ln.when is None or (state is not None and matches(ln.when, obs, state,
                                                                     scenario)))]
    preferred = [ln for ln in usable if ln.when is not None or ln.facts] or usable
    if not preferred:
        return ""
    return scenario.render(preferred[_choice(f"{seed}:{turn}:{where}", len(preferred))].text,
                           facts)


@functools.lru_cache(maxsize=4096)
def _choice(key: str, n: int) -> int:
    """The line a seeded draw picks among ``n``: a pure function of the key, remembered
    (seeding a Random from a string hashes it: a replayed class draws the same keys again)."""
    return random.Random(key).randrange(n)


def start(scenario: Scenario, seed: int) -> tuple[State, str]:
    state = State(scenario.start, scenario.persona.temperament.patience)
    return state, pick_line(scenario, scenario.nodes[scenario.start].say, seed, 0, scenario.start,
                            state)


def matches(cond: object, obs: Observation | None, state: State, scenario: Scenario) -> bool:
    """Does ``cond`` hold for the reply ``obs`` (None: no reply, only memory) and the state?"""
    return evaluate(cond, obs, state, scenario)


def needs_met(needs: tuple[tuple[str, ...], ...], covered: Collection[str]) -> bool:
    """Every need (one of its slots) has been covered."""
    return bool(needs) and all(any(s in covered for s in need) for need in needs)


def unmet(needs: tuple[tuple[str, ...], ...], covered: Collection[str]) -> tuple[str, ...]:
    return tuple(s for need in needs if not any(x in covered for x in need) for s in need)


def step(scenario: Scenario, state: State, obs: Observation, seed: int,
         nudges: int = 0) -> tuple[State, Step]:
    """The buyer's answer to one reply; ``nudges``: 催 lines the buyer sent while waiting."""
    if state.finished:
        raise ValueError("the conversation has already ended")
    if state.closing:  # the student's last word after a good ending: heard, not answered
        return replace(state, turn=state.turn + 1, closing=False), \
            Step(None, 0, "", state.outcome)
    node = scenario.nodes[state.node]
    turn = state.turn + 1
    covered = state.covered | obs.covered()
    facts = {**state.fact_map(), **obs.facts}
    index, edge = next(
        (i, e) for i, e in enumerate(node.edges) if matches(e.when, obs, state, scenario)
    )
    feel = reaction(scenario, node, obs, state)
    delta = edge.patience - scenario.persona.temperament.decay + sum(p for _, p in feel) \
        - NUDGE_COST * nudges
    patience = max(0, min(100, state.patience + delta))
    new = replace(state, turn=turn, patience=patience, covered=covered,
                  said=state.said | obs.done_intents(), facts=tuple(sorted(facts.items())))
    target, acks, skipped = _pass_met(scenario, edge.goto, new, obs, seed, turn)
    if target not in scenario.outcomes and (patience <= 0 or turn >= scenario.max_turns):
        target, acks = BUYER_LEFT, []
    if target in scenario.outcomes:
        outcome = scenario.outcomes[target]
        closing = pick_line(scenario, outcome.say, seed, turn, target, new, obs)
        return replace(new, outcome=target, closing=outcome.good), \
            Step(index, delta, _join(acks + [closing]), target, feel, (), skipped)
    nxt = scenario.nodes[target]
    repeated: tuple[str, ...] = ()
    if target == state.node or nxt.needs:
        asked_again = set(unmet(node.needs, covered)) & set(unmet(nxt.needs, covered))
        repeated = tuple(sorted(asked_again))
    lines = nxt.say
    if repeated and nxt.probe and obs.vague:
        lines, repeated = nxt.probe, ()  # a vague answer: the buyer presses for the detail
    elif repeated and nxt.again:
        lines = nxt.again
    line = pick_line(scenario, lines, seed, turn, target, new, obs)
    return replace(new, node=target), \
        Step(index, delta, _join(acks + [line]), None, feel, repeated, skipped)


def _pass_met(scenario: Scenario, target: str, state: State, obs: Observation, seed: int,
              turn: int) -> tuple[str, list[str], tuple[str, ...]]:
    """Follow ``met`` past nodes whose needs the conversation has already covered."""
    acks: list[str] = []
    skipped: list[str] = []
    while target in scenario.nodes and len(skipped) < MAX_SKIPS:
        node = scenario.nodes[target]
        if node.met is None or not needs_met(node.needs, state.covered):
            break
        acks.append(pick_line(scenario, node.met.say, seed, turn, f"{target}:met", state, obs))
        skipped.append(target)
        target = node.met.goto
    return target, [a for a in acks if a], tuple(skipped)


def _join(lines: list[str]) -> str:
    """The buyer's acknowledgements and next line as one message ("运费你们出那就行。那几天能到?")."""
    lines = [ln for ln in lines if ln]
    return "".join(ln if i == len(lines) - 1 or ln.endswith(tuple("。!?！？~…,，"))
                   else ln + "。" for i, ln in enumerate(lines))


def give_up(scenario: Scenario, state: State, seed: int) -> tuple[State, str]:
    """The student stopped answering (replies ran out): the buyer leaves, with a closing line.
    Waiting for the last word after a good ending, the scene simply closes."""
    if state.closing:
        return replace(state, closing=False), ""
    closing = pick_line(scenario, scenario.outcomes[BUYER_LEFT].say, seed, state.turn + 1,
                        BUYER_LEFT, state)
    return replace(state, outcome=BUYER_LEFT), closing
