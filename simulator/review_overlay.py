"""From a teacher's review decisions to a class lexicon overlay (``kefu lexicon overlay
--from-reviews``): pure functions over the decisions and a matcher.

- ``forbidden`` KIND on a reply → a forbidden rule of that kind whose phrase is the words the
  teacher meant (the whole reply by default); the reviewed replies are its ``examples``, the
  replies the teacher cleared are its ``not`` look-alikes.
- ``wrong_flag`` RULE on a reply → an ``allow`` rule whose phrase is the clause around the wrong
  flag; the clause is its example (it must come out clean).
- ``did`` / ``did_not`` are about a scenario's points, not wording: reported, not in the overlay.

Decisions that contradict each other (one teacher's forbidden words inside a clause another
cleared, or the same words judged both major and soft) are left out and reported. The overlay
is then loaded like any other and every included decision is checked to be reproduced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scoring.normalize import normalize

from .storage.reviews import Review

_CLAUSE_END = re.compile(r"[,,。.!!??;;\n~～…]")


@dataclass
class Built:
    doc: dict  # the overlay document (YAML-ready)
    used: list[Review] = field(default_factory=list)
    conflicts: list[tuple[Review, Review, str]] = field(default_factory=list)  # a, b, why key
    skipped: list[tuple[Review, str]] = field(default_factory=list)  # decision, why key


def compact(text: str) -> str:
    """How the matcher reads a phrase (no spaces, punctuation or template characters)."""
    return normalize(text).compact


def clause_around(text: str, start: int, end: int) -> str:
    """The clause of ``text`` that holds ``text[start:end]`` (between punctuation marks)."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_END.finditer(text, end)), len(text))
    return text[left:right].strip() or text[start:end]


def _flag_span(matcher, r: Review) -> tuple[int, int] | None:
    hit = next((h for h in matcher.check(r.reply).forbidden if h.rule.id == r.target), None)
    return None if hit is None else (hit.start, hit.end)


def build(decisions: list[Review], matcher, suggestion: str) -> Built:
    """The overlay for ``decisions`` (already :func:`~simulator.review.effective`), judged
    against ``matcher`` (the lexicon the overlay will be added to)."""
    built = Built({})
    banned: list[tuple[Review, str]] = []  # (decision, compact phrase)
    cleared: list[tuple[Review, str, str]] = []  # (decision, clause, compact clause)
    for r in decisions:
        if r.action in ("did", "did_not"):
            built.skipped.append((r, "overlay.skip_point"))
        elif r.action == "forbidden":
            phrase = compact(r.phrase or r.reply)
            if phrase:
                banned.append((r, phrase))
        elif r.action == "wrong_flag":
            span = _flag_span(matcher, r)
            if span is None:
                built.skipped.append((r, "overlay.skip_agrees"))
                continue
            clause = clause_around(r.reply, *span)
            cleared.append((r, clause, compact(clause)))
    bad: set[int] = set()
    for i, (a, phrase) in enumerate(banned):
        for c, _, clause in cleared:
            if phrase in clause or clause in compact(a.reply):
                built.conflicts.append((a, c, "overlay.conflict_cleared"))
                bad |= {id(a), id(c)}
        for b, other in banned[i + 1:]:
            if other == phrase and (b.severity != a.severity or b.target != a.target):
                built.conflicts.append((a, b, "overlay.conflict_kind"))
                bad |= {id(a), id(b)}
    forbidden: dict[tuple, dict] = {}
    for r, phrase in banned:
        if id(r) in bad:
            continue
        rule = forbidden.setdefault((phrase, r.target, r.severity), {
            "id": f"review.{r.target}.{len(forbidden) + 1}", "kind": r.target,
            "severity": r.severity or "major", "phrases": [phrase], "message": r.reason,
            "suggestion": suggestion, "examples": []})
        if r.reply not in rule["examples"]:
            rule["examples"].append(r.reply)
        built.used.append(r)
    allow: dict[str, dict] = {}
    for r, clause, key in cleared:
        if id(r) in bad:
            continue
        rule = allow.setdefault(key, {"id": f"review.allow.{len(allow) + 1}", "phrases": [key],
                                      "message": r.reason, "examples": []})
        if clause not in rule["examples"]:
            rule["examples"].append(clause)
        built.used.append(r)
    looks = [clause for _, clause, _ in cleared]
    for rule in forbidden.values():
        lookalikes = [c for c in looks if rule["phrases"][0] not in compact(c)]
        if lookalikes:
            rule["not"] = lookalikes
    add = {}
    if forbidden:
        add["forbidden"] = list(forbidden.values())
    if allow:
        add["allow"] = list(allow.values())
    built.doc = {"schema_version": 1, "add": add} if add else {"schema_version": 1}
    return built


def reproduced(decision: Review, matcher) -> bool:
    """Does ``matcher`` (with the overlay) now judge the reply as the teacher did?"""
    hits = matcher.check(decision.reply).forbidden
    if decision.action == "forbidden":
        return any(h.rule.kind == decision.target for h in hits)
    if decision.action == "wrong_flag":
        return not any(h.rule.id == decision.target for h in hits)
    return True
