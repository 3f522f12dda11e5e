"""A task's resolution slots found in a reply (:func:`slot_finder`): each slot's own phrases, read
in their clause like an intent's (``polarity.py``), and the shared intents it names
(``intents.py``). The slots themselves (:class:`~scoring.resolution.Slot`) are ``resolution.py``.
"""

from __future__ import annotations

from functools import lru_cache

from .automaton import build_automaton, phrase_key
from .intents import library
from .normalize import Normalized
from .polarity import Reading, polarity
from .resolution import Slot, SlotHit


class SlotFinder:
    """Finds a task's resolution slots in a reply: its own phrases, read in their clause like an
    intent that a question does not undo, and the shared intents it names."""

    def __init__(self, slots: tuple[Slot, ...]):
        entries: dict[str, list] = {}
        self._by_intent: dict[str, list[str]] = {}
        for slot in slots:
            for phrase in slot.phrases:
                key = phrase_key(phrase)
                if key:
                    entries.setdefault(key, []).append(slot.name)
            for intent in slot.intents:
                self._by_intent.setdefault(intent, []).append(slot.name)
        self._automaton = build_automaton(entries) if entries else None

    def find(self, norm: Normalized, intents=()) -> list[SlotHit]:
        """Slot hits: the shared intents' (their polarity as they are) and the slot's own
        phrases, read in their clause; a clause that only names keywords (slot phrases among
        them: "枕套 赠品 包邮") does not cover its slots ("mention")."""
        hits = []
        for hit in intents:
            for name in self._by_intent.get(hit.intent, ()):
                hits.append(SlotHit(name, hit.start, hit.end, hit.phrase, hit.polarity,
                                    hit.intent))
        if self._automaton is None or not norm.compact:
            return hits
        reading = None
        found = [(end - length + 1, end + 1, names)
                 for end, (length, names) in self._automaton.iter(norm.compact)]
        mentions = library().mentions(norm).with_units((s, e) for s, e, _ in found) \
            if found else None
        for cstart, cend, names in found:
            start, stop = norm.span(cstart, cend)
            tstart, tend = norm.text_span(cstart, cend)
            reading = reading or Reading(norm.text, norm)
            how = polarity(reading, tstart, tend)
            if how == "done" and mentions.only_mentions(cstart):
                how = "mention"
            for name in names:
                hits.append(SlotHit(name, start, stop, norm.original[start:stop], how))
        return hits


@lru_cache(maxsize=256)
def slot_finder(slots: tuple[Slot, ...]) -> SlotFinder:
    return SlotFinder(slots)
