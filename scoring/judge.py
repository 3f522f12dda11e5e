"""Judging: what one reply did (:class:`Observation`) and the score of a whole conversation.

Every point gained or lost is a :class:`Mark` naming its dimension, the rule, the turn and the
span of the reply it points at, with an explanation and a better phrasing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .datafile import Problem
from .facts import PRICE_FACT, find_facts
from .intentfile import IntentHit
from .intents import IntentLibrary, library
from .lexicon import Lexicon
from .matcher import CheckResult, Hit, Matcher
from .resolution import PriceHit, SlotHit, Task, asked_question, find_prices
from .rubric import DIMENSIONS, Rubric, load_rubric
from .slots import slot_finder
from .verify import load_checked_lexicon


@dataclass(frozen=True)
class Observation:
    """What the detectors saw in one reply."""

    check: CheckResult
    slots: tuple[SlotHit, ...] = ()
    prices: tuple[PriceHit, ...] = ()
    question: bool = False
    intents: tuple[IntentHit, ...] = ()  # what the reply does (shared library), with polarity
    facts: dict = field(default_factory=dict)  # {eta: 周五, size: L码, offered_price: 139 …}

    @property
    def silence(self) -> bool:
        return not self.check.text.strip()

    @property
    def vague(self) -> bool:
        """Hedged (应该吧, 大概这两天): the buyer will press for the detail."""
        return any(h.rule.kind == "vague" for h in self.check.soft())

    def covered(self) -> set[str]:
        return {h.slot for h in self.slots if h.done}

    def refused_slots(self) -> set[str]:
        """Slots the reply names but refuses ("不能退款"), and does not also do."""
        return {h.slot for h in self.slots if h.refused} - self.covered()

    def done_intents(self) -> set[str]:
        return {h.intent for h in self.intents if h.done}

    def refused_intents(self) -> set[str]:
        return {h.intent for h in self.intents if h.polarity == "refused"} - self.done_intents()

    def below_floor(self, floor: float | None) -> PriceHit | None:
        if floor is None:
            return None
        return next((p for p in self.prices if p.value < floor), None)

    def to_json(self) -> dict:
        return {
            "silence": self.silence,
            "question": self.question,
            "politeness": sorted(self.check.categories()),
            "forbidden": [h.rule.id for h in self.check.major()],
            "soft": [h.rule.id for h in self.check.soft()],
            "slots": sorted(self.covered()),
            "negated_slots": sorted(self.refused_slots()),
            "prices": [p.value for p in self.prices],
            "intents": sorted(self.done_intents()),
            "refused_intents": sorted(self.refused_intents()),
            "facts": dict(sorted(self.facts.items())),
        }


@dataclass(frozen=True)
class Mark:
    dimension: str
    points: float
    rule: str
    message: str
    turn: int | None = None  # index of the reply, None for the whole conversation
    start: int | None = None
    end: int | None = None
    phrase: str = ""
    suggestion: str = ""

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None and v != ""} | {
            "points": round(self.points, 2)
        }


@dataclass
class Score:
    total: int
    dimensions: dict[str, float]
    weights: dict[str, float]
    omitted: dict[str, str] = field(default_factory=dict)
    marks: list[Mark] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "dimensions": {k: round(v, 1) for k, v in self.dimensions.items()},
            "weights": self.weights,
            "omitted": self.omitted,
            "marks": [m.to_json() for m in self.marks],
        }


@dataclass(frozen=True)
class OutcomeInfo:
    id: str
    label: str
    good: bool
    score: float | None = None  # overrides 100/0 for good/bad


_MATCHERS: dict[int, tuple[Lexicon, Matcher]] = {}


def _matcher(lexicon: Lexicon) -> Matcher:
    """One compiled matcher per lexicon object (the built-in lexicon is itself cached)."""
    entry = _MATCHERS.get(id(lexicon))
    if entry is None or entry[0] is not lexicon:
        if len(_MATCHERS) >= 16:
            _MATCHERS.pop(next(iter(_MATCHERS)))
        entry = _MATCHERS[id(lexicon)] = (lexicon, Matcher(lexicon))
    return entry[1]


class Judge:
    """A lexicon (with optional overlay) and a rubric (with optional weight overrides).

    ``lang`` ("zh" or "en") is the language of the explanations the judge writes itself; rule
    messages and suggestions come from the lexicon as they are.
    """

    def __init__(self, overlay: str | None = None, weights: dict[str, float] | None = None,
                 lexicon: Lexicon | None = None, rubric: Rubric | None = None,
                 lang: str | None = None):
        self.lexicon = lexicon or load_checked_lexicon(overlay)
        self.matcher = _matcher(self.lexicon)
        self.rubric = (rubric or load_rubric()).with_weights(weights)
        self.lang = lang or "zh"

    def _say(self, key: str, **params) -> str:
        return self.rubric.message(key, self.lang, **params)

    def check(self, text: str) -> CheckResult:
        result = self.matcher.check(text)
        return result if self.lang == "zh" else result._replace(lang=self.lang)

    def observe(self, text: str, task: Task | None = None) -> Observation:
        result = self.check(text)
        if not result.norm.compact:
            return Observation(result)
        task = task or Task()
        intents = library().find(result.norm, result.politeness)
        slots = tuple(slot_finder(task.slots).find(result.norm, intents)) if task.slots else ()
        prices = tuple(find_prices(result.norm, task.price))
        facts = find_facts(result.norm)
        if prices:
            facts[PRICE_FACT] = f"{prices[-1].value:g}"
        return Observation(result, slots, prices, asked_question(result.norm), intents, facts)

    def score(self, replies: list[tuple[str, float | None]], task: Task,
              outcome: OutcomeInfo | None,
              observations: list[Observation] | None = None, repeats=()) -> Score:
        """Score a conversation: ``replies`` are ``(text, latency seconds or None)``;
        ``observations`` (one per reply) replace the judge's own — a teacher's review;
        ``repeats``: ``(reply index, slots)`` where the buyer had to ask again because the reply
        dodged the question (the engine knows; shops' quality checks count it)."""
        if observations is None:
            observations = [self.observe(text, task) for text, _ in replies]
        marks: list[Mark] = []
        dims: dict[str, float] = {}
        omitted: dict[str, str] = {}
        dims["politeness"] = _politeness(self, observations, marks)
        dims["forbidden"] = _forbidden(self, observations, marks)
        resolution = _resolution(self, task, observations, marks, repeats)
        if resolution is None:
            omitted["resolution"] = "no resolution requirements"
        else:
            dims["resolution"] = resolution
        latencies = [lat for _, lat in replies]
        if replies and all(lat is not None for lat in latencies):
            dims["responsiveness"] = _responsiveness(self, replies, marks)
        else:
            omitted["responsiveness"] = "no timings"
        if outcome is None:
            omitted["outcome"] = "conversation not finished"
        else:
            value = outcome.score if outcome.score is not None else (100.0 if outcome.good else 0.0)
            dims["outcome"] = value
            marks.append(Mark("outcome", value, f"outcome.{outcome.id}", outcome.label))
        weights = {d: self.rubric.weights[d] for d in DIMENSIONS if d in dims}
        total_weight = sum(weights.values())
        total = sum(dims[d] * w for d, w in weights.items()) / total_weight if total_weight else 0
        return Score(round(max(0.0, min(100.0, total))), dims, weights, omitted, marks)


def _politeness(judge: Judge, observations: list[Observation], marks: list[Mark]) -> float:
    """Politeness over the conversation (``politeness`` in ``rubric.yaml``): a greeting in the
    first reply, courtesy in every reply (by share), warmth anywhere (distinct kinds), a closing
    in the last reply, minus plain 你 by share of replies. Each component leaves a mark at the
    phrase that earned it, or a 0-point mark saying what was missing."""
    rules = judge.rubric.politeness
    if not observations:
        return 0.0
    say = judge._say
    share = 1 / len(observations)
    last = len(observations) - 1
    total = 0.0

    def first_hit(turn: int, categories) -> Hit | None:
        return next((h for h in observations[turn].check.politeness
                     if h.rule.category in categories), None)

    def earned(points: float, key: str, turn: int, hit: Hit) -> None:
        marks.append(Mark("politeness", points, key, say(key, phrase=hit.phrase), turn,
                          hit.start, hit.end, hit.phrase))

    def missed(key: str, turn: int | None, **params) -> None:
        text = observations[turn].check.text if turn is not None else ""
        marks.append(Mark("politeness", 0, key, say(key, **params), turn,
                          0 if text else None, len(text) if text else None, text,
                          say(f"{key}.suggestion")))

    if rules.greeting.points:
        hit = first_hit(0, rules.greeting.categories)
        if hit is not None:
            total += rules.greeting.points
            earned(rules.greeting.points, "politeness.greeting", 0, hit)
        else:
            missed("politeness.no_greeting", 0)
    warm: dict[str, tuple[int, Hit]] = {}  # the first use of each warm category
    for turn, obs in enumerate(observations):
        seen: dict[str, Hit] = {}
        for hit in obs.check.politeness:
            seen.setdefault(hit.rule.category, hit)
            if hit.rule.category in rules.warmth.categories:
                warm.setdefault(hit.rule.category, (turn, hit))
        if seen:  # the reply's share of the courtesy points, split over its categories
            points = rules.courtesy.points * share / len(seen)
            total += points * len(seen)
            for hit in seen.values():
                marks.append(Mark("politeness", points, hit.rule.id, hit.rule.explain(judge.lang),
                                  turn, hit.start, hit.end, hit.phrase))
        else:
            text = obs.check.text
            marks.append(Mark("politeness", 0, "politeness.none", say("politeness.none"),
                              turn, 0 if text else None, len(text) if text else None, text,
                              say("politeness.none.suggestion")))
        plain = obs.check.plain_address
        if plain and rules.plain_address:
            hit = plain[0]  # once per reply: the first 你 names the habit
            total -= rules.plain_address * share
            marks.append(Mark("politeness", -rules.plain_address * share, hit.rule.id,
                              hit.rule.explain(judge.lang), turn, hit.start, hit.end, hit.phrase,
                              hit.rule.suggestion))
    if rules.warmth.points:
        kinds = sorted(warm.values(), key=lambda th: (th[0], th[1].start))[:rules.warmth.full_at]
        for turn, hit in kinds:
            points = rules.warmth.points / rules.warmth.full_at
            total += points
            earned(points, "politeness.warmth", turn, hit)
        if len(kinds) < rules.warmth.full_at:
            missed("politeness.no_warmth", None, count=len(kinds), full=rules.warmth.full_at)
    if rules.closing.points:
        hit = first_hit(last, rules.closing.categories)
        if hit is not None:
            total += rules.closing.points
            earned(rules.closing.points, "politeness.closing", last, hit)
        else:
            missed("politeness.no_closing", last)
    return max(0.0, min(100.0, total))


def _forbidden(judge: Judge, observations: list[Observation], marks: list[Mark]) -> float:
    rubric = judge.rubric
    lost = 0.0
    for turn, obs in enumerate(observations):
        for hit in obs.check.forbidden:
            points = rubric.major if hit.rule.severity == "major" else rubric.soft
            lost += points
            marks.append(Mark("forbidden", -points, hit.rule.id, hit.rule.explain(judge.lang), turn,
                              hit.start, hit.end, hit.phrase, hit.rule.suggestion))
    return max(0.0, 100.0 - lost)


def _resolution(judge: Judge, task: Task, observations: list[Observation],
                marks: list[Mark], repeats=()) -> float | None:
    rubric = judge.rubric
    if not task.requirements:
        return None
    share = 100.0 / len(task.requirements)
    value = 0.0
    for requirement in task.requirements:
        hit, turn = _first_cover(requirement, observations)
        labels = " / ".join(task.slot(name).label for name in requirement)
        if hit is None:
            example = " / ".join(task.slot(name).hint or task.slot(name).phrases[0]
                                 for name in requirement)
            marks.append(Mark("resolution", 0, f"slot.{'|'.join(requirement)}",
                              judge._say("resolution.missed", labels=labels),
                              suggestion=judge._say("resolution.example", phrases=example)))
            continue
        value += share
        marks.append(Mark("resolution", share, f"slot.{hit.slot}",  # the one that was done
                          judge._say("resolution.done", labels=task.slot(hit.slot).label), turn,
                          hit.start, hit.end, hit.phrase))
    for turn, obs in enumerate(observations):
        price = obs.below_floor(task.floor_price)
        if price is not None:
            value -= rubric.below_floor
            marks.append(Mark("resolution", -rubric.below_floor, "price.below_floor",
                              judge._say("price.below_floor", price=f"{price.value:g}",
                                         floor=f"{task.floor_price:g}"), turn,
                              price.start, price.end, price.phrase,
                              judge._say("price.below_floor.suggestion")))
    for turn, slots in repeats:
        if turn >= len(observations):
            continue
        labels = " / ".join(task.slot(s).label for s in slots if _has_slot(task, s))
        text = observations[turn].check.text
        value -= rubric.repeat_asked
        marks.append(Mark("resolution", -rubric.repeat_asked, "dialogue.repeat_asked",
                          judge._say("dialogue.repeat_asked", labels=labels), turn,
                          0 if text else None, len(text) if text else None, text,
                          judge._say("dialogue.repeat_asked.suggestion", labels=labels)))
    return max(0.0, min(100.0, value))


def _has_slot(task: Task, name: str) -> bool:
    return any(s.name == name for s in task.slots)


def _first_cover(requirement, observations):
    for turn, obs in enumerate(observations):
        for hit in obs.slots:
            if hit.slot in requirement and hit.done:
                return hit, turn
    return None, None


def _responsiveness(judge: Judge, replies, marks: list[Mark]) -> float:
    rubric = judge.rubric
    span = rubric.zero_after - rubric.full_within
    total = 0.0
    for turn, (text, latency) in enumerate(replies):
        value = 100.0 * min(1.0, max(0.0, (rubric.zero_after - latency) / span))
        total += value
        if value < 100:
            marks.append(Mark("responsiveness", (value - 100) / len(replies), "latency.slow",
                              judge._say("latency.slow", seconds=f"{latency:.0f}",
                                         limit=f"{rubric.full_within:g}"),
                              turn, 0, len(text), text, judge._say("latency.slow.suggestion")))
    return total / len(replies)


def verify_intent_examples(lib: IntentLibrary | None = None) -> list[Problem]:
    """Each intent must be done in every one of its examples and in none of its look-alikes."""
    lib = lib or library()
    judge = Judge()
    problems = []
    for intent in lib.intents:
        file, _, line = intent.source.rpartition(":")
        for key, texts, want in (("examples", intent.examples, True),
                                 ("not", intent.counterexamples, False)):
            for i, text in enumerate(texts):
                done = intent.id in judge.observe(text).done_intents()
                if done != want:
                    problems.append(Problem(file, int(line), f"{intent.id}.{key}[{i}]",
                                            f"{text!r} " + ("is not caught" if want else
                                                            "is caught but must not be")))
    return problems
