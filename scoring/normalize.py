"""Text normalisation that keeps a map back to offsets in the original reply.

Two views of a reply are produced:

* ``text``: NFKC (full-width → half-width), Traditional → Simplified and case folding.
  OpenCC's ``tw2s`` is used rather than plain ``t2s``: it adds Taiwan-standard variants and
  converts by context (著急 → 着急, 看著 → 看着, while 著名 stays), which ``t2s`` leaves alone.
  Before it, Cantonese written forms are read as Mandarin (唔 → 不, 冇 → 没, 睇 → 看: the
  ``dialect`` table in ``lexicons/language.yaml``). Replies with no character tw2s could change
  (the usual Simplified reply) skip the converter: see ``_triggers``. Used for clause-aware checks (negation, questions, prices).
* ``compact``: ``text`` with everything that is not a letter or digit removed, so that
  "不 讲 价", "不-讲-价" and "不😊讲价" all read as "不讲价". Phrase matching runs on it.

Offsets map back to the original string. Most replies need no per-character work: NFKC and
case folding are skipped when a quick C-level test shows they would change nothing, the offset maps stay the
identity while lengths do not change, and ``compact`` positions map to ``text`` through the
start of each run of kept characters.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from .resources import checker, language

CLAUSE_BREAKS = frozenset(",.!?;:，。！？；：、\n…~～")
_DROPPED = re.compile(r"[\W_]+")  # not a letter or digit (str.isalnum), as runs
_SPLIT = re.compile(r"([\W_]+)")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("tw2s")


@lru_cache(maxsize=1)
def _dialect():
    """``(pattern, mapping)`` for language.yaml's ``dialect`` replacements, or None."""
    doc = language()
    chk = checker()
    table = chk.mapping(doc, "dialect", "dialect", required=False) or {}
    for key, value in table.items():
        if not isinstance(key, str) or not isinstance(value, str) or len(key) != len(value):
            chk.add(table, key, f"dialect.{key}", "must map text to text of the same length")
    chk.raise_if_any()
    if not table:
        return None
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys))), dict(table)


# Characters that OpenCC tw2s changes only inside a phrase, never alone: computed from OpenCC
# 1.4.2's TWVariantsRevPhrases.txt and TSPhrases.txt (key characters that differ from the value,
# minus those tw2s changes on their own). Every other character tw2s can change, it changes alone,
# which _triggers() asks OpenCC itself at first use.
_PHRASE_ONLY = "俱吃哩坏彷梁沈甦瞭藉衹覆"


def _triggers(convert) -> re.Pattern:
    """A pattern that finds every character tw2s could change, in any context: a reply without
    one is already Simplified and skips the converter."""
    ranges = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F))
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi + 1)]
    converted = convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # an unexpected converter: convert every reply
        return re.compile(r"[^\x00-\x7f]")
    changed = {c for c, out in zip(chars, converted, strict=True) if c != out}
    changed |= set(_PHRASE_ONLY)
    return re.compile(f"[{re.escape(''.join(sorted(changed)))}\U00020000-\U0010ffff]")


_HOT: list = []  # ((dialect pattern, mapping) or None, tw2s triggers, t2s): bound once


def _hot():
    if not _HOT:
        converter = _converter()
        raw = type(converter).__mro__[1].convert  # the C method, without the wrapper's frame

        def t2s(text: str) -> str:
            data = text.encode("utf-8")
            return raw(converter, data, len(data))

        dialect = _dialect()
        _HOT.extend((dialect, _triggers(t2s), t2s))
    return _HOT


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _apply(text: str, index: list[int] | None, fn) -> tuple[str, list[int] | None]:
    """Apply ``fn`` to ``text``; keep ``index`` (None = identity) aligned when lengths change."""
    out = fn(text)
    if len(out) == len(text):
        return out, index
    if index is None:
        index = list(range(len(text)))
    parts = [fn(ch) for ch in text]
    return "".join(parts), [index[i] for i, part in enumerate(parts) for _ in part]


class Normalized:
    """The normalised views of one reply and the maps between their offsets."""

    __slots__ = ("original", "text", "compact", "_tmap", "_run_c", "_run_t")

    def __init__(self, original: str, text: str, compact: str, tmap: list[int] | None,
                 run_c: list[int] | None, run_t: list[int] | None):
        self.original = original
        self.text = text
        self.compact = compact
        self._tmap = tmap  # text offset → original offset; None: the same
        self._run_c = run_c  # start in compact of each kept run; None: compact == text
        self._run_t = run_t  # start in text of the same runs

    @property
    def same_offsets(self) -> bool:
        """Whether offsets in ``text`` are offsets in the original."""
        return self._tmap is None

    def to_text(self, cpos: int) -> int:
        """Offset in ``text`` of ``compact[cpos]``."""
        if self._run_c is None:
            return cpos
        k = bisect_right(self._run_c, cpos) - 1
        return self._run_t[k] + cpos - self._run_c[k]

    def to_compact(self, tpos: int) -> int:
        """Offset in ``compact`` of ``text[tpos]`` (of the next kept character when it was
        dropped)."""
        if self._run_c is None:
            return tpos
        k = bisect_right(self._run_t, tpos) - 1
        run_end = self._run_c[k + 1] if k + 1 < len(self._run_c) else len(self.compact)
        return min(self._run_c[k] + tpos - self._run_t[k], run_end)

    def to_original(self, tpos: int) -> int:
        """Offset in the original of ``text[tpos]``."""
        return tpos if self._tmap is None else self._tmap[tpos]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of ``compact[start:end]``."""
        if self._run_c is None and self._tmap is None:
            return start, end
        return (self.to_original(self.to_text(start)),
                self.to_original(self.to_text(end - 1)) + 1)

    def text_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``text`` of ``compact[start:end]``."""
        if self._run_c is None:
            return start, end
        return self.to_text(start), self.to_text(end - 1) + 1


_is_normalized = unicodedata.is_normalized


def normalize(original: str) -> Normalized:
    text, tmap = original, None
    if not text.isascii():
        if not _is_normalized("NFKC", text):
            text, tmap = _apply(text, tmap, _nfkc)
        dialect, triggers, t2s = _hot()
        if dialect is not None and dialect[0].search(text):  # same length: offsets unchanged
            text = dialect[0].sub(lambda m: dialect[1][m.group()], text)
        if triggers.search(text):
            converted = t2s(text)
            if len(converted) == len(text):
                text = converted
            else:
                text, tmap = _apply(text, tmap, t2s)
    if text.casefold() != text:
        text, tmap = _apply(text, tmap, str.casefold)
    if _DROPPED.search(text) is None:
        return Normalized(original, text, text, tmap, None, None)
    # parts alternate kept run, dropped run, kept run, ... (kept runs may be empty)
    parts = _SPLIT.split(text)
    kept = parts[0::2]
    ends = list(accumulate(map(len, parts)))
    run_t = [0, *ends[1::2]]
    run_c = [0, *accumulate(map(len, kept[:-1]))]
    return Normalized(original, text, "".join(kept), tmap, run_c, run_t)


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end (exclusive) in ``text`` of the clause holding position ``pos``."""
    start = pos
    while start > 0 and text[start - 1] not in CLAUSE_BREAKS:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in CLAUSE_BREAKS:
        end += 1
    return start, end
