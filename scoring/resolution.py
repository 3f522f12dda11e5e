"""What a reply does about the buyer's problem: resolution slots (found in a reply by
``slots.py``), prices named, questions asked. Cues come from ``lexicons/language.yaml``."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .datafile import Checker, load_yaml
from .normalize import Normalized, clause_bounds
from .resources import LEXICON_DIR


@dataclass(frozen=True)
class Slot:
    """A thing the scenario asks the student to do: any of its shared ``intents`` (see
    ``intents.py``) done, or one of its own ``phrases`` (product words) said and not undone."""

    name: str
    label: str
    phrases: tuple[str, ...]
    intents: tuple[str, ...] = ()
    hint: str = ""  # an example of doing it, shown when the student missed it


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
    polarity: str  # as an intent's: "done", "refused", "question", "condition", "quoted", "mention"
    intent: str = ""  # the shared intent that did it ("" for the slot's own phrase)

    @property
    def done(self) -> bool:
        return self.polarity == "done"

    @property
    def refused(self) -> bool:
        return self.polarity == "refused"


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
    number: re.Pattern
    currency_before: re.Pattern
    currency_after: re.Pattern
    cue: re.Pattern
    strong_cue: re.Pattern
    not_before: tuple[str, ...]
    not_after: tuple[str, ...]
    counters: tuple[str, ...]
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
    strong = chk.texts(p, "strong_cues", "price.strong_cues")
    not_before = chk.texts(p, "not_before", "price.not_before")
    not_after = chk.texts(p, "not_after", "price.not_after")
    counters = chk.texts(p, "counters", "price.counters")
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
        number=re.compile(_NUM),
        currency_before=re.compile(rf"[{''.join(map(re.escape, cur))}]\s*$"),
        currency_after=re.compile(rf"\s*(?:{_alt(suffix)})钱?"),
        cue=re.compile(rf"(?:{_alt(price_cues + strong)})\s*(?:是|为|了|就|:|：)?\s*$"),
        strong_cue=re.compile(rf"(?:{_alt(strong)})\s*(?:是|为|了|就|:|：)?\s*$"),
        not_before=tuple(not_before),
        not_after=tuple(not_after),
        counters=tuple(sorted(counters, key=len, reverse=True)),
        discount=re.compile(rf"{_NUM}\s*折"),
        reduction=re.compile(rf"(?:{_alt(reductions)})\s*了?\s*{_NUM}\s*(?:{_alt(suffix)})"),
    )


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
    """Prices the reply names for the item, each read from the clause it stands in: "给您150",
    "¥139", "实付589元", "九折" (of the list price), "便宜20块" (list price minus 20).

    Not prices: coupon values, shipping fees, refunds and thresholds ("10元店铺券", "10元运费已经
    帮您去掉", "满200减20"), counts and ordinals ("两个赠品", "第2件", "二是"), a negated discount
    ("没有打八折") and Chinese numerals inside words ("价格一直很实在")."""
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
            if n is not None and not _not_price(text, m.start(), m.end(), c, reduced=True):
                add(list_price - n, m.start(), m.end())
        for m in c.discount.finditer(text):
            n = parse_number(m.group(1))
            if n is not None and 0 < n < 100 and not _negated_text(text, m.start(), m.end()):
                add(list_price * (n / 10 if n < 10 else n / 100), m.start(), m.end())
    for m in c.number.finditer(text):
        span = _price_span(text, m, c)
        if span is not None:
            add(parse_number(m.group(1)), *span)
    found.sort(key=lambda h: h.start)
    return found


def _price_span(text: str, m: re.Match, c: Cues) -> tuple[int, int] | None:
    """The span of "cue/currency + number + currency" when the number at ``m`` is a price."""
    start, end = m.start(), m.end()
    token = m.group(1)
    clause_start, clause_end = clause_bounds(text, start)
    before = text[clause_start:start]
    after = text[end:clause_end]
    if (start and text[start - 1].isdigit()) or after[:1] in (".", "%") or after[:1].isdigit():
        return None
    cur = c.currency_after.match(after)
    mark = c.currency_before.search(before)
    cue = c.cue.search(before)
    if not (cur or mark or cue):
        return None
    chinese = not token[0].isdigit()
    if chinese and not cur and (len(token) < 2 or not any(u in token for u in "十百千")):
        return None  # 价格一直, 给您两个, 二是
    rest = after[cur.end():] if cur else after
    if not cur and rest.startswith(c.counters):
        return None  # 两个, 3件, 7天
    if rest.startswith(c.not_after):
        return None  # 10元店铺券, 10元运费
    span_start = cue.start() + clause_start if cue else mark.start() + clause_start if mark \
        else start
    span_end = end + (cur.end() if cur else 0)
    strong = c.strong_cue.search(before)
    if not strong and _not_price(text, span_start, span_end, c):
        return None
    return span_start, span_end


def _not_price(text: str, start: int, end: int, c: Cues, reduced: bool = False) -> bool:
    """A coupon, fee, refund or threshold word earlier in the clause, or a negation."""
    clause_start, _ = clause_bounds(text, start)
    before = text[clause_start:start]
    if any(word in before for word in c.not_before):
        return True
    return _negated_text(text, start, end)


def _negated_text(text: str, start: int, end: int) -> bool:
    c = cues()
    clause_start, clause_end = clause_bounds(text, start)
    before = c.ignore.sub(lambda m: "_" * len(m.group()), text[clause_start:start])[-c.window:]
    if any(neg in before for neg in c.negators):
        return True
    return text[end:clause_end].startswith(c.post_negators)
