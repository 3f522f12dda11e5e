"""Cutting a reply into clauses and reading each one: the cue tables, the clause breaks, the
quoted regions, a clause's mood and its negation scopes.

The working half of the clause stage (``clauses.py`` holds the :class:`Analysis` the rest of the
pipeline asks). Everything here works in offsets into the normalised text. All cues are data: the
``clauses`` section of ``lexicons/language.yaml``, read once by :func:`cues`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .resources import checker, language

_PARTICLES = "的了呢哦啊呀吧哈啦嘛亲喔噢哟咯滴~ "
_HAN = re.compile(r"[\u3400-\u9fff]")
_AFTER_POTENTIAL = "去来了的啦呢哦啊吧嘛呀喽咯喔"  # what may follow 改不了 / 发不出 (去)
_LIAO_WORDS = "解结却然"  # 不了解, 不了结: a plain 不; else 改不了地址 is 改 not possible


class Scope(NamedTuple):
    cue: tuple[int, int]  # the negation cue's span (不, 没, 没有, 别, 无法, 不是 …)
    span: tuple[int, int]  # what it negates (incl. coordinated lists 、/和/或/以及)


class Clause(NamedTuple):
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
class Cues:
    breaks: re.Pattern
    soft_breaks: re.Pattern  # spaces between runs of 2+ characters; right after 的话; before a
    # retort about the buyer (…你没听见吗)
    quote_marks: re.Pattern
    other_cues: re.Pattern  # negation cues without 不 or 没 (无法, 别, 禁止 …)
    sentence_breaks: re.Pattern
    cues: re.Pattern  # every cue word; group name says which list it is from
    stops: re.Pattern
    subjects: re.Pattern
    question_final: tuple[str, ...]
    question_words: re.Pattern
    question_open: tuple[str, ...]
    embedded: re.Pattern  # 不清楚 有没有 …: an embedded question
    double: frozenset  # 不是 before another cue cancels both: 又不是不发
    condition: re.Pattern
    explicit_condition: re.Pattern  # 如果/要是/万一 …: a condition whose consequence follows
    report: re.Pattern
    report_after: re.Pattern  # "绝对不掉色"这种保证: a quotation named as someone's words
    report_open: tuple[str, ...]  # 您说让我们…: a clause reporting the buyer's request
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
    takers = chk.text(section, "object_takers", "clauses.object_takers") or "给"
    sentence = chk.text(section, "sentence_breaks", "clauses.sentence_breaks") or "."
    quotes = {}
    for i, pair in enumerate(words("quotes")):
        if len(pair) != 2:
            chk.add(section.get("quotes"), i, f"clauses.quotes[{i}]",
                    "must be two characters: the opening and the closing mark")
        else:
            quotes[pair[0]] = pair[1]
    tables = {k: words(k) for k in ("negation", "post_negation", "not_negation", "scope_stops",
                                    "agent_subjects", "retort_openers", "question_final", "question_words",
                                    "question_open", "condition", "report",
                                    "report_after", "report_open",
                                    "embedded_question", "double_negation")}
    chk.raise_if_any()
    cls = re.escape(breaks)
    kinds = {w: "pre" for w in tables["negation"]}
    kinds.update({w: "post" for w in tables["post_negation"]})
    kinds.update({w: "none" for w in tables["not_negation"]})
    # a retort opener right after a condition word stays in its clause (如果您自己不要了)
    not_condition = "".join(f"(?<!{re.escape(w)})" for w in tables["condition"])
    # Python's alternation is ordered, not longest-first: one alternation sorted by length, the
    # kind looked up per match, lets 不好意思 (none) win over 不 (pre) and 不了 (post) over 不
    return Cues(
        breaks=re.compile(f"[{cls}]+"),
        soft_breaks=re.compile(r"(?<=\S\S) +(?=\S\S)|(?<=的话)(?=\S)|"
                               rf"(?<=[\u3400-\u9fff]{{2}})(?<![{re.escape(takers)}]){not_condition}"
                               rf"(?=(?:{_alt(tables['retort_openers'])}))"),
        quote_marks=re.compile(f"[{re.escape(''.join(quotes))}]"),
        other_cues=re.compile(_alt(w for w, k in kinds.items()
                                   if k != "none" and "不" not in w and "没" not in w)),
        sentence_breaks=re.compile(f"[{re.escape(sentence)}]+"),
        cues=_KindPattern(re.compile(_alt(kinds)), kinds),
        stops=re.compile(_alt(tables["scope_stops"])),
        subjects=re.compile(_alt(tables["agent_subjects"])),
        question_final=tuple(tables["question_final"]),
        question_words=re.compile(_alt(tables["question_words"])),
        question_open=tuple(tables["question_open"]),
        embedded=re.compile(_alt(tables["embedded_question"])),
        double=frozenset(tables["double_negation"]),
        condition=re.compile(_alt(tables["condition"])),
        explicit_condition=re.compile(_alt(w for w in tables["condition"] if w != "的话")),
        report=re.compile(_alt(tables["report"])),
        report_after=re.compile(_alt(tables["report_after"])),
        report_open=tuple(tables["report_open"]),
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


def cut(text: str) -> tuple[list[tuple[int, int, str]], tuple[tuple[int, int], ...]]:
    """The clause bounds of a normalised reply — (start, end, the break after it) — and its
    quoted regions."""
    c = cues()
    quotes = _quoted_regions(text, c)
    bounds: list[tuple[int, int, str]] = []
    pos = 0
    for m in c.breaks.finditer(text):
        if m.start() > pos:
            _cut(text, pos, m.start(), m.group(), c, bounds)
        pos = m.end()
    if pos < len(text):
        _cut(text, pos, len(text), "", c, bounds)
    return bounds, quotes


def _cut(text: str, start: int, end: int, brk: str, c: Cues, bounds: list) -> None:
    """Append the clause text[start:end] to ``bounds``, cut further at spaces between runs of
    two or more characters and after 的话."""
    part = text[start:end]
    if " " not in part and "的话" not in part and "你" not in part and "您" not in part:
        bounds.append((start, end, brk))
        return
    pos = start
    for m in c.soft_breaks.finditer(text, start, end):
        if m.start() > pos:
            bounds.append((pos, m.start(), m.group()))
        pos = m.end()
    if pos < end:
        bounds.append((pos, end, brk))


def _quoted_regions(text: str, c: Cues) -> tuple[tuple[int, int], ...]:
    """Regions inside quotation marks that follow a reporting word (说/问/所谓 …)."""
    if c.quote_marks.search(text) is None:
        return ()
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
        if c.report.search(text, max(0, i - 6), i) or c.report_after.match(text, j + 1):
            regions.append((i + 1, j))
        i = j + 1
    return tuple(regions)


def read_clause(text: str, start: int, end: int, brk: str, c: Cues, quotes) -> Clause:
    """The clause text[start:end] (normalised offsets) with its mood and negation scopes;
    ``brk`` is the break after it, ``quotes`` the reply's quoted regions."""
    while start < end and text[start] == " ":
        start += 1
    body = text[start:end]
    negatable = "不" in body or "没" in body
    question = "?" in brk
    if not question:
        stripped = body.rstrip(_PARTICLES)
        question = stripped.endswith(c.question_final) or body.startswith(c.question_open)
        if not question and negatable:
            m = _A_NOT_A.search(text, start, end)
            question = (m is not None and not any(a <= m.start() < b for a, b in quotes)
                        and c.embedded.search(text, start, m.start()) is None)
        if not question and body.rstrip(" ~").endswith("呢"):
            question = c.question_words.search(body) is not None
    condition = c.condition.search(body) is not None
    quoted = (bool(quotes) and any(a <= start and end <= b for a, b in quotes)) or \
        body.lstrip("亲 ").startswith(c.report_open)
    negations = _negations(text, start, end, c) if negatable or c.other_cues.search(body) else ()
    return _new_clause(Clause, (start, end, question, condition, quoted, negations))


_new_clause = tuple.__new__


# a 的 that ends a description before a new predicate (不起球的今天拍明天发), not an attributive
# 的 (不要添加陌生人的绿泡泡)
_DE = re.compile(r"的(?=今天|明天|现在|马上|随时|我|您|你|亲|这|那|都|也|可以|当天)")
_A_NOT_A = re.compile(r"([\u3400-\u9fff])[不没]\1")


def _negations(text: str, start: int, end: int, c: Cues) -> tuple[Scope, ...]:
    found = []
    for cs, ce, kind in c.cues.finditer(text, start, end):
        if kind == "none":
            continue
        if cs > start and ce < len(text) and text[cs - 1] == text[cs + 1] and text[cs] in "不没":
            continue  # A不A / A没A is a question form (是不是, 有没有, 能不能, 可不可以)
        if kind == "post" and (cs == start or not _HAN.match(text[cs - 1]) or (
                ce < end and _HAN.match(text[ce]) and text[ce] not in _AFTER_POTENTIAL
                and (text[cs:ce] != "不了" or text[ce] in _LIAO_WORDS))):
            ce, kind = cs + 1, "pre"  # 不了解, 不掉色, a clause opening with 不到: plain 不
        if found and found[-1][1] == cs and text[found[-1][0]:found[-1][1]] in c.double:
            found.pop()  # 又不是不发: the two negations cancel
            continue
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
        if k < len(stops) and stops[k] == ce and text.startswith("因为", ce):
            k += 1  # 不会因为评价给返现: the negation is over the reason and what it leads to
        if k < len(stops):
            limit = min(limit, stops[k])
        k = bisect_right(subjects, ce)  # a new agent subject (not right after the cue)
        while k < len(subjects) and subjects[k] < limit:
            if text[ce:subjects[k]] not in ("给", "帮", "为", "替", "让", "和", "跟"):
                limit = subjects[k]
                break
            k += 1
        m = _DE.search(text, ce, limit)  # 不起球的今天拍: a 的 phrase closes the scope
        stop = m.start() if m else limit
        while stop > ce and text[stop - 1] in _PARTICLES + "也又还更":
            stop -= 1
        scopes.append(Scope((cs, ce), (ce, stop)))
    return tuple(scopes)
