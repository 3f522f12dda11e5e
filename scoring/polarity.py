"""How a clause treats a match (an intent's phrase, a slot's value): :func:`polarity`.

Each match is read in its clause: ``done`` (affirmed), ``refused`` (negated: "不能退款",
"仅退款我们这边没办法"), ``question`` (only asked about — although a question that offers counts:
"给您退款可以吗?"), ``condition`` (inside an if-clause) or ``quoted``. :class:`Reading` reads a
normalised reply once (clause breaks, quotation marks) and asks ``clauses.py`` for negation
scopes only when a negation cue stands near a match. Whether a clause only names keywords
("mention") is ``mentions.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

from .clauses import analyse_normalized
from .intentfile import Intent
from .normalize import CLAUSE_BREAKS, Normalized, normalize
from .resolution import cues


class _Cues(NamedTuple):
    negators: re.Pattern
    window: int
    ignore: re.Pattern
    refuse_after: re.Pattern
    final: tuple[str, ...]
    question_words: re.Pattern
    offer_frame: re.Pattern
    condition: re.Pattern
    softener: re.Pattern
    imposed: re.Pattern
    imposed_if: re.Pattern
    tag_question: re.Pattern


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    c = cues()
    return _Cues(
        negators=re.compile("|".join(map(re.escape, c.negators))), window=c.window,
        ignore=c.ignore,
        refuse_after=re.compile("没办法|办不了|做不到|不了|不行|不支持|不可以|不能|无法|没法|"
                                "不提供|不接受|是不可能|没门"),
        final=("吗", "么"),
        question_words=re.compile(r"是否|是不是|有没有|能不能|可不可以|要不要|需不需要|好不好|"
                                  r"行不行|什么|哪|怎么|几|多少|如何"),
        offer_frame=re.compile(r"给您|帮您|为您|给你|帮你|我们|我|可以吗|好吗|行吗|怎么样|"
                               r"如何|您看|还是|要不要|需不需要|需要.{0,6}吗"),
        condition=re.compile(r"如果|要是|假如|万一|若是|一旦|只要|的话"),
        softener=re.compile(r"(如果|要是)?(您|你)?(方便|可以|需要|有需要|喜欢|合适|满意|有空|"
                            r"不介意|愿意)的话|如果(您|你)?(方便|需要|愿意)"),
        imposed=re.compile(_IMPOSED),
        tag_question=re.compile(r"可以吗|好吗|行吗|怎么样|如何|您看|你看|可以帮|帮您的|满意吗|"
                                r"还有(什么|其他|别的)|要不要|需不需要|愿意吗|方便吗|还是"),
        imposed_if=re.compile(rf"(如果|只要|要是|假如|若)[^。!?;]*({_IMPOSED})[^。!?;]*[,，]$"),
    )


# What an agent may not make an offer depend on: the buyer's review or complaint.
_IMPOSED = "好评|五星|评价|删|撤|确认收货|晒|追评|改评|投诉"


def _mask(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(lambda m: "_" * len(m.group()), text)


_BREAKS = re.compile("[" + re.escape("".join(sorted(CLAUSE_BREAKS))) + "]")
_OPEN, _CLOSE = "“「『‘", "”」』’"
_ANY_QUOTE = re.compile(f"[{_OPEN}{_CLOSE}\"]")


class Reading:
    """One normalised reply, read once: where its clauses break and whether it quotes. The
    clause analysis (negation scopes, ``clauses.py``) is made only when a negation cue stands
    near a match."""

    __slots__ = ("text", "breaks", "quotes", "norm", "_analysis", "_plain", "_mentions")

    def __init__(self, text: str, norm: Normalized | None = None):
        self.text = text
        self.norm = norm
        self.breaks = [m.start() for m in _BREAKS.finditer(text)]
        self.quotes = _ANY_QUOTE.search(text) is not None
        self._analysis = None
        self._plain: dict[int, bool] = {}
        self._mentions: dict[tuple[str, ...], bool] = {}  # asked once per reply, not per hit

    def plain(self, clause_start: int, clause_end: int) -> bool:
        """Does the clause hold no negation, refusal or condition cue at all?"""
        found = self._plain.get(clause_start)
        if found is None:
            c = _cues()
            text = self.text
            found = self._plain[clause_start] = not (
                c.negators.search(text, clause_start, clause_end)
                or c.refuse_after.search(text, clause_start, clause_end)
                or c.condition.search(text, max(0, clause_start - 24), clause_end))
        return found

    def negated(self, start: int, end: int) -> bool:
        """Does a negation's scope cover ``text[start:end]``?"""
        norm = self.norm or normalize(self.text)
        if self._analysis is None:
            self._analysis = analyse_normalized(norm)
        ostart, oend = norm.to_original(start), norm.to_original(end - 1) + 1
        return self._analysis.negation_of(ostart, oend) is not None

    def clause(self, pos: int) -> tuple[int, int]:
        i = bisect_left(self.breaks, pos)
        return (self.breaks[i - 1] + 1 if i else 0,
                self.breaks[i] if i < len(self.breaks) else len(self.text))

    def mentions(self, words: tuple[str, ...]) -> bool:
        found = self._mentions.get(words)
        if found is None:
            found = self._mentions[words] = self._mention(words)
        return found

    def _mention(self, words: tuple[str, ...]) -> bool:
        """Does the reply say one of ``words`` in a clause that does not negate it ("我们不参与
        好评返现" mentions no 返现)?"""
        c = _cues()
        text = self.text
        for word in words:
            pos = text.find(word)
            while pos >= 0:
                clause_start, _ = self.clause(pos)
                if not c.negators.search(_mask(c.ignore, text[clause_start:pos])):
                    return True
                pos = text.find(word, pos + 1)
        return False

    def crosses(self, start: int, end: int) -> bool:
        """Does ``text[start:end]`` hold a clause break?"""
        i = bisect_left(self.breaks, start)
        return i < len(self.breaks) and self.breaks[i] < end

    def quoted(self, pos: int) -> bool:
        """Inside quotation marks that report someone's words ("您说的'爱买不买'"), not a
        label ("点'申请退货'")."""
        if not self.quotes:
            return False
        text = self.text
        opened = -1
        for i in range(pos - 1, -1, -1):
            ch = text[i]
            if ch in _CLOSE:
                return False
            if ch in _OPEN or ch == '"':
                if ch == '"' and text[:i].count('"') % 2:
                    return False  # a closing ASCII quote
                opened = i
                break
        return opened == 0 or opened > 0 and _SPEECH.search(
            text, max(0, opened - 4), opened) is not None


_SPEECH = re.compile(r"(说|讲|称|骂|所谓|写着|问|叫|喊|道)(的|过|了)?\s*[:：]?$")


def polarity(reading: Reading | str, start: int, end: int, intent: Intent | None = None) -> str:
    """How the clause holding ``text[start:end]`` (normalised text) treats it."""
    if isinstance(reading, str):
        reading = Reading(reading)
    c = _cues()
    text = reading.text
    clause_start, clause_end = reading.clause(start)
    if reading.quoted(start) and reading.quoted(end - 1):
        return "quoted"
    plain = reading.plain(clause_start, clause_end)  # no cue of any kind: affirmed
    if plain and (intent is None or (intent.question == "done" and not intent.require_question)):
        return "done"
    before = text[clause_start:start]
    after = text[end:clause_end]
    if (intent is None or intent.negation) and not plain:
        near = before[-c.window - 6:]  # a cue this close may scope over it: ask the analysis
        if c.negators.search(near) and c.negators.search(_mask(c.ignore, near)) and \
                reading.negated(start, end):
            return "refused"
        if c.refuse_after.search(after, 0, 10) and c.refuse_after.search(
                _mask(c.ignore, after[:12]), 0, 10):
            return "refused"
    if intent is not None and intent.condition and not plain and _conditional(
            c, text, clause_start, start, end, clause_end):
        return "condition"
    question_policy = intent.question if intent else "done"
    needs = intent is not None and intent.require_question
    if question_policy == "done" and not needs:
        return "done"
    asked = _asked(c, text, clause_start, clause_end, question_policy != "no")
    clause = text[clause_start:clause_end]
    if asked and question_policy != "done" and (
            question_policy == "no" or not c.offer_frame.search(clause)):
        return "question"
    if needs and not asked:
        return "question"
    return "done"


def _asked(c: _Cues, text: str, clause_start: int, clause_end: int, words: bool = True) -> bool:
    """A question: a question mark, a final 吗, or (with ``words``) a question word — "我帮您查
    一下到哪了" names 哪 without asking, so "no"-policy intents look at marks only."""
    clause = text[clause_start:clause_end]
    return (clause_end < len(text) and text[clause_end] in "?？") or clause.rstrip(
        "~～!！ 哦呀啊呢哈").endswith(c.final) or (words and bool(c.question_words.search(clause)))


def asks_buyer(reading: Reading, start: int) -> bool:
    """Is the clause at ``start`` a question to the buyer (not "可以吗?", "您看呢?")?"""
    c = _cues()
    clause_start, clause_end = reading.clause(start)
    text = reading.text
    if not _asked(c, text, clause_start, clause_end):
        return False
    return c.tag_question.search(text, clause_start, clause_end) is None


def _conditional(c: _Cues, text: str, clause_start: int, start: int, end: int,
                 clause_end: int) -> bool:
    """Inside an if-part ("如果需要退款的话", "退款的话需要…"), or after one that the agent
    imposes on the buyer ("只要给好评就送您…"); after the buyer's own choice it stands
    ("留下的话马上为您发放补偿")."""
    head = text[clause_start:start]
    if c.condition.search(head):
        cues = c.condition.findall(_mask(c.softener, head))
        if cues and cues[-1] != "的话":
            return True  # 如果 … span: the if-part is still open
        if cues and c.imposed.search(text, max(0, clause_start - 24), start):
            return True
    if "的话" in text[end:clause_end] and "的话" in _mask(c.softener, text[clause_start:clause_end])[
            end - clause_start:]:
        return True
    return bool(clause_start and c.imposed_if.search(text, max(0, clause_start - 24), clause_start))
