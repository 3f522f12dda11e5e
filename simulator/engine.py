"""The buyer as a pure state machine: ``step(scenario, state, observation) -> (state, events)``.

No I/O and no clock: the terminal loop, the ``--replies`` runner and exams are adapters around it.
Buyer lines are chosen from the seed, the turn number and the node, so a conversation replays
identically from its replies (that is how ``kefu resume`` rebuilds the state).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from scenarios.model import BUYER_LEFT, Scenario
from scoring.judge import Observation


@dataclass(frozen=True)
class State:
    node: str
    patience: int
    turn: int = 0  # replies received so far
    covered: frozenset = frozenset()
    outcome: str | None = None

    @property
    def finished(self) -> bool:
        return self.outcome is not None


@dataclass(frozen=True)
class Step:
    """What one reply caused."""

    edge: int | None  # index of the edge taken, None when the turn limit ended it
    patience_delta: int
    buyer: str  # the buyer's next line (or closing line when the scene ends)
    outcome: str | None


def pick_line(scenario: Scenario, lines: tuple[str, ...], seed: int, turn: int, where: str) -> str:
    if not lines:
        return ""
    rng = random.Random(f"{seed}:{turn}:{where}")
    return scenario.render(lines[rng.randrange(len(lines))])


def start(scenario: Scenario, seed: int) -> tuple[State, str]:
    state = State(scenario.start, scenario.persona.temperament.patience)
    return state, pick_line(scenario, scenario.nodes[scenario.start].say, seed, 0, scenario.start)


def matches(cond, obs: Observation, state: State, scenario: Scenario) -> bool:
    if cond is None:
        return True
    name, arg = cond
    if name == "all":
        return all(matches(c, obs, state, scenario) for c in arg)
    if name == "any":
        return any(matches(c, obs, state, scenario) for c in arg)
    if name == "not":
        return not matches(arg, obs, state, scenario)
    if name == "silence":
        return obs.silence
    if name == "forbidden":
        return any(arg is None or h.rule.kind == arg for h in obs.check.major())
    if name == "soft_negative":
        return bool(obs.check.soft())
    if name == "polite":
        cats = obs.check.categories()
        return arg in cats if arg else bool(cats - {"honorific"})
    if name == "asked_question":
        return obs.question
    if name == "slot":
        return arg in obs.covered()
    if name == "intent":
        return arg in obs.done_intents()
    if name == "refused":
        return arg in obs.refused_slots()
    if name == "covered":
        return arg in obs.covered() or arg in state.covered
    if name == "price_offered":
        return bool(obs.prices)
    if name == "price_below_floor":
        return obs.below_floor(scenario.task().floor_price) is not None
    if name == "patience_below":
        return state.patience < arg
    raise ValueError(f"unknown detector {name}")


def step(scenario: Scenario, state: State, obs: Observation, seed: int) -> tuple[State, Step]:
    if state.finished:
        raise ValueError("the conversation has already ended")
    node = scenario.nodes[state.node]
    turn = state.turn + 1
    covered = state.covered | obs.covered()
    index, edge = next(
        (i, e) for i, e in enumerate(node.edges) if matches(e.when, obs, state, scenario)
    )
    delta = edge.patience - scenario.persona.temperament.decay
    patience = max(0, min(100, state.patience + delta))
    target = edge.goto
    if target not in scenario.outcomes and (patience <= 0 or turn >= scenario.max_turns):
        target = BUYER_LEFT
    new = replace(state, turn=turn, patience=patience, covered=covered)
    if target in scenario.outcomes:
        outcome = scenario.outcomes[target]
        closing = pick_line(scenario, outcome.say, seed, turn, target)
        return replace(new, outcome=target), Step(index, delta, closing, target)
    line = pick_line(scenario, scenario.nodes[target].say, seed, turn, target)
    return replace(new, node=target), Step(index, delta, line, None)


def give_up(scenario: Scenario, state: State, seed: int) -> tuple[State, str]:
    """The student stopped answering (replies ran out): the buyer leaves, with a closing line."""
    closing = pick_line(scenario, scenario.outcomes[BUYER_LEFT].say, seed, state.turn + 1,
                        BUYER_LEFT)
    return replace(state, outcome=BUYER_LEFT), closing
