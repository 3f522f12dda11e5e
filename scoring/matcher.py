"""Multi-pattern matching of a lexicon over a normalised reply (one Aho-Corasick automaton).

Resolution order: allow-phrases shadow any forbidden match they contain, neutral phrases and
forbidden matches shadow the politeness matches they contain; context rules drop
matches whose clause marks them as polite; among overlapping matches of one group the longest
wins (then the earliest).
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from .datafile import Problem
from .lexicon import Lexicon, Rule
from .normalize import Normalized, clause_bounds, normalize


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    start: int  # offsets in the original text
    end: int
    cstart: int  # offsets in the compact view
    cend: int
    phrase: str  # the student's own characters


@dataclass(frozen=True, slots=True)
class CheckResult:
    norm: Normalized
    politeness: tuple[Hit, ...]
    forbidden: tuple[Hit, ...]

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
                 "message": h.rule.message, "suggestion": h.rule.suggestion}
                for h in self.forbidden
            ],
        }


def longest_first(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping subset: longer matches win, then earlier ones; result in text order."""
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.cstart - h.cend, h.cstart)):
        if all(hit.cend <= c.cstart or hit.cstart >= c.cend for c in chosen):
            chosen.append(hit)
    chosen.sort(key=lambda h: h.cstart)
    return chosen


def build_automaton(entries: dict[str, list]) -> ahocorasick.Automaton:
    """An automaton over normalised keys; each value is ``(key_length, payloads)``."""
    automaton = ahocorasick.Automaton()
    for key, payloads in entries.items():
        automaton.add_word(key, (len(key), tuple(payloads)))
    automaton.make_automaton()
    return automaton


def phrase_key(phrase: str) -> str:
    """How a lexicon phrase is matched: the compact view of its normalised form."""
    return normalize(phrase).compact


class Matcher:
    """Compiled form of a :class:`Lexicon`; build once, call :meth:`check` per reply."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        entries: dict[str, list] = {}
        for rule in lexicon.rules:
            for phrase in rule.phrases:
                key = phrase_key(phrase)
                if key:
                    entries.setdefault(key, []).append(rule)
        self._automaton = build_automaton(entries) if entries else None

    def check(self, text: str) -> CheckResult:
        norm = normalize(text)
        polite: list[Hit] = []
        forbidden: list[Hit] = []
        allowed: list[tuple[int, int]] = []
        neutral: list[tuple[int, int]] = []
        if self._automaton is not None and norm.compact:
            original = norm.original
            index = norm.compact_index
            for end, (length, rules) in self._automaton.iter(norm.compact):
                cstart, cend = end - length + 1, end + 1
                start, stop = index[cstart], index[end] + 1
                for rule in rules:
                    hit = Hit(rule, start, stop, cstart, cend, original[start:stop])
                    group = rule.group
                    if group == "allow":
                        allowed.append((cstart, cend))
                    elif group == "neutral":
                        neutral.append((cstart, cend))
                    elif group == "forbidden":
                        forbidden.append(hit)
                    else:
                        polite.append(hit)
        if forbidden:
            forbidden = [
                h for h in forbidden
                if not any(a <= h.cstart and h.cend <= b for a, b in allowed)
                and not _context_excuses(norm, h)
            ]
            forbidden = longest_first(forbidden)
        if polite:
            shadows = neutral + [(f.cstart, f.cend) for f in forbidden]
            if shadows:
                polite = [
                    h for h in polite
                    if not any(a <= h.cstart and h.cend <= b for a, b in shadows)
                ]
            polite = longest_first(polite)
        return CheckResult(norm, tuple(polite), tuple(forbidden))


def _context_excuses(norm: Normalized, hit: Hit) -> bool:
    if not hit.rule.context:
        return False
    tstart, tend = norm.text_span(hit.cstart, hit.cend)
    cstart, cend = clause_bounds(norm.text, tstart)
    before, after = norm.text[cstart:tstart], norm.text[tend:cend + 1]
    for ctx in hit.rule.context:
        if ctx.after is not None and ctx.after.search(after):
            return True
        if ctx.before is not None and ctx.before.search(before):
            return True
        if ctx.require_after is not None and not ctx.require_after.search(after):
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
