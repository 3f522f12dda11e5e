"""What a reply does about the buyer's problem: resolution slots (negation-aware), prices named,
questions asked. Cues come from ``lexicons/language.yaml``."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .datafile import Checker, load_yaml
from .matcher import build_automaton, phrase_key
from .normalize import Normalized, clause_bounds
from .resources import LEXICON_DIR


@dataclass(frozen=True)
class Slot:
    name: str
    label: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Task:
    """What a scenario asks of the student, as far as scoring needs it."""

    slots: tuple[Slot, ...] = ()
    requirements: tuple[tuple[str, ...], ...] = ()  # each requirement: any one of these slots
    price: float | None = None
    floor_price: float | None = None

    def slot(self, name: str) -> Slot:
        for slot in self.slots:
            if slot.name == name:
                return slot
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class SlotHit:
    slot: str
    start: int
    end: int
    phrase: str
    negated: bool


@dataclass(frozen=True, slots=True)
class PriceHit:
    value: float
    start: int
    end: int
    phrase: str


@dataclass(frozen=True)
class Cues:
    negators: tuple[str, ...]
    window: int
    post_negators: tuple[str, ...]
    ignore: re.Pattern
    question_marks: frozenset
    final_particles: tuple[str, ...]
    question_words: re.Pattern
    price: re.Pattern
    discount: re.Pattern
    reduction: re.Pattern


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"


def parse_number(token: str) -> float | None:
    """Arabic or simple Chinese numerals ("150", "一百二", "八五") to a number."""
    try:
        value = float(token)
        return value if math.isfinite(value) else None  # 400 digits: not a price
    except ValueError:
        pass
    if token and all(ch in _CN_DIGITS for ch in token):  # digit by digit: 八五 → 85
        value = float("".join(str(_CN_DIGITS[ch]) for ch in token))
        return value if math.isfinite(value) else None
    total, current, last_unit = 0, 0, 1
    for ch in token:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            total += (current or 1) * unit
            current, last_unit = 0, unit
        else:
            return None
    if current and last_unit >= 10:  # 一百二 → 120
        current *= last_unit // 10
    return float(total + current)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def cues() -> Cues:
    path = LEXICON_DIR / "language.yaml"
    doc = load_yaml(path)
    chk = Checker(str(path))
    neg = chk.mapping(doc, "negation", "negation") or {}
    q = chk.mapping(doc, "question", "question") or {}
    p = chk.mapping(doc, "price", "price") or {}
    negators = chk.texts(neg, "before", "negation.before")
    window = chk.number(neg, "window", "negation.window", 1, 20, integer=True) or 6
    post = chk.texts(neg, "after", "negation.after")
    ignore = chk.texts(neg, "ignore", "negation.ignore")
    marks = chk.texts(q, "marks", "question.marks")
    particles = chk.texts(q, "final_particles", "question.final_particles")
    words = chk.texts(q, "words", "question.words")
    currency = chk.texts(p, "currency", "price.currency")
    price_cues = chk.texts(p, "cues", "price.cues")
    reductions = chk.texts(p, "reductions", "price.reductions")
    chk.raise_if_any()
    cur = [c for c in currency if len(c) == 1 and not c.isalnum()]
    suffix = [c for c in currency if c not in cur]
    return Cues(
        negators=tuple(sorted(negators, key=len, reverse=True)),
        window=window,
        post_negators=tuple(post),
        ignore=re.compile(_alt(ignore)),
        question_marks=frozenset(marks),
        final_particles=tuple(particles),
        question_words=re.compile(_alt(words)),
        price=re.compile(
            rf"(?:(?P<cue>{_alt(price_cues)})\s*)?(?P<cur>[{''.join(map(re.escape, cur))}])?\s*"
            rf"{_NUM}\s*(?P<suffix>{_alt(suffix)})?"
        ),
        discount=re.compile(rf"{_NUM}\s*折"),
        reduction=re.compile(rf"(?:{_alt(reductions)})\s*了?\s*{_NUM}\s*(?:{_alt(suffix)})"),
    )


class SlotFinder:
    """Finds a task's resolution slots in a reply, marking negated ones."""

    def __init__(self, slots: tuple[Slot, ...]):
        entries: dict[str, list] = {}
        for slot in slots:
            for phrase in slot.phrases:
                key = phrase_key(phrase)
                if key:
                    entries.setdefault(key, []).append(slot.name)
        self._automaton = build_automaton(entries) if entries else None

    def find(self, norm: Normalized) -> list[SlotHit]:
        if self._automaton is None or not norm.compact:
            return []
        hits = []
        for end, (length, names) in self._automaton.iter(norm.compact):
            cstart, cend = end - length + 1, end + 1
            start, stop = norm.span(cstart, cend)
            negated = is_negated(norm, cstart, cend)
            for name in names:
                hits.append(SlotHit(name, start, stop, norm.original[start:stop], negated))
        return hits


@lru_cache(maxsize=256)
def slot_finder(slots: tuple[Slot, ...]) -> SlotFinder:
    return SlotFinder(slots)


def is_negated(norm: Normalized, cstart: int, cend: int) -> bool:
    c = cues()
    tstart, tend = norm.text_span(cstart, cend)
    clause_start, clause_end = clause_bounds(norm.text, tstart)
    before = c.ignore.sub(lambda m: "_" * len(m.group()), norm.text[clause_start:tstart])
    before = before[-c.window:]
    if any(neg in before for neg in c.negators):
        return True
    after = norm.text[tend:clause_end]
    return after.startswith(c.post_negators)


def asked_question(norm: Normalized) -> bool:
    c = cues()
    text = norm.text
    if any(ch in c.question_marks for ch in text):
        return True
    clauses = re.split(r"[,.!;\n,。!;~]+", text)
    return any(
        cl.strip().endswith(c.final_particles) or c.question_words.search(cl)
        for cl in clauses if cl.strip()
    )


def find_prices(norm: Normalized, list_price: float | None = None) -> list[PriceHit]:
    """Prices the reply names: "给您150", "¥139", "139元", "九折" (of the list price),
    "便宜20块" (list price minus 20)."""
    c = cues()
    text, original = norm.text, norm.original
    found: list[PriceHit] = []
    taken: list[tuple[int, int]] = []

    def add(value, start, end):
        if value is None or any(start < b and end > a for a, b in taken):
            return
        taken.append((start, end))
        ostart, oend = norm.to_original(start), norm.to_original(end - 1) + 1
        found.append(PriceHit(round(value, 2), ostart, oend, original[ostart:oend]))

    if list_price:
        for m in c.reduction.finditer(text):
            n = parse_number(m.group(1))
            if n is not None:
                add(list_price - n, m.start(), m.end())
        for m in c.discount.finditer(text):
            n = parse_number(m.group(1))
            if n is not None and 0 < n < 100:
                add(list_price * (n / 10 if n < 10 else n / 100), m.start(), m.end())
    for m in c.price.finditer(text):
        if not (m.group("cue") or m.group("cur") or m.group("suffix")):
            continue
        after = text[m.end():m.end() + 1]
        if after in ("折", "%") or after.isdigit():
            continue
        add(parse_number(m.group(3)), m.start(), m.end())
    found.sort(key=lambda h: h.start)
    return found
