"""A scenario tests itself: run its ``tests`` scripts through the real engine and scorer.

It lives in ``simulator`` (not ``scenarios``) because it plays the engine: the scenario format
and loader know nothing of the simulator, and imports flow one way.

The scripts take exactly the path of ``kefu drill --replies``: a :class:`simulator.session.Session`
(with no transcript file) is fed one reply per line and the buyer gives up when the replies run
out. On top of the scripts, :func:`bank_rules` checks what the built-in bank promises for every
scenario: a model script expecting its best ending with ``min_score`` of at least 85, a poor script
ending badly with ``max_score`` of at most 40, at least two good and two bad endings that the
turn graph can reach, and that it holds up to natural play: good scripts by three authors (one
written blind), a weak-but-polite script ending below them all, a keyword-salad script held low.

Nothing here prints; problems are returned as codes with parameters for the caller to word.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scenarios.graph import best_endings
from scenarios.lint import reachable
from scenarios.model import Scenario, ScriptTest

MODEL_MIN_SCORE = 85  # a model script must demand at least this score
POOR_MAX_SCORE = 40  # a poor script must demand at most this score
MIN_ENDINGS = 2  # good and bad endings each the graph must be able to reach
GOOD_SCRIPTS = 3  # good scripts (min_score >= MODEL_MIN_SCORE) by this many different authors
SALAD_MAX_SCORE = 60  # a keyword-salad script must demand at most this score


@dataclass
class ScriptResult:
    name: str
    expect: str
    seed: int
    line: int
    outcome: str | None
    good: bool | None
    score: int
    min_score: float | None
    max_score: float | None
    replies_used: int
    replies_total: int
    failures: list[str] = field(default_factory=list)  # "outcome", "min_score", "max_score"

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_json(self) -> dict:
        return {
            "name": self.name, "line": self.line, "seed": self.seed, "expect": self.expect,
            "outcome": self.outcome, "good": self.good, "score": self.score,
            "min_score": self.min_score, "max_score": self.max_score,
            "replies_used": self.replies_used, "replies_total": self.replies_total,
            "passed": self.passed, "failures": self.failures,
        }


@dataclass
class Rule:
    """A bank rule the scenario breaks: ``code`` names it, ``params`` fill its message."""

    code: str
    params: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"code": self.code, **self.params}


@dataclass
class ScenarioReport:
    id: str
    path: str
    scripts: list[ScriptResult]
    rules: list[Rule]

    @property
    def passed(self) -> bool:
        return not self.rules and all(s.passed for s in self.scripts)

    def to_json(self) -> dict:
        return {"id": self.id, "path": self.path, "passed": self.passed,
                "scripts": [s.to_json() for s in self.scripts],
                "rules": [r.to_json() for r in self.rules]}


def expectation_met(scenario: Scenario, expect: str, outcome_id: str | None) -> bool:
    if outcome_id is None:
        return False
    if expect in ("good", "bad"):
        return scenario.outcomes[outcome_id].good == (expect == "good")
    return outcome_id == expect


def play(scenario: Scenario, replies, seed: int, judge):
    """Run one reply script to the end, exactly like ``kefu drill --replies``."""
    from .session import Session

    session = Session.new(scenario, seed, judge)
    used = 0
    for reply in replies:
        if session.finished:
            break
        session.reply(reply)
        used += 1
    session.give_up()
    return session, used


def run_script(scenario: Scenario, test: ScriptTest, judge) -> ScriptResult:
    session, used = play(scenario, test.replies, test.seed, judge)
    outcome = session.data["outcome"]
    score = session.data["score"]["total"]
    result = ScriptResult(
        name=test.name, expect=test.expect, seed=test.seed, line=test.line,
        outcome=outcome["id"], good=outcome["good"], score=score,
        min_score=test.min_score, max_score=test.max_score,
        replies_used=used, replies_total=len(test.replies),
    )
    if not expectation_met(scenario, test.expect, outcome["id"]):
        result.failures.append("outcome")
    if test.min_score is not None and score < test.min_score:
        result.failures.append("min_score")
    if test.max_score is not None and score > test.max_score:
        result.failures.append("max_score")
    return result


def reachable_endings(scenario: Scenario) -> tuple[list[str], list[str]]:
    """Good and bad outcomes some edge path from the start leads to. ``buyer_left`` counts only
    when an edge names it (every buyer can run out of patience; that is not a designed ending)."""
    seen = reachable(scenario)
    good = [o.id for o in scenario.outcomes.values() if o.id in seen and o.good]
    bad = [o.id for o in scenario.outcomes.values() if o.id in seen and not o.good]
    return good, bad


def _expects_bad(scenario: Scenario, test: ScriptTest) -> bool:
    return test.expect == "bad" or (test.expect in scenario.outcomes
                                    and not scenario.outcomes[test.expect].good)


def bank_rules(scenario: Scenario, results: list[ScriptResult] | None = None) -> list[Rule]:
    """What the built-in bank promises for every scenario. With the scripts' ``results`` (the
    same order as ``scenario.tests``) and for the built-in bank, also that it holds up to
    natural play: good scripts
    by several authors, one written blind; a weak-but-polite script that ends lower than every
    good one; a keyword-salad script held to a low score."""
    rules = []
    best = best_endings(scenario)
    if not any(s.expect in best and s.min_score is not None and s.min_score >= MODEL_MIN_SCORE
               for s in scenario.tests):
        rules.append(Rule("no_model_script", {"min": MODEL_MIN_SCORE,
                                              "best": ", ".join(best) or "-"}))
    if not any(_expects_bad(scenario, s) and s.max_score is not None
               and s.max_score <= POOR_MAX_SCORE for s in scenario.tests):
        rules.append(Rule("no_poor_script", {"max": POOR_MAX_SCORE}))
    good, bad = reachable_endings(scenario)
    if len(good) < MIN_ENDINGS:
        rules.append(Rule("few_good_endings", {"n": len(good), "need": MIN_ENDINGS,
                                               "endings": ", ".join(good) or "-"}))
    if len(bad) < MIN_ENDINGS:
        rules.append(Rule("few_bad_endings", {"n": len(bad), "need": MIN_ENDINGS,
                                              "endings": ", ".join(bad) or "-"}))
    if results is not None and scenario.builtin:
        rules += _natural_play(scenario, results)
    return rules


def _natural_play(scenario: Scenario, results: list[ScriptResult]) -> list[Rule]:
    rules = []
    good = [(t, r) for t, r in zip(scenario.tests, results, strict=True)
            if t.expect not in ("bad",) and not _expects_bad(scenario, t)
            and t.min_score is not None and t.min_score >= MODEL_MIN_SCORE]
    authors = {t.author for t, _ in good if t.author}
    if len(authors) < GOOD_SCRIPTS:
        rules.append(Rule("few_good_authors", {"n": len(authors), "need": GOOD_SCRIPTS,
                                               "min": MODEL_MIN_SCORE}))
    if not any(t.blind for t, _ in good):
        rules.append(Rule("no_blind_script", {"min": MODEL_MIN_SCORE}))
    lowest = min((r.score for _, r in good), default=None)
    weak = [r for t, r in zip(scenario.tests, results, strict=True) if t.kind == "weak"]
    best = best_endings(scenario)
    if not weak or any(r.outcome in best or (lowest is not None and r.score >= lowest)
                       for r in weak):
        rules.append(Rule("no_weak_script", {"lowest": "-" if lowest is None else lowest}))
    if not any(t.kind == "salad" and t.max_score is not None and t.max_score <= SALAD_MAX_SCORE
               and r.outcome not in best for t, r in zip(scenario.tests, results, strict=True)):
        rules.append(Rule("no_salad_script", {"max": SALAD_MAX_SCORE}))
    return rules


def run_scenario_tests(scenario: Scenario, judge=None) -> ScenarioReport:
    """Run every script of ``scenario`` and check the bank rules."""
    if judge is None:
        from scoring.judge import Judge

        judge = Judge()
    scripts = [run_script(scenario, test, judge) for test in scenario.tests]
    return ScenarioReport(scenario.id, scenario.path, scripts, bank_rules(scenario, scripts))
