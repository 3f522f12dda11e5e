"""Text normalisation that keeps a map back to offsets in the original reply.

Two views of a reply are produced:

* ``text``: NFKC (full-width → half-width), Traditional → Simplified (OpenCC t2s) and case
  folding. Used for clause-aware checks (negation, questions, prices).
* ``compact``: ``text`` with everything that is not a letter or digit removed, so that
  "不 讲 价", "不-讲-价" and "不😊讲价" all read as "不讲价". Phrase matching runs on it.

Both carry an index list mapping each of their characters to the original string.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CLAUSE_BREAKS = frozenset(",.!?;:，。！？；：、\n…~～")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _t2s(text: str) -> str:
    return _converter().convert(text)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _apply(text: str, index: list[int], fn) -> tuple[str, list[int]]:
    """Apply ``fn`` to ``text``; keep ``index`` aligned even when lengths change."""
    out = fn(text)
    if len(out) == len(text):
        return out, index
    parts = [fn(ch) for ch in text]
    return "".join(parts), [index[i] for i, part in enumerate(parts) for _ in part]


@dataclass(frozen=True, slots=True)
class Normalized:
    original: str
    text: str
    text_index: list[int]
    compact: str
    compact_index: list[int]
    compact_in_text: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of ``compact[start:end]``."""
        return self.compact_index[start], self.compact_index[end - 1] + 1

    def text_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``text`` of ``compact[start:end]``."""
        return self.compact_in_text[start], self.compact_in_text[end - 1] + 1


def normalize(original: str) -> Normalized:
    index = list(range(len(original)))
    text, index = _apply(original, index, _nfkc)
    if not text.isascii():
        text, index = _apply(text, index, _t2s)
    text, index = _apply(text, index, str.casefold)
    keep = [i for i, ch in enumerate(text) if ch.isalnum()]
    compact = "".join([text[i] for i in keep])
    return Normalized(original, text, index, compact, [index[i] for i in keep], keep)


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end (exclusive) in ``text`` of the clause holding position ``pos``."""
    start = pos
    while start > 0 and text[start - 1] not in CLAUSE_BREAKS:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in CLAUSE_BREAKS:
        end += 1
    return start, end
