"""Clause analysis: a reply cut into clauses, each with what it does to the words inside it.

Second stage of the pipeline (normalise → **clauses** → match → constructions → judge). Pure, no
I/O after the cue tables load, and linear in the length of the reply: one regular-expression pass
cuts the clauses, one pass per clause finds the cues, and every scope end is found by bisection
in lists built in that pass.

A clause is *negated* where a negation cue's scope covers it ("我们不参与刷单、刷好评": 不参与 →
刷单、刷好评, the list joined by 、/和/或/以及 inside the scope), a *question* (吗, ?, 是不是,
有没有 …), a *condition* (如果/要是/万一/…的话), or *quoted*: someone else's words inside
quotation marks introduced by 说/问/所谓 … ("您说的'爱买不买'绝不是我们的态度") or named as
words right after them ("'绝对不掉色'这种保证我们给不了"), or a clause reporting the buyer's
request ("您说让我们加微信私下退款"). All cues are data:
the ``clauses`` section of ``lexicons/language.yaml``, read and applied in ``clausecut.py``.

Out of reach by design: double negation (不是不能退 reads as negated), quotations without
quotation marks (您说的爱买不买 …), and scopes that run across a clause break.
"""

from __future__ import annotations

import json
from bisect import bisect_right

from .clausecut import Clause, Scope, cues, cut, read_clause
from .normalize import Normalized, normalize

POLARITIES = ("affirmed", "negated", "question", "condition", "quoted")


class Analysis:
    """The clauses of one reply. Each clause is analysed when first asked for (the matcher asks
    only about the clauses its hits stand in); :attr:`clauses` analyses them all.

    The public methods take and give offsets into the original reply; the ``t_`` methods work in
    offsets into the normalised text (``norm.text``), which is what the matcher holds.
    """

    __slots__ = ("text", "norm", "_bounds", "_starts", "_done", "tquotes", "_sentences",
                 "_inverse")

    def __init__(self, norm: Normalized, bounds: list[tuple[int, int, str]],
                 tquotes: tuple[tuple[int, int], ...]):
        self.text = norm.original
        self.norm = norm
        self._bounds = bounds  # (start, end, break after it) per clause, normalised offsets
        self._starts = [b[0] for b in bounds]
        self._done: list = [None] * len(bounds)
        self.tquotes = tquotes  # quoted regions (someone else's words), normalised offsets
        self._sentences: list[int] | None = None
        self._inverse: list[int] | None = None

    # ---- normalised offsets ------------------------------------------------------------------
    def t_clause(self, k: int) -> Clause:
        clause = self._done[k]
        if clause is None:
            start, end, brk = self._bounds[k]
            text = self.norm.text
            if self.tquotes:
                clause = read_clause(text, start, end, brk, cues(), self.tquotes)
            else:
                clause = _read_cached(text, start, end, brk)
            self._done[k] = clause
        return clause

    def t_index(self, tpos: int) -> int:
        """Index of the clause holding ``tpos`` (the next one when it is on a clause break);
        -1 when the reply has no clause."""
        bounds = self._bounds
        if not bounds:
            return -1
        k = bisect_right(self._starts, tpos) - 1
        if k < 0:
            return 0
        if tpos >= bounds[k][1] and k + 1 < len(bounds):
            return k + 1
        return k

    def t_clause_at(self, tpos: int) -> Clause:
        """The clause holding ``tpos`` (the next one when it is on a clause break)."""
        k = self.t_index(tpos)
        return Clause(0, len(self.norm.text)) if k < 0 else self.t_clause(k)

    def t_conditional(self, tpos: int) -> bool:
        """Whether the clause holding ``tpos`` is a condition, or the consequence of one: the
        clause before it, in the same sentence, is a condition (如果有差价的话, 是换不了的)."""
        k = self.t_index(tpos)
        if k < 0:
            return False
        if self.t_clause(k).condition:
            return True
        if k == 0 or not self.t_clause(k - 1).condition:
            return False
        start, end, _ = self._bounds[k - 1]
        return self.t_sentence(start)[1] > self._bounds[k][0] and \
            cues().explicit_condition.search(self.norm.text, start, end) is not None

    def t_negation_of(self, start: int, end: int) -> Scope | None:
        """The negation whose scope covers ``start`` with its cue outside ``[start, end)``."""
        for scope in self.t_clause_at(start).negations:
            if scope.span[0] <= start < scope.span[1] and not start <= scope.cue[0] < end:
                return scope
        return None

    def t_polarity(self, start: int, end: int) -> str:
        if self.tquotes and any(a <= start and end <= b for a, b in self.tquotes):
            return "quoted"
        clause = self.t_clause_at(start)
        if clause.quoted:
            return "quoted"
        if clause.negations and self.t_negation_of(start, end) is not None:
            return "negated"
        if clause.condition:
            return "condition"
        return "question" if clause.question else "affirmed"

    def t_sentence(self, tpos: int) -> tuple[int, int]:
        """Start and end of the sentence holding ``tpos`` (sentences end at 。!?; or a newline)."""
        if self._sentences is None:
            breaks = cues().sentence_breaks
            self._sentences = [0] + [b[1] for b in self._bounds if breaks.search(b[2])]
        starts = self._sentences
        k = bisect_right(starts, tpos) - 1
        return starts[k], (starts[k + 1] if k + 1 < len(starts) else len(self.norm.text))

    # ---- original offsets (the contract) -----------------------------------------------------
    def _to_text(self, pos: int) -> int:
        if self.norm.same_offsets:
            return pos
        if self._inverse is None:  # original offset → first normalised offset at or after it
            to_original = self.norm.to_original
            inverse, o = [], 0
            for t in range(len(self.norm.text)):
                while o <= to_original(t):
                    inverse.append(t)
                    o += 1
            inverse += [len(self.norm.text)] * (len(self.text) + 1 - len(inverse))
            self._inverse = inverse
        return self._inverse[min(max(pos, 0), len(self.text))]

    def _span(self, a: int, b: int) -> tuple[int, int]:
        norm = self.norm
        if norm.same_offsets:
            return a, b
        n = len(norm.text)
        start = len(self.text) if a >= n else norm.to_original(a)
        return (start, start) if b <= a else (start, norm.to_original(min(b, n) - 1) + 1)

    def _public(self, clause: Clause) -> Clause:
        if self.norm.same_offsets:
            return clause
        span = self._span
        return Clause(*span(clause.start, clause.end), clause.question, clause.condition,
                      clause.quoted, tuple(Scope(span(*s.cue), span(*s.span))
                                           for s in clause.negations))

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(self._public(self.t_clause(k)) for k in range(len(self._bounds)))

    @property
    def quotes(self) -> tuple[tuple[int, int], ...]:
        return tuple(self._span(a, b) for a, b in self.tquotes)

    def clause_at(self, start: int, end: int | None = None) -> Clause:
        """The clause holding ``start`` (the next one when ``start`` is on a clause break)."""
        return self._public(self.t_clause_at(self._to_text(start)))

    def negation_of(self, start: int, end: int) -> Scope | None:
        """The negation whose scope covers ``start`` with its cue outside ``[start, end)``."""
        scope = self.t_negation_of(self._to_text(start), self._to_text(end))
        if scope is None or self.norm.same_offsets:
            return scope
        return Scope(self._span(*scope.cue), self._span(*scope.span))

    def polarity(self, start: int, end: int) -> str:
        """'affirmed' | 'negated' | 'question' | 'condition' | 'quoted' for the span [start, end)."""
        return self.t_polarity(self._to_text(start), self._to_text(end))

    def to_json_text(self) -> str:
        """``json.dumps(self.to_json(), ensure_ascii=False)``, built directly (``kefu check
        --json`` writes one per line)."""
        text = self.text
        enc = _encode_str
        parts = []
        for c in self.clauses:
            if c.negations:
                negations = ", ".join([
                    f'{{"cue": {enc(text[s.cue[0]:s.cue[1]])}, '
                    f'"scope": {enc(text[s.span[0]:s.span[1]])}, "cue_start": {s.cue[0]}, '
                    f'"start": {s.span[0]}, "end": {s.span[1]}}}' for s in c.negations])
            else:
                negations = ""
            parts.append(f'{{"text": {enc(text[c.start:c.end])}, "start": {c.start}, '
                         f'"end": {c.end}, "mood": "{c.mood}", "negations": [{negations}]}}')
        return f'[{", ".join(parts)}]'

    def to_json(self) -> list[dict]:
        text = self.text
        return [
            {"text": text[c.start:c.end], "start": c.start, "end": c.end, "mood": c.mood,
             "negations": [{"cue": text[s.cue[0]:s.cue[1]], "scope": text[s.span[0]:s.span[1]],
                            "cue_start": s.cue[0], "start": s.span[0], "end": s.span[1]}
                           for s in c.negations]}
            for c in self.clauses
        ]


_encode_str = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses
_CLAUSES: dict[tuple[str, str, str], Clause] = {}  # clause text, break, next char → its reading
_CLAUSES_MAX = 20_000
_new_clause = tuple.__new__


def _read_cached(text: str, start: int, end: int, brk: str) -> Clause:
    """``read_clause`` of text[start:end] in a reply with no quoted region, read once per
    distinct clause: what it finds depends only on the clause's characters, the break after it
    and the one character after it (A不A reads text[end] when 不 closes the clause), so the
    reading of an equal clause elsewhere is shifted to ``start``."""
    key = (text[start:end], brk, text[end:end + 1])
    clause = _CLAUSES.get(key)
    if clause is None:
        if len(_CLAUSES) >= _CLAUSES_MAX:
            _CLAUSES.clear()
        clause = _CLAUSES[key] = read_clause(key[0] + key[2], 0, end - start, brk, cues(), ())
    if not start:
        return clause
    if not clause.negations:
        return _new_clause(Clause, (clause.start + start, clause.end + start, clause.question,
                                    clause.condition, clause.quoted, ()))
    return _new_clause(Clause, (clause.start + start, clause.end + start, clause.question,
                                clause.condition, clause.quoted,
                                tuple(Scope((s.cue[0] + start, s.cue[1] + start),
                                            (s.span[0] + start, s.span[1] + start))
                                      for s in clause.negations)))


def analyse(text: str) -> Analysis:
    """The clause analysis of a reply (offsets into ``text``)."""
    return analyse_normalized(normalize(text))


def analyse_normalized(norm: Normalized) -> Analysis:
    """The clause analysis of an already normalised reply (offsets into ``norm.original``)."""
    bounds, quotes = cut(norm.text)
    return Analysis(norm, bounds, quotes)
