"""Clause analysis: a reply cut into clauses, each with what it does to the words inside it.

Second stage of the pipeline (normalise → **clauses** → match → constructions → judge). Pure, no
I/O after the cue tables load, and linear in the length of the reply: one regular-expression pass
cuts the clauses, one pass per clause finds the cues, and every scope end is found by bisection
in lists built in that pass.

A clause is *negated* where a negation cue's scope covers it ("我们不参与刷单、刷好评": 不参与 →
刷单、刷好评, the list joined by 、/和/或/以及 inside the scope), a *question* (吗, ?, 是不是,
有没有 …), a *condition* (如果/要是/万一/…的话), or *quoted*: someone else's words inside
quotation marks introduced by 说/问/所谓 … ("您说的'爱买不买'绝不是我们的态度"). All cues are data:
the ``clauses`` section of ``lexicons/language.yaml``.

Out of reach by design: double negation (不是不能退 reads as negated), quotations without
quotation marks (您说的爱买不买 …), and scopes that run across a clause break.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .normalize import Normalized, normalize
from .resources import checker, language

POLARITIES = ("affirmed", "negated", "question", "condition", "quoted")
_PARTICLES = "的了呢哦啊呀吧哈啦嘛亲喔噢哟咯滴~ "
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Scope:
    cue: tuple[int, int]  # the negation cue's span (不, 没, 没有, 别, 无法, 不是 …)
    span: tuple[int, int]  # what it negates (incl. coordinated lists 、/和/或/以及)


@dataclass(frozen=True)
class Clause:
    start: int  # offsets into the ORIGINAL reply text (the same offsets Hit spans use)
    end: int
    question: bool = False  # the clause asks (吗/呢/?/是不是/要不要/可以吗 …)
    condition: bool = False  # a condition (如果/要是/万一/…的话/只要)
    quoted: bool = False  # reports someone else's words
    negations: tuple[Scope, ...] = ()

    @property
    def mood(self) -> str:
        """What the clause as a whole does: quoted, condition, question or statement."""
        if self.quoted:
            return "quoted"
        if self.condition:
            return "condition"
        return "question" if self.question else "statement"


@dataclass(frozen=True)
class Analysis:
    text: str
    clauses: tuple[Clause, ...]
    quotes: tuple[tuple[int, int], ...] = ()  # quoted regions (someone else's words)
    sentences: tuple[int, ...] = ()  # start offset of each sentence (after 。!?; or a newline)

    def clause_at(self, start: int, end: int | None = None) -> Clause:
        """The clause holding ``start`` (the next one when ``start`` is on a clause break)."""
        clauses = self.clauses
        if not clauses:
            return Clause(0, len(self.text))
        k = bisect_right(_starts(self), start) - 1
        if k < 0:
            return clauses[0]
        if start >= clauses[k].end and k + 1 < len(clauses):
            return clauses[k + 1]
        return clauses[k]

    def negation_of(self, start: int, end: int) -> Scope | None:
        """The negation whose scope covers ``start`` with its cue outside ``[start, end)``."""
        for scope in self.clause_at(start, end).negations:
            if scope.span[0] <= start < scope.span[1] and not start <= scope.cue[0] < end:
                return scope
        return None

    def polarity(self, start: int, end: int) -> str:
        """'affirmed' | 'negated' | 'question' | 'condition' | 'quoted' for the span [start, end)."""
        if any(a <= start and end <= b for a, b in self.quotes):
            return "quoted"
        clause = self.clause_at(start, end)
        if clause.quoted:
            return "quoted"
        if self.negation_of(start, end) is not None:
            return "negated"
        if clause.condition:
            return "condition"
        return "question" if clause.question else "affirmed"

    def sentence(self, pos: int) -> tuple[int, int]:
        """Start and end of the sentence holding ``pos``."""
        k = bisect_right(self.sentences, pos) - 1
        start = self.sentences[k] if k >= 0 else 0
        end = self.sentences[k + 1] if k + 1 < len(self.sentences) else len(self.text)
        return start, end

    def to_json(self) -> list[dict]:
        text = self.text
        return [
            {"text": text[c.start:c.end], "start": c.start, "end": c.end, "mood": c.mood,
             "negations": [{"cue": text[s.cue[0]:s.cue[1]], "scope": text[s.span[0]:s.span[1]],
                            "cue_start": s.cue[0], "start": s.span[0], "end": s.span[1]}
                           for s in c.negations]}
            for c in self.clauses
        ]


_STARTS: dict[int, tuple] = {}


def _starts(analysis: Analysis) -> list[int]:
    entry = _STARTS.get(id(analysis))
    if entry is None or entry[0] is not analysis:
        if len(_STARTS) > 64:
            _STARTS.clear()
        entry = _STARTS[id(analysis)] = (analysis, [c.start for c in analysis.clauses])
    return entry[1]


@dataclass(frozen=True)
class Cues:
    breaks: re.Pattern
    sentence_breaks: re.Pattern
    cues: re.Pattern  # every cue word; group name says which list it is from
    stops: re.Pattern
    subjects: re.Pattern
    question_final: tuple[str, ...]
    question_words: re.Pattern
    question_open: tuple[str, ...]
    condition: re.Pattern
    report: re.Pattern
    quotes: dict[str, str]  # opening mark → closing mark


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def cues() -> Cues:
    chk = checker()
    section = chk.mapping(language(), "clauses", "clauses") or {}

    def words(key: str) -> list[str]:
        return chk.texts(section, key, f"clauses.{key}")

    breaks = chk.text(section, "breaks", "clauses.breaks") or ","
    sentence = chk.text(section, "sentence_breaks", "clauses.sentence_breaks") or "."
    quotes = {}
    for i, pair in enumerate(words("quotes")):
        if len(pair) != 2:
            chk.add(section.get("quotes"), i, f"clauses.quotes[{i}]",
                    "must be two characters: the opening and the closing mark")
        else:
            quotes[pair[0]] = pair[1]
    tables = {k: words(k) for k in ("negation", "post_negation", "not_negation", "scope_stops",
                                    "agent_subjects", "question_final", "question_words",
                                    "question_open", "condition", "report")}
    chk.raise_if_any()
    cls = re.escape(breaks)
    kinds = {w: "pre" for w in tables["negation"]}
    kinds.update({w: "post" for w in tables["post_negation"]})
    kinds.update({w: "none" for w in tables["not_negation"]})
    # Python's alternation is ordered, not longest-first: one alternation sorted by length, the
    # kind looked up per match, lets 不好意思 (none) win over 不 (pre) and 不了 (post) over 不
    return Cues(
        breaks=re.compile(rf"[{cls}]+|(?<=[^\s{cls}][^\s{cls}]) +(?=[^\s{cls}]{{2}})"
                          r"|(?<=的话)(?![\s" + cls + "])"),
        sentence_breaks=re.compile(f"[{re.escape(sentence)}]+"),
        cues=_KindPattern(re.compile(_alt(kinds)), kinds),
        stops=re.compile(_alt(tables["scope_stops"])),
        subjects=re.compile(_alt(tables["agent_subjects"])),
        question_final=tuple(tables["question_final"]),
        question_words=re.compile(_alt(tables["question_words"])),
        question_open=tuple(tables["question_open"]),
        condition=re.compile(_alt(tables["condition"])),
        report=re.compile(_alt(tables["report"])),
        quotes=quotes,
    )


class _KindPattern:
    """A longest-first alternation of cue words and the list each word came from."""

    __slots__ = ("pattern", "kinds")

    def __init__(self, pattern: re.Pattern, kinds: dict[str, str]):
        self.pattern = pattern
        self.kinds = kinds

    def finditer(self, text: str, pos: int, endpos: int):
        kinds = self.kinds
        for m in self.pattern.finditer(text, pos, endpos):
            yield m.start(), m.end(), kinds[m.group()]


def analyse(text: str) -> Analysis:
    """The clause analysis of a reply (offsets into ``text``)."""
    return analyse_normalized(normalize(text))


def analyse_normalized(norm: Normalized) -> Analysis:
    """The clause analysis of an already normalised reply (offsets into ``norm.original``)."""
    c = cues()
    text = norm.text
    n = len(text)
    quotes = _quoted_regions(text, c)
    sentences = [0] + [m.end() for m in c.sentence_breaks.finditer(text) if m.end() < n]
    clauses = []
    pos = 0
    for m in c.breaks.finditer(text):
        if m.start() > pos:
            clauses.append(_clause(text, pos, m.start(), m.group(), c, quotes))
        pos = m.end()
    if pos < n:
        clauses.append(_clause(text, pos, n, "", c, quotes))
    if norm.same_offsets:
        return Analysis(norm.original, tuple(clauses), tuple(quotes), tuple(sentences))
    return _mapped(norm, clauses, quotes, sentences)


def _mapped(norm: Normalized, clauses, quotes, sentences) -> Analysis:
    """The analysis with every offset moved from the normalised text to the original."""
    n = len(norm.text)
    total = len(norm.original)

    def at(pos: int) -> int:
        return total if pos >= n else norm.to_original(pos)

    def span(a: int, b: int) -> tuple[int, int]:
        return (at(a), at(a)) if b <= a else (at(a), at(b - 1) + 1)

    out = []
    for cl in clauses:
        s, e = span(cl.start, cl.end)
        negs = tuple(Scope(span(*sc.cue), span(*sc.span)) for sc in cl.negations)
        out.append(Clause(s, e, cl.question, cl.condition, cl.quoted, negs))
    return Analysis(norm.original, tuple(out), tuple(span(a, b) for a, b in quotes),
                    tuple(at(p) for p in sentences))


def _quoted_regions(text: str, c: Cues) -> list[tuple[int, int]]:
    """Regions inside quotation marks that follow a reporting word (说/问/所谓 …)."""
    if not any(mark in text for mark in c.quotes):
        return []
    regions = []
    i, n = 0, len(text)
    while i < n:
        close = c.quotes.get(text[i])
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1)
        if j < 0:
            break
        if c.report.search(text, max(0, i - 6), i):
            regions.append((i + 1, j))
        i = j + 1
    return regions


def _clause(text: str, start: int, end: int, brk: str, c: Cues, quotes) -> Clause:
    while start < end and text[start] == " ":
        start += 1
    body = text[start:end]
    stripped = body.rstrip(_PARTICLES + "亲")
    a_not_a = _A_NOT_A.search(text, start, end)
    if a_not_a is not None and any(a <= a_not_a.start() < b for a, b in quotes):
        a_not_a = None  # 您说的'爱买不买': the buyer's words ask nothing
    question = ("?" in brk or "？" in brk or stripped.endswith(c.question_final)
                or body.startswith(c.question_open) or a_not_a is not None
                or (body.rstrip(" ~").endswith("呢") and c.question_words.search(body) is not None))
    condition = c.condition.search(body) is not None
    quoted = any(a <= start and end <= b for a, b in quotes)
    return Clause(start, end, question, condition, quoted, _negations(text, start, end, c))


_A_NOT_A = re.compile(r"([\u3400-\u9fff])[不没]\1")


def _negations(text: str, start: int, end: int, c: Cues) -> tuple[Scope, ...]:
    found = []
    for cs, ce, kind in c.cues.finditer(text, start, end):
        if kind == "none":
            continue
        if cs > start and ce < len(text) and text[cs - 1] == text[cs + 1] and text[cs] in "不没":
            continue  # A不A / A没A is a question form (是不是, 有没有, 能不能, 可不可以)
        if kind == "post" and (text.startswith("不了解", cs) or cs == start
                               or not _HAN.match(text[cs - 1])):
            ce, kind = cs + 1, "pre"  # 不了解 / a clause that opens with 不到: plain 不
        found.append((cs, ce, kind))
    if not found:
        return ()
    stops = [m.start() for m in c.stops.finditer(text, start, end)]
    subjects = [m.start() for m in c.subjects.finditer(text, start, end)]
    scopes = []
    for i, (cs, ce, kind) in enumerate(found):
        if kind == "post":
            lo = max(start, cs - 2, found[i - 1][1] if i else start)
            k = bisect_right(stops, cs) - 1  # a stop between: 因为…改不了 covers only 改
            if k >= 0 and stops[k] >= lo:
                lo = stops[k] + 1
            scopes.append(Scope((cs, ce), (lo, cs)))
            continue
        limit = end
        if i + 1 < len(found):
            limit = min(limit, found[i + 1][0])
        k = bisect_left(stops, ce)
        if k < len(stops):
            limit = min(limit, stops[k])
        k = bisect_right(subjects, ce)  # a new agent subject (not right after the cue)
        while k < len(subjects) and subjects[k] < limit:
            if text[ce:subjects[k]] not in ("给", "帮", "为", "替", "让", "和", "跟"):
                limit = subjects[k]
                break
            k += 1
        stop = limit
        while stop > ce and text[stop - 1] in _PARTICLES + "也又还更":
            stop -= 1
        scopes.append(Scope((cs, ce), (ce, stop)))
    return tuple(scopes)
