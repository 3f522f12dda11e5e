"""What a reply does: the compiled intent library (:class:`IntentLibrary`, :func:`library`).

The intents are defined in ``lexicons/intents.yaml`` (read by ``intentfile.py``). One
Aho-Corasick pass per reply finds their phrases, refusals, questions, look-alikes and
construction words; each match is then read in its clause (``polarity.py``: ``done``,
``refused``, ``question``, ``condition``, ``quoted``) and a ``done`` one in a clause that only
names keywords becomes ``mention`` (``mentions.py``). Only ``done`` counts.

Pure functions over data.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .automaton import build_automaton, longest_first
from .intentfile import Intent, IntentHit, load_intents
from .mentions import Mentions
from .normalize import Normalized, normalize
from .polarity import Reading, asks_buyer, polarity

_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def key_of(phrase: str) -> str:
    """How an intent phrase is matched: its compact normalised form, ``#`` kept as a number."""
    return "#".join(normalize(part).compact for part in phrase.split("#"))


@lru_cache(maxsize=1)
def library() -> IntentLibrary:
    return IntentLibrary(load_intents())


def fold(compact: str) -> tuple[str, list[int] | None]:
    """``compact`` with each number written in digits as ``#``, and the map back (None: same)."""
    if _DIGITS.search(compact) is None:
        return compact, None
    out, index, pos = [], [], 0
    for m in _DIGITS.finditer(compact):
        out.append(compact[pos:m.start()])
        index.extend(range(pos, m.start()))
        out.append("#")
        index.append(m.start())
        pos = m.end()
    out.append(compact[pos:])
    index.extend(range(pos, len(compact)))
    index.append(len(compact))
    return "".join(out), index


class IntentLibrary:
    """The compiled intent library: :meth:`find` lists what a reply does, with polarity."""

    def __init__(self, intents: tuple[Intent, ...]):
        self.intents = intents
        self.by_id = {i.id: i for i in intents}
        self._index = {i.id: n for n, i in enumerate(intents)}
        self.by_politeness: dict[str, list[Intent]] = {}
        entries: dict[str, tuple[list, list, list, list, list]] = {}

        def add(phrase, slot, item):
            key = key_of(phrase)
            if key:
                entries.setdefault(key, ([], [], [], [], []))[slot].append(item)

        for n, intent in enumerate(intents):
            if intent.politeness:
                self.by_politeness.setdefault(intent.politeness, []).append(intent)
            for phrase in intent.phrases:
                add(phrase, 0, n)
            for phrase in intent.refusals:
                add(phrase, 1, n)
            for phrase in intent.questions:
                add(phrase, 4, n)
            for phrase in intent.exclude:
                add(phrase, 2, n)
            for ci, parts in enumerate(intent.constructions):
                for pi, words in enumerate(parts):
                    for word in words:
                        add(word, 3, (n, ci, pi))
        # per key: the (kind, intent, construction, part) items it stands for
        payloads = {k: tuple(dict.fromkeys(
            [(_PHRASE, n, 0, 0) for n in lists[0]] + [(_REFUSAL, n, 0, 0) for n in lists[1]]
            + [(_EXCLUDE, n, 0, 0) for n in lists[2]] + [(_PART, n, ci, pi) for n, ci, pi in lists[3]]
            + [(_QUESTION, n, 0, 0) for n in lists[4]])) for k, lists in entries.items()}
        self._automaton = build_automaton(payloads) if payloads else None
        self._last: tuple[Normalized, Mentions] | None = None

    def mentions(self, norm: Normalized) -> Mentions:
        """The keyword spans of the reply :meth:`find` read last (read again if it was another
        reply), to tell which clauses only name keywords."""
        last = self._last
        if last is None or last[0] is not norm:
            self.find(norm)
            last = self._last
        return last[1] if last is not None and last[0] is norm else Mentions(norm, ())

    def find(self, norm: Normalized, politeness=()) -> tuple[IntentHit, ...]:
        """Every intent in the reply; ``politeness`` are the lexicon's politeness hits (greeting,
        apology … do the intents that name their category)."""
        hits: list[IntentHit] = []
        compact = norm.compact
        if self._automaton is None or not compact:
            return ()
        folded, index = fold(compact)
        found: list[tuple[int, int, int, int]] = []  # (intent, start, end, kind)
        excluded: list[tuple[int, int, int]] = []
        parts: dict[tuple[int, int], list[list[tuple[int, int]]]] = {}
        for end, (length, items) in self._automaton.iter(folded):
            s, e = end + 1 - length, end + 1
            for kind, n, ci, pi in items:
                if kind == _EXCLUDE:
                    excluded.append((n, s, e))
                elif kind == _PART:
                    lists = parts.get((n, ci))
                    if lists is None:
                        lists = parts[(n, ci)] = [[] for _ in self.intents[n].constructions[ci]]
                    lists[pi].append((s, e))
                else:
                    found.append((n, s, e, kind))
        chains = []
        for (n, _), lists in parts.items():
            if all(lists):
                chains += [(n, s, e, _PHRASE) for s, e in _chain(lists, self.intents[n].gap)]
        found += chains
        if excluded:
            found = _not_excluded(found, excluded)
        mentions = Mentions(
            norm, [(_compact(index, f[1]), _compact(index, f[2])) for f in found]
            + [(_compact(index, a), _compact(index, b))
               for lists in parts.values() for words in lists for a, b in words],
            {(_compact(index, f[1]), _compact(index, f[2])) for f in chains},
            [(h.cstart, h.cend) for h in politeness])
        self._last = (norm, mentions)
        for hit in politeness:  # greeting, apology … (the lexicon's), minus the look-alikes
            for intent in self.by_politeness.get(hit.rule.category, ()):
                n = self._index[intent.id]
                if not any(x[0] == n and _compact(index, x[1]) < hit.cend
                           and hit.cstart < _compact(index, x[2]) for x in excluded):
                    hits.append(IntentHit(intent.id, hit.start, hit.end, hit.phrase, "done"))
        if not found:
            return tuple(hits)
        reading = Reading(norm.text, norm)
        by_intent: dict[int, list] = {}
        for f in found:
            by_intent.setdefault(f[0], []).append((f[1], f[2], f[3]))
        for n, spans in by_intent.items():
            intent = self.intents[n]
            kept = []
            for s, e, kind in spans:
                cs, ce = (index[s], index[e]) if index else (s, e)
                ts, te = norm.text_span(cs, ce)
                if te - ts > ce - cs and reading.crosses(ts, te):
                    continue  # "一早送,给您补偿" is no 送给您
                if kind == _QUESTION and not asks_buyer(reading, ts):
                    continue
                kept.append((cs, ce, kind, ts, te))
            if len(kept) > 1 and any(k[2] == _REFUSAL for k in kept):  # 查不到 beats 这边查
                refusals = [k for k in kept if k[2] == _REFUSAL]
                kept = refusals + [k for k in kept if k[2] != _REFUSAL and not any(
                    r[0] < k[1] and k[0] < r[1] for r in refusals)]
            for cs, ce, kind, ts, te in (kept if len(kept) < 2 else _longest(kept)):
                hit = _hit(norm, reading, intent, cs, ce, ts, te, kind == _REFUSAL)
                if hit is not None:
                    if hit.done and mentions.only_mentions(cs):
                        hit = hit._replace(polarity="mention")
                    hits.append(hit)
        hits.sort(key=lambda h: (h.start, h.intent))
        return tuple(hits)


_PHRASE, _REFUSAL, _QUESTION, _EXCLUDE, _PART = 0, 1, 2, 3, 4
_AGENT_FOR = re.compile(r"(帮|为|给|替|跟|和)(您|你)$")


@lru_cache(maxsize=256)
def _words(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _compact(index: list[int] | None, pos: int) -> int:
    return index[pos] if index else pos


def _hit(norm: Normalized, reading: Reading, intent: Intent, cs: int, ce: int, ts: int,
         te: int, refusal: bool) -> IntentHit | None:
    text = norm.text
    if intent.unless_reply and reading.mentions(intent.unless_reply):
        return None
    if intent.unless or intent.unless_before:
        clause_start, clause_end = reading.clause(ts)
        if intent.unless and _words(intent.unless).search(
                text[clause_start:clause_end].replace(" ", "")):
            return None
        before = text[clause_start:ts]
        if before.endswith(intent.unless_before) and not _AGENT_FOR.search(before):
            return None
    start, end = norm.span(cs, ce)
    how = polarity(reading, ts, te, intent)
    if refusal and how != "quoted":
        how = "refused"
    return IntentHit(intent.id, start, end, norm.original[start:end], how)


def _not_excluded(found: list[tuple], excluded: list[tuple]) -> list[tuple]:
    """``found`` minus the hits an exclusion of the same intent overlaps (bisection per intent:
    linear in the reply)."""
    by_intent: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}
    for n, s, e in sorted(excluded):
        starts, spans = by_intent.setdefault(n, ([], []))
        starts.append(s)
        spans.append((s, e))
    longest = max(e - s for _, s, e in excluded)
    kept = []
    for f in found:
        entry = by_intent.get(f[0])
        if entry is not None:
            starts, spans = entry
            k = bisect_left(starts, f[1] - longest)
            if any(a < f[2] and f[1] < b for a, b in spans[k:bisect_left(starts, f[2])]):
                continue
        kept.append(f)
    return kept


def _longest(spans: list[tuple]) -> list[tuple]:
    return longest_first(list(dict.fromkeys(spans)))


def _chain(lists: list[list[tuple[int, int]]], gap: int) -> list[tuple[int, int]]:
    """Spans where one word of each part follows the previous part within ``gap`` characters.
    Linear in the reply: each part is sorted once and searched by bisection."""
    later = [sorted(words) for words in lists[1:]]
    starts = [[a for a, _ in words] for words in later]
    out = []
    for s, e in lists[0]:
        end = e
        for words, firsts in zip(later, starts, strict=True):
            k, nxt = bisect_left(firsts, end), None
            while k < len(words) and words[k][0] <= end + gap:
                nxt = words[k][1] if nxt is None else min(nxt, words[k][1])
                k += 1
            if nxt is None:
                break
            end = nxt
        else:
            out.append((s, end))
    return out


def intents_json(hits: tuple[IntentHit, ...]) -> str:
    """``json.dumps([h.to_json() for h in hits], ensure_ascii=False)`` for ``kefu check --json``."""
    import json

    return json.dumps([h.to_json() for h in hits], ensure_ascii=False)
