"""The detector language of ``when`` conditions, in one place: each detector's name, what its
argument is, how it is evaluated and whether it reads memory (what the conversation has done so
far) rather than the reply just given. The loader checks conditions against it, the engine
evaluates them through it, the graph names them with it, and a test ties it to the README table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# What a detector's argument is.
NONE = "none"  # no argument: `silence`
KIND = "kind"  # optional: a kind of 禁用语 (`forbidden` or `{forbidden: blame}`)
CATEGORY = "category"  # optional: a politeness category
SLOT = "slot"  # a slot of this scenario
INTENT = "intent"  # a shared intent (scoring/lexicons/intents.yaml)
FACT = "fact"  # a fact name (scoring/lexicons/facts.yaml, and offered_price)
NUMBER = "number"  # a whole number
REQUIRED = (SLOT, INTENT, FACT, NUMBER)
COMBINATORS = ("all", "any", "not")


@dataclass(frozen=True)
class Detector:
    name: str
    arg: str
    holds: Callable  # (obs, state, scenario, arg) -> bool; obs is None when no reply is judged
    memory: bool = False  # answered from the state alone, so usable without a reply

    def evaluate(self, obs, state, scenario, arg) -> bool:
        if obs is None and not self.memory:
            return False
        return self.holds(obs, state, scenario, arg)


def _polite(obs, state, scenario, arg) -> bool:
    cats = obs.check.categories()
    return arg in cats if arg else bool(cats - {"honorific"})


def _floor(obs, state, scenario, arg) -> bool:
    return obs.below_floor(scenario.task().floor_price) is not None


_ALL = (
    Detector("silence", NONE, lambda o, s, sc, a: o.silence),
    Detector("forbidden", KIND,
             lambda o, s, sc, a: any(a is None or h.rule.kind == a for h in o.check.major())),
    Detector("soft_negative", NONE, lambda o, s, sc, a: bool(o.check.soft())),
    Detector("polite", CATEGORY, _polite),
    Detector("asked_question", NONE, lambda o, s, sc, a: o.question),
    Detector("slot", SLOT, lambda o, s, sc, a: a in o.covered()),
    Detector("intent", INTENT, lambda o, s, sc, a: a in o.done_intents()),
    Detector("refused", SLOT, lambda o, s, sc, a: a in o.refused_slots()),
    Detector("price_offered", NONE, lambda o, s, sc, a: bool(o.prices)),
    Detector("price_below_floor", NONE, _floor),
    Detector("covered", SLOT, lambda o, s, sc, a: a in s.covered
             or o is not None and a in o.covered(), memory=True),
    Detector("said", INTENT, lambda o, s, sc, a: a in s.said
             or o is not None and a in o.done_intents(), memory=True),
    Detector("fact", FACT, lambda o, s, sc, a: a in s.fact_map()
             or o is not None and a in o.facts, memory=True),
    Detector("patience_below", NUMBER, lambda o, s, sc, a: s.patience < a, memory=True),
)
REGISTRY = {d.name: d for d in _ALL}
# Short names for one politeness category: `apologized` is `{polite: apology}`.
ALIASES = {"apologized": "apology", "greeted": "greeting", "thanked": "thanks",
           "empathized": "empathy"}


def evaluate(cond, obs, state, scenario) -> bool:
    """Does the parsed condition hold for the reply ``obs`` (None: memory only) and the state?"""
    if cond is None:
        return True
    name, arg = cond
    if name == "all":
        return all(evaluate(c, obs, state, scenario) for c in arg)
    if name == "any":
        return any(evaluate(c, obs, state, scenario) for c in arg)
    if name == "not":
        return not evaluate(arg, obs, state, scenario)
    return REGISTRY[name].evaluate(obs, state, scenario, arg)


def names() -> list[str]:
    """Every word a `when` may use."""
    return list(REGISTRY) + list(ALIASES) + list(COMBINATORS)


def check_argument(name: str, arg, slot_names: set[str]) -> str | None:
    """Why ``arg`` does not fit detector ``name`` (None: it fits)."""
    kind = REGISTRY[name].arg
    if arg is None:
        return f"needs a value, e.g. {{{name}: ...}}" if kind in REQUIRED else None
    if kind == NONE:
        return "takes no value"
    if kind == KIND:
        from scoring.lexicon import FORBIDDEN_KINDS

        return None if arg in FORBIDDEN_KINDS else \
            f"unknown kind {arg!r} (one of: {', '.join(FORBIDDEN_KINDS)})"
    if kind == CATEGORY:
        from scoring.lexicon import POLITENESS_CATEGORIES

        return None if arg in POLITENESS_CATEGORIES else \
            f"unknown category {arg!r} (one of: {', '.join(POLITENESS_CATEGORIES)})"
    if kind == SLOT:
        return None if arg in slot_names else f"no slot called {arg!r}"
    if kind == INTENT:
        from scoring.intents import library

        return None if arg in library().by_id else f"unknown intent {arg!r}"
    if kind == FACT:
        from scoring.facts import fact_names

        return None if arg in fact_names() else \
            f"unknown fact {arg!r} (known: {', '.join(fact_names())})"
    if isinstance(arg, bool) or not isinstance(arg, int):
        return "must be a whole number"
    return None
