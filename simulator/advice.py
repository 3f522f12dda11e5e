"""What the best ending needed: after a lesser ending, the things the conversation did not do
that the way into the best ending asks for (its edge's condition, in the scenario's words)."""

from __future__ import annotations

from scenarios.graph import best_endings, edges_into, positive_atoms
from scenarios.model import Scenario
from scoring.judge import Mark

from .i18n import t

ADVISED = ("slot", "covered", "intent", "said", "polite", "asked_question", "price_offered",
           "fact")


def best_needed(scenario: Scenario, state, observations, outcome_id: str | None) -> Mark | None:
    """A 0-point outcome mark naming what the best ending required and the conversation did not
    do, or None when the best ending was reached (or the scene has not ended)."""
    best = best_endings(scenario)
    if outcome_id is None or outcome_id in best:
        return None
    done = _done(state, observations)
    options = []
    for target in best:
        for _, when in edges_into(scenario, target):
            atoms = [a for a in dict.fromkeys(positive_atoms(when)) if a[0] in ADVISED]
            missing = [a for a in atoms if not done(a)]
            via_met = when is not None and when[0] == "needs"  # a shortcut, not the way
            options.append((via_met, len(missing), target, missing))
    missing_slots = [name for need in scenario.resolve if not any(
        s in state.covered for s in need) for name in need[:1]]
    if not options:
        return None
    _, _, target, missing = min(options, key=lambda o: o[:2])
    words = [_word(scenario, a) for a in missing]
    words += [scenario.task().slot(s).label for s in missing_slots
              if scenario.task().slot(s).label not in words]
    label = scenario.outcomes[target].label
    message = (t("advice.best_needed", label=label, needs="、".join(dict.fromkeys(words)))
               if words else t("advice.best_patience", label=label))
    return Mark("outcome", 0, "outcome.best_needed", message,
                suggestion=t("advice.best_suggestion"))


def _done(state, observations):
    categories = set().union(*(o.check.categories() for o in observations)) \
        if observations else set()

    def done(atom) -> bool:
        name, arg = atom
        if name in ("slot", "covered"):
            return arg in state.covered
        if name in ("intent", "said"):
            return arg in state.said
        if name == "polite":
            return arg in categories if arg else bool(categories - {"honorific"})
        if name == "asked_question":
            return any(o.question for o in observations)
        if name == "price_offered":
            return any(o.prices for o in observations)
        if name == "fact":
            return arg in state.fact_map()
        return True

    return done


def _word(scenario: Scenario, atom) -> str:
    name, arg = atom
    if name in ("slot", "covered"):
        return scenario.task().slot(arg).label
    if name in ("intent", "said"):
        from scoring.intents import library

        return library().by_id[arg].label
    if name == "polite":
        return t(f"advice.polite.{arg or 'any'}")
    return t(f"advice.{name}", fact=arg or "")
