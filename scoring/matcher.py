"""Multi-pattern matching of a lexicon over a normalised reply (one Aho-Corasick automaton).

Resolution order: allow-phrases shadow any forbidden match they contain, neutral phrases and
forbidden matches shadow the politeness matches they contain (forbidden wording leaves
honorifics such as 您 standing); context rules drop
matches whose surroundings (the normalised text before and after them) mark them as polite; among overlapping matches of one group the longest
wins (then the earliest).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from .automaton import build_automaton, longest_first, phrase_key
from .clauses import Analysis
from .constructions import Constructions, Reply
from .lexicon import Lexicon, Rule
from .normalize import Normalized, normalize


class Hit(NamedTuple):
    rule: Rule
    start: int  # offsets in the original text
    end: int
    cstart: int  # offsets in the compact view
    cend: int
    phrase: str  # the student's own characters


class CheckResult(NamedTuple):
    norm: Normalized
    politeness: tuple[Hit, ...]
    forbidden: tuple[Hit, ...]
    lang: str = "zh"  # language of the rule explanations in the JSON
    plain_address: tuple[Hit, ...] = ()  # 你 where 您 is due
    reply: Reply | None = None  # the clause analysis, computed when first asked for

    @property
    def text(self) -> str:
        return self.norm.original

    def major(self) -> tuple[Hit, ...]:
        return tuple(h for h in self.forbidden if h.rule.severity == "major")

    def soft(self) -> tuple[Hit, ...]:
        return tuple(h for h in self.forbidden if h.rule.severity == "soft")

    def categories(self) -> set[str]:
        return {h.rule.category for h in self.politeness}

    def analysis(self) -> Analysis:
        """The reply's clause analysis (shared with the constructions when they needed it)."""
        return (self.reply or Reply(self.norm)).analysis

    def to_json(self) -> dict:
        return {
            "text": self.norm.original,
            "clauses": self.analysis().to_json(),
            "plain_address": [{"rule": h.rule.id, "phrase": h.phrase, "start": h.start,
                               "end": h.end} for h in self.plain_address],
            "politeness": [
                {"category": h.rule.category, "rule": h.rule.id, "phrase": h.phrase,
                 "start": h.start, "end": h.end}
                for h in self.politeness
            ],
            "forbidden": [
                {"rule": h.rule.id, "kind": h.rule.kind, "severity": h.rule.severity,
                 "phrase": h.phrase, "start": h.start, "end": h.end,
                 "message": h.rule.explain(self.lang), "suggestion": h.rule.suggestion}
                for h in self.forbidden
            ],
        }


    def to_json_line(self) -> str:
        """``json.dumps(self.to_json(), ensure_ascii=False)``, built faster: each rule's fixed
        fields are serialised once (``kefu check --json`` writes one of these per reply)."""
        enc = _encode_str
        lang = self.lang
        polite = ", ".join([
            f'{_fragments(h.rule, lang)[0]}{enc(h.phrase)}, "start": {h.start}, "end": {h.end}}}'
            for h in self.politeness
        ])
        forbidden = ", ".join([
            f'{(frag := _fragments(h.rule, lang))[0]}{enc(h.phrase)}, "start": {h.start}, '
            f'"end": {h.end}{frag[1]}'
            for h in self.forbidden
        ])
        plain = ", ".join([f'{{"rule": {enc(h.rule.id)}, "phrase": {enc(h.phrase)}, '
                           f'"start": {h.start}, "end": {h.end}}}' for h in self.plain_address])
        clauses = self.analysis().to_json_text()
        return (f'{{"text": {enc(self.norm.original)}, "clauses": {clauses}, '
                f'"plain_address": [{plain}], "politeness": [{polite}], '
                f'"forbidden": [{forbidden}]}}')


_encode_str = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses
_FRAGMENTS: dict[tuple[int, str], tuple[Rule, str, str]] = {}


def _fragments(rule: Rule, lang: str) -> tuple[str, str]:
    """A hit's JSON before its phrase and after its offsets, for ``rule``."""
    entry = _FRAGMENTS.get((id(rule), lang))
    if entry is None or entry[0] is not rule:
        enc = _encode_str
        if rule.group == "forbidden":
            head = (f'{{"rule": {enc(rule.id)}, "kind": {enc(rule.kind)}, '
                    f'"severity": {enc(rule.severity)}, "phrase": ')
            tail = (f', "message": {enc(rule.explain(lang))}, '
                    f'"suggestion": {enc(rule.suggestion)}}}')
        else:
            head = f'{{"category": {enc(rule.category)}, "rule": {enc(rule.id)}, "phrase": '
            tail = "}"
        entry = _FRAGMENTS[(id(rule), lang)] = (rule, head, tail)
    return entry[1], entry[2]


_FIRST = itemgetter(0)


def _soft_last(rule: Rule) -> bool:
    return rule.severity != "major"


class _Spans:
    """Spans (start, end) asked "does one of you contain (a, b)?" in O(log n)."""

    __slots__ = ("starts", "max_end")

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.max_end = list(accumulate((b for _, b in spans), max))

    def contain(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, start) - 1
        return k >= 0 and self.max_end[k] >= end


_SLOTS = {"politeness": 0, "forbidden": 1, "allow": 2, "neutral": 3, "plain_address": 4}


class Matcher:
    """Compiled form of a :class:`Lexicon`; build once, call :meth:`check` per reply.

    Each key of the automaton carries ``(polite rules, forbidden rules, allows, neutral, plain
    address rules)`` so the loop over matches does no per-rule dispatch. What a match does in
    its reply (negated, conditional, softened …) is decided by :mod:`scoring.constructions`.
    """

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        grouped: dict[str, tuple[list, list, list, list, list]] = {}
        self._symbols: list[tuple[str, Rule]] = []  # phrases with no letter or digit (🤡)
        for rule in lexicon.rules:
            for phrase in rule.phrases:
                key = phrase_key(phrase)
                if key:
                    grouped.setdefault(key, ([], [], [], [], []))[_SLOTS[rule.group]].append(rule)
                elif rule.group == "forbidden" and phrase.strip():
                    self._symbols.append((normalize(phrase).text.strip(), rule))
        # a major rule wins over a soft one with the same phrase (the sort is stable)
        self.payloads = {key: (tuple(p), tuple(sorted(f, key=_soft_last)), bool(a), bool(n),
                               tuple(x))
                         for key, (p, f, a, n, x) in grouped.items()}
        self._automaton = build_automaton(self.payloads) if self.payloads else None
        self.constructions = Constructions(lexicon)

    def _matches(self, compact: str):
        """``(end, (length, payload))`` for every lexicon key found in ``compact``."""
        return self._automaton.iter(compact)

    def check(self, text: str) -> CheckResult:
        norm = normalize(text)
        compact = norm.compact
        symbols = self._symbols and not text.isascii() and _symbol_hits(norm, self._symbols)
        if self._automaton is None or not compact:
            return CheckResult(norm, (), tuple(symbols or ()))
        polite: list[tuple] = []
        forbidden: list[tuple] = []
        plain: list[tuple] = []
        allowed: list[tuple[int, int]] = []
        neutral: list[tuple[int, int]] = []
        for end, (length, (p_rules, f_rules, allow, shadow, x_rules)) in self._matches(compact):
            cend = end + 1
            cstart = cend - length
            for rule in p_rules:
                polite.append((cstart, cend, rule))
            for rule in f_rules:
                forbidden.append((cstart, cend, rule))
            if allow:
                allowed.append((cstart, cend))
            if shadow:
                neutral.append((cstart, cend))
            for rule in x_rules:
                plain.append((cstart, cend, rule))
        reply = Reply(norm)
        if forbidden:
            forbidden = self._forbidden(reply, forbidden, allowed)
        if polite:
            polite = _polite(reply, polite, neutral, forbidden)
        if plain:
            plain = [c for c in plain if not (c[2].context and _excused(reply, c))
                     and reply.analysis.t_polarity(*norm.text_span(c[0], c[1])) != "quoted"]
        hits = _hits(norm, forbidden)
        if symbols:
            hits = tuple(sorted(hits + tuple(symbols), key=_START))
        return CheckResult(norm, _hits(norm, polite), hits, "zh", _hits(norm, plain), reply)

    def _forbidden(self, reply: Reply, forbidden: list, allowed: list) -> list:
        shelter = _Spans(allowed) if allowed else None
        judge = self.constructions.judge
        kept = []
        for cand in forbidden:
            if shelter is not None and shelter.contain(cand[0], cand[1]):
                continue
            if cand[2].context and _excused(reply, cand):
                continue
            cand = judge(reply, cand)
            if cand is not None:
                kept.append(cand)
        kept = longest_first(kept)
        return _merge_neighbours(kept) if len(kept) > 1 else kept


def _symbol_hits(norm: Normalized, symbols: list[tuple[str, Rule]]) -> list[Hit]:
    """Hits of the phrases made of symbols only, found in the normalised text."""
    text = norm.text
    out = []
    for symbol, rule in symbols:
        pos = text.find(symbol)
        while pos >= 0:
            start = norm.to_original(pos)
            end = norm.to_original(pos + len(symbol) - 1) + 1
            out.append(Hit(rule, start, end, 0, 0, norm.original[start:end]))
            pos = text.find(symbol, pos + len(symbol))
    return out


_START = itemgetter(1)


def _excused(reply: Reply, cand: tuple) -> bool:
    return reply.excused(*reply.norm.text_span(cand[0], cand[1]), cand[2])


def _polite(reply: Reply, polite: list, neutral: list, forbidden: list) -> list:
    """Politeness that counts: not inside a neutral look-alike (亲肤, 申请) or inside forbidden
    wording (不是我们的问题 is no apology; 您 stays an honorific) or in a clause that insults or
    brushes off the buyer (讲价的请出门左转), not excused by its context,
    not an apology or closing made conditional (如果是物流慢了,我们向您道歉). Overlapping
    phrases of one category give way to the longest; categories do not shadow each other
    (请稍等 is a request and a waiting phrase, 您好 a greeting and an honorific)."""
    if neutral:
        shade = _Spans(neutral)
        polite = [c for c in polite if not shade.contain(c[0], c[1])]
    if forbidden:
        spans = _Spans([(c[0], c[1]) for c in forbidden])
        polite = [c for c in polite
                  if c[2].category == "honorific" or not spans.contain(c[0], c[1])]
        hostile = _hostile_clauses(reply, forbidden)
        if hostile:
            polite = [c for c in polite if c[2].category == "honorific" or
                      reply.analysis.t_index(reply.norm.text_span(c[0], c[1])[0]) not in hostile]
    polite = [c for c in polite if not (c[2].context and _excused(reply, c))
              and not (c[2].category in _CONDITIONAL_CATEGORIES and _conditional(reply, c))]
    by_category: dict[str, list] = {}
    for c in polite:
        by_category.setdefault(c[2].category, []).append(c)
    if len(by_category) < 2:
        return longest_first(polite)
    return sorted((c for group in by_category.values() for c in longest_first(group)),
                  key=_FIRST)


_CONDITIONAL_CATEGORIES = frozenset({"apology", "closing"})
# a polite word in the same clause as an insult or a brush-off is sarcasm, not politeness
# ("讲价的请出门左转": 请 earns nothing; 您 stays an honorific)
_HOSTILE_KINDS = frozenset({"insult", "impatience"})


def _hostile_clauses(reply: Reply, forbidden: list) -> set[int]:
    return {reply.analysis.t_index(reply.norm.text_span(c[0], c[1])[0]) for c in forbidden
            if c[2].kind in _HOSTILE_KINDS and c[2].severity == "major"}


def _conditional(reply: Reply, cand: tuple) -> bool:
    return reply.analysis.t_conditional(reply.norm.text_span(cand[0], cand[1])[0])


def _merge_neighbours(candidates: list[tuple]) -> list[tuple]:
    """One offence, one hit: matches of the same rule at most one character apart
    ("5星好评加晒图返现") become a single span."""
    out = [candidates[0]]
    for cand in candidates[1:]:
        last = out[-1]
        if cand[2] is last[2] and cand[0] - last[1] <= 1:
            out[-1] = (last[0], cand[1], last[2])
        else:
            out.append(cand)
    return out


def _hits(norm: Normalized, candidates: list[tuple]) -> tuple[Hit, ...]:
    if not candidates:
        return ()
    original = norm.original
    span = norm.span
    out = []
    for cstart, cend, rule in candidates:
        start, end = span(cstart, cend)
        out.append(_new_hit(Hit, (rule, start, end, cstart, cend, original[start:end])))
    return tuple(out)


_new_hit = tuple.__new__  # skips NamedTuple's Python-level __new__
