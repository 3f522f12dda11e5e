"""The matching primitives every stage shares: one Aho-Corasick automaton over normalised keys,
and the longest-first choice among overlapping matches.

The lexicon's matcher (``matcher.py``), the intents (``intents.py``, ``mentions.py``) and the
resolution cues (``resolution.py``) build their automata and resolve their overlaps here.
"""

from __future__ import annotations

from bisect import bisect_right

import ahocorasick

from .normalize import normalize


def _by_length(candidate: tuple) -> tuple[int, int]:
    return candidate[0] - candidate[1], candidate[0]


def longest_first(candidates: list[tuple]) -> list[tuple]:
    """Non-overlapping subset of ``(cstart, cend, ...)`` tuples: longer matches win, then
    earlier ones; result in text order. O(n log n) comparisons: the chosen spans stay sorted."""
    if len(candidates) < 2:
        return candidates
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[tuple] = []
    for cand in sorted(candidates, key=_by_length):
        start, end = cand[0], cand[1]
        k = bisect_right(starts, start)
        if k and ends[k - 1] > start:  # the chosen span before overlaps
            continue
        if k < len(starts) and starts[k] < end:  # the chosen span after overlaps
            continue
        starts.insert(k, start)
        ends.insert(k, end)
        chosen.insert(k, cand)
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
