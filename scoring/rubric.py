"""The rubric: dimension weights and the points each rule earns or costs (``rubric.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from .datafile import Checker, DataError, Problem, load_yaml
from .lexicon import POLITENESS_CATEGORIES
from .resources import LEXICON_DIR

DIMENSIONS = ("politeness", "forbidden", "resolution", "responsiveness", "outcome")
LANGUAGES = ("zh", "en")
MESSAGE_KEYS = (
    "politeness.none", "politeness.none.suggestion", "politeness.greeting",
    "politeness.no_greeting", "politeness.no_greeting.suggestion", "politeness.warmth",
    "politeness.no_warmth", "politeness.no_warmth.suggestion", "politeness.closing",
    "politeness.no_closing", "politeness.no_closing.suggestion", "resolution.done", "resolution.missed",
    "resolution.example", "price.below_floor", "price.below_floor.suggestion", "latency.slow",
    "latency.slow.suggestion", "dialogue.repeat_asked", "dialogue.repeat_asked.suggestion",
)


@dataclass(frozen=True)
class PolitenessPart:
    """One component of the politeness dimension: the points it is worth and the politeness
    categories that earn it (see the ``politeness`` section of ``rubric.yaml``)."""

    points: float
    categories: frozenset[str] = frozenset()
    full_at: int = 1  # warmth: distinct categories needed for the full points


@dataclass(frozen=True)
class Politeness:
    """Politeness over the whole conversation: a greeting in the first reply, courtesy in
    every reply (by share), warmth anywhere (distinct kinds), a closing in the last reply, and
    a cost for plain 你 (by share of replies)."""

    greeting: PolitenessPart
    courtesy: PolitenessPart
    warmth: PolitenessPart
    closing: PolitenessPart
    plain_address: float = 0


@dataclass(frozen=True)
class Rubric:
    weights: dict[str, float]
    politeness: Politeness
    major: float
    soft: float
    below_floor: float
    full_within: float
    zero_after: float
    messages: dict[str, dict[str, str]] = field(default_factory=dict)
    repeat_asked: float = 0  # resolution points lost each time the buyer must ask again

    def message(self, key: str, lang: str = "zh", **params) -> str:
        """The judge's own explanation ``key`` in ``lang`` (Chinese when that is missing)."""
        texts = self.messages.get(key, {})
        return (texts.get(lang) or texts.get("zh") or key).format(**params)

    def with_weights(self, overrides: dict[str, float] | None) -> Rubric:
        if not overrides:
            return self
        return replace(self, weights={**self.weights, **overrides})


def check_weights(chk: Checker, node, field: str) -> dict[str, float]:
    """Validate a ``weights`` mapping (used by the rubric and by exam overrides)."""
    out: dict[str, float] = {}
    if not isinstance(node, dict):
        return out
    chk.unknown_keys(node, set(DIMENSIONS), f"{field}.")
    for dim in DIMENSIONS:
        if dim in node:
            value = chk.number(node, dim, f"{field}.{dim}", 0, 1000)
            if value is not None:
                out[dim] = float(value)
    return out


@lru_cache(maxsize=1)
def load_rubric() -> Rubric:
    path = LEXICON_DIR / "rubric.yaml"
    doc = load_yaml(path)
    chk = Checker(str(path))
    if not isinstance(doc, dict):
        raise DataError([Problem(str(path), 1, "(top)", "must be a mapping")])
    weights = check_weights(chk, chk.mapping(doc, "weights", "weights"), "weights")
    for dim in DIMENSIONS:
        if dim not in weights:
            chk.add(doc, "weights", f"weights.{dim}", "is required")
    pol = chk.mapping(doc, "politeness", "politeness") or {}
    chk.unknown_keys(pol, {"greeting", "courtesy", "warmth", "closing", "plain_address"},
                     "politeness.")
    parts = {name: _part(chk, pol, name, categories=name != "courtesy",
                         full_at=name == "warmth")
             for name in ("greeting", "courtesy", "warmth", "closing")}
    forb = chk.mapping(doc, "forbidden", "forbidden") or {}
    res = chk.mapping(doc, "resolution", "resolution") or {}
    resp = chk.mapping(doc, "responsiveness", "responsiveness") or {}
    messages = _messages(chk, chk.mapping(doc, "messages", "messages") or {})
    rubric = Rubric(
        weights=weights,
        politeness=Politeness(
            **parts,
            plain_address=chk.number(pol, "plain_address", "politeness.plain_address", 0,
                                     100) or 0),
        major=chk.number(forb, "major", "forbidden.major", 0, 100) or 0,
        soft=chk.number(forb, "soft", "forbidden.soft", 0, 100) or 0,
        below_floor=chk.number(res, "below_floor", "resolution.below_floor", 0, 100) or 0,
        full_within=chk.number(resp, "full_within", "responsiveness.full_within", 0, 3600) or 0,
        zero_after=chk.number(resp, "zero_after", "responsiveness.zero_after", 1, 3600) or 1,
        messages=messages,
        repeat_asked=chk.number(res, "repeat_asked", "resolution.repeat_asked", 0, 100) or 0,
    )
    if rubric.zero_after <= rubric.full_within:
        chk.add(resp, "zero_after", "responsiveness.zero_after", "must be above full_within")
    chk.raise_if_any()
    return rubric


def _part(chk: Checker, pol, name: str, categories: bool, full_at: bool) -> PolitenessPart:
    field = f"politeness.{name}"
    node = chk.mapping(pol, name, field) or {}
    allowed = {"points"} | ({"categories"} if categories else set()) | (
        {"full_at"} if full_at else set())
    chk.unknown_keys(node, allowed, field + ".")
    points = float(chk.number(node, "points", f"{field}.points", 0, 100) or 0)
    cats: set[str] = set()
    if categories:
        for i, cat in enumerate(chk.texts(node, "categories", f"{field}.categories")):
            if cat not in POLITENESS_CATEGORIES:
                chk.add(node.get("categories"), i, f"{field}.categories[{i}]",
                        f"unknown category {cat!r} (one of: {', '.join(POLITENESS_CATEGORIES)})")
            cats.add(cat)
    need = 1
    if full_at:
        need = int(chk.number(node, "full_at", f"{field}.full_at", 1, len(POLITENESS_CATEGORIES),
                              integer=True) or 1)
    return PolitenessPart(points, frozenset(cats), need)


def _messages(chk: Checker, node) -> dict[str, dict[str, str]]:
    chk.unknown_keys(node, set(MESSAGE_KEYS), "messages.")
    out: dict[str, dict[str, str]] = {}
    for key in MESSAGE_KEYS:
        entry = chk.mapping(node, key, f"messages.{key}")
        if entry is None:
            continue
        chk.unknown_keys(entry, set(LANGUAGES), f"messages.{key}.")
        out[key] = {lang: text for lang in LANGUAGES
                    if (text := chk.text(entry, lang, f"messages.{key}.{lang}")) is not None}
    return out
