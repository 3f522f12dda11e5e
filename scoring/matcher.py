"""Multi-pattern matching of a lexicon over a normalised reply (one Aho-Corasick automaton).

Resolution order: allow-phrases shadow any forbidden match they contain, neutral phrases and
forbidden matches shadow the politeness matches they contain (forbidden wording leaves
honorifics such as 您 standing); context rules drop
matches whose surroundings (the normalised text before and after them) mark them as polite; among overlapping matches of one group the longest
wins (then the earliest).
"""

from __future__ import annotations

import json
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from .datafile import DataError, Problem
from .lexicon import Lexicon, Rule, load_lexicon
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

    @property
    def text(self) -> str:
        return self.norm.original

    def major(self) -> tuple[Hit, ...]:
        return tuple(h for h in self.forbidden if h.rule.severity == "major")

    def soft(self) -> tuple[Hit, ...]:
        return tuple(h for h in self.forbidden if h.rule.severity == "soft")

    def categories(self) -> set[str]:
        return {h.rule.category for h in self.politeness}

    def to_json(self) -> dict:
        return {
            "text": self.norm.original,
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
        return (f'{{"text": {enc(self.norm.original)}, "politeness": [{polite}], '
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


def _by_length(candidate: tuple) -> tuple[int, int]:
    return candidate[0] - candidate[1], candidate[0]


def longest_first(candidates: list[tuple]) -> list[tuple]:
    """Non-overlapping subset of ``(cstart, cend, ...)`` tuples: longer matches win, then
    earlier ones; result in text order."""
    if len(candidates) < 2:
        return candidates
    chosen: list[tuple] = []
    for cand in sorted(candidates, key=_by_length):
        start, end = cand[0], cand[1]
        for other in chosen:
            if start < other[1] and end > other[0]:
                break
        else:
            chosen.append(cand)
    chosen.sort(key=_FIRST)
    return chosen


def build_automaton(entries: dict[str, object]) -> ahocorasick.Automaton:
    """An automaton over normalised keys; each value is ``(key_length, payload)``."""
    automaton = ahocorasick.Automaton()
    for key, payload in entries.items():
        automaton.add_word(key, (len(key), tuple(payload) if isinstance(payload, list)
                                 else payload))
    automaton.make_automaton()
    return automaton


def phrase_key(phrase: str) -> str:
    """How a lexicon phrase is matched: the compact view of its normalised form."""
    return normalize(phrase).compact


def _soft_last(rule: Rule) -> bool:
    return rule.severity != "major"


def _contained(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


class Matcher:
    """Compiled form of a :class:`Lexicon`; build once, call :meth:`check` per reply.

    Each key of the automaton carries ``(polite rules, forbidden rules, allows, neutral)`` so
    the loop over matches does no per-rule dispatch.
    """

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        grouped: dict[str, tuple[list, list, list, list]] = {}
        slot = {"politeness": 0, "forbidden": 1, "allow": 2, "neutral": 3}
        for rule in lexicon.rules:
            for phrase in rule.phrases:
                key = phrase_key(phrase)
                if key:
                    grouped.setdefault(key, ([], [], [], []))[slot[rule.group]].append(rule)
        # a major rule wins over a soft one with the same phrase (the sort is stable)
        self.payloads = {key: (tuple(p), tuple(sorted(f, key=_soft_last)), bool(a), bool(n))
                         for key, (p, f, a, n) in grouped.items()}
        self._automaton = build_automaton(self.payloads) if self.payloads else None

    def _matches(self, compact: str):
        """``(end, (length, payload))`` for every lexicon key found in ``compact``."""
        return self._automaton.iter(compact)

    def check(self, text: str) -> CheckResult:
        norm = normalize(text)
        compact = norm.compact
        if self._automaton is None or not compact:
            return CheckResult(norm, (), ())
        polite: list[tuple] = []
        forbidden: list[tuple] = []
        allowed: list[tuple[int, int]] = []
        neutral: list[tuple[int, int]] = []
        for end, (length, (p_rules, f_rules, allow, shadow)) in self._matches(compact):
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
        if forbidden:
            forbidden = longest_first([
                c for c in forbidden
                if not (allowed and _contained(c[0], c[1], allowed))
                and not (c[2].context and _context_excuses(norm, c[0], c[1], c[2]))
            ])
            if len(forbidden) > 1:
                forbidden = _merge_neighbours(forbidden)
        if polite:
            if neutral:
                polite = [c for c in polite if not _contained(c[0], c[1], neutral)]
            if forbidden:  # 不是我们的问题 is no apology; 您 stays an honorific in any wording
                spans = [(c[0], c[1]) for c in forbidden]
                polite = [c for c in polite
                          if c[2].category == "honorific" or not _contained(c[0], c[1], spans)]
            polite = longest_first(polite)
        return CheckResult(norm, _hits(norm, polite), _hits(norm, forbidden))


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


def _context_excuses(norm: Normalized, cstart: int, cend: int, rule: Rule) -> bool:
    tstart, tend = norm.text_span(cstart, cend)
    text = norm.text
    before, after = text[:tstart], text[tend:]
    for ctx in rule.context:
        if ctx.after is not None and ctx.after.search(after):
            return True
        if ctx.before is not None and ctx.before.search(before):
            return True
        if ctx.require_after is not None and not ctx.require_after.search(after):
            return True
        if ctx.require_before is not None and not ctx.require_before.search(before):
            return True
    return False


def verify_examples(matcher: Matcher, rules: list[Rule] | None = None) -> list[Problem]:
    """Run each rule's own examples through ``matcher``; return what does not hold.

    A politeness or forbidden rule must catch every one of its ``examples`` and none of its
    ``not`` look-alikes. An ``allow`` example must come out with no forbidden wording at all and a
    ``neutral`` example with no politeness at all.
    """
    problems: list[Problem] = []

    def add(rule: Rule, field: str, message: str) -> None:
        file, _, line = rule.source.rpartition(":")
        problems.append(Problem(file or "?", int(line) if line.isdigit() else 0,
                                f"{rule.id}.{field}", message))

    for rule in matcher.lexicon.rules if rules is None else rules:
        for i, example in enumerate(rule.examples):
            result = matcher.check(example)
            if rule.group == "allow":
                found = [h.rule.id for h in result.forbidden]
                if found:
                    add(rule, f"examples[{i}]", f"{example!r} is still flagged: {', '.join(found)}")
            elif rule.group == "neutral":
                found = [h.phrase for h in result.politeness]
                if found:
                    add(rule, f"examples[{i}]", f"{example!r} still counts as polite: "
                        + ", ".join(found))
            elif not any(h.rule.id == rule.id for h in result.politeness + result.forbidden):
                add(rule, f"examples[{i}]", f"{example!r} is not caught by this rule")
        for i, example in enumerate(rule.counterexamples):
            result = matcher.check(example)
            if any(h.rule.id == rule.id for h in result.politeness + result.forbidden):
                add(rule, f"not[{i}]", f"{example!r} is caught by this rule but must not be")
    return problems


@lru_cache(maxsize=16)
def load_checked_lexicon(overlay: str | None = None) -> Lexicon:
    """:func:`~scoring.lexicon.load_lexicon`, and an overlay's own rules must catch their
    examples and spare their look-alikes (DataError naming file, line and field otherwise)."""
    lexicon = load_lexicon(overlay)
    if overlay:
        added = [r for r in lexicon.rules if r.source.startswith(f"{Path(overlay)}:")]
        problems = verify_examples(Matcher(lexicon), added)
        if problems:
            raise DataError(problems)
    return lexicon
