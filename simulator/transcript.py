"""The transcript file as typed objects: read, checked, upgraded and written.

A drill's transcript (``kefu-transcript``) is JSON; an exam's result file holds transcripts
(:mod:`simulator.resultfile`). :meth:`Transcript.from_json` checks a document and reports EVERY
problem at once
(:class:`simulator.fileshape.FileProblems`, codes translated where they are shown), upgrading
an older ``schema_version`` first through the explicit chain :data:`UPGRADES`.
``to_json`` writes the format kefu writes today; keys kefu does not model (what the judge
observed, the engine's edges, typing stats, ...) are kept in ``extra`` as they were.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .fileshape import Reader, at, shown

JSON = dict[str, Any]
SCHEMA_VERSION = 1  # of both files (a result file holds transcripts)
FORMAT = "kefu-transcript"
MAX_LATENCY = 7 * 24 * 3600.0  # seconds: more is not a latency
MAX_NUDGES = 2  # 催 lines per turn (simulator.nudges)
MAX_REPLY = 500  # characters: a chat message is short; longer replies are cut (and marked)
MAX_SEED = 2**63 - 1

# The upgrade chain: UPGRADES[v] turns a transcript of schema_version v into one of v + 1 (a
# new dict; the input is a copy it may change). A file of version v is read through every step
# from v up to SCHEMA_VERSION; versions with no step are not readable. Version 1 is the first
# and current one, so the chain is empty until version 2 exists (the result file's own fields
# have theirs: simulator.resultfile.RESULT_UPGRADES).
Upgrade = Callable[[JSON], JSON]
UPGRADES: dict[int, Upgrade] = {}

_TRANSCRIPT_KEYS = ("format", "schema_version", "id", "mode", "scenario", "seed", "started_at",
                    "finished_at", "turns", "outcome", "score")
_ALWAYS = ("started_at", "finished_at", "outcome", "score")
_SCENARIO_KEYS = ("id", "title", "hash", "path")
_OUTCOME_KEYS = ("id", "label", "good", "closing")
_TURN_KEYS = ("n", "node", "buyer", "buyer_at", "patience", "last_word", "shown_at", "nudges")
# what a reply adds to its turn, in the order kefu writes them (simulator.session)
REPLY_KEYS = ("cut_from", "reply", "reply_at", "latency", "observed", "edge", "patience_delta",
              "patience_after", "typing", "pasted", "reaction", "repeated")
_TURN_ORDER = (*_TURN_KEYS, "retried", *REPLY_KEYS)  # a retry comes before the new reply


def clip(text: str) -> str:
    """A reply as kefu judges it: at most :data:`MAX_REPLY` characters."""
    return text[:MAX_REPLY]


def ordered(values: JSON, extra: JSON, order: tuple[str, ...],
             nulls: tuple[str, ...] = ()) -> JSON:
    """``values`` (None: not written, unless the key is in ``nulls``) and ``extra`` in kefu's
    key order, unknown keys last."""
    merged = {k: v for k, v in values.items() if v is not None or k in nulls} | extra
    out = {k: merged.pop(k) for k in order if k in merged}
    out.update(merged)  # the unknown keys, as they came
    return out


def _copy(value: Any) -> Any:
    """``copy.deepcopy`` of a JSON value, several times faster (no memo of every object)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value


def _kept(reader: Reader, value: Any) -> Any:
    """``value`` as a typed object keeps it: a copy, unless the reader owns the document."""
    return value if reader.owned else _copy(value)


def rest(reader: Reader, obj: JSON, known: tuple[str, ...]) -> JSON:
    return {k: _kept(reader, v) for k, v in obj.items() if k not in known}


def upgrade(data: JSON, chain: dict[int, Upgrade], reader: Reader, path: str) -> JSON | None:
    """``data`` brought to :data:`SCHEMA_VERSION` through ``chain``; None (and a problem) when
    its version is newer than this kefu or one it cannot read."""
    version = data.get("schema_version")
    where = at(path, "schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        reader.add("file.schema_unknown", where, version=shown(version), current=SCHEMA_VERSION)
        return None
    if version > SCHEMA_VERSION:
        reader.add("file.schema_new", where, version=version, current=SCHEMA_VERSION)
        return None
    if version < SCHEMA_VERSION and any(v not in chain for v in range(version, SCHEMA_VERSION)):
        reader.add("file.schema_unknown", where, version=version, current=SCHEMA_VERSION)
        return None
    while version < SCHEMA_VERSION:
        data = chain[version](copy.deepcopy(data))
        version += 1
        data["schema_version"] = version
    return data


@dataclass(frozen=True)
class ScenarioRef:
    id: str
    title: str | None = None
    hash: str | None = None  # the scenario's content hash when the conversation started
    path: str | None = None  # a teacher's file given by path (not for the built-in bank)
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        return ordered({"id": self.id, "title": self.title, "hash": self.hash,
                         "path": self.path}, self.extra, _SCENARIO_KEYS)


@dataclass(frozen=True)
class Reply:
    """A student's reply to a turn (or one taken back with /重答: ``Turn.retried``)."""

    text: str
    at: str | None = None  # reply_at
    latency: float | None = None  # seconds from the buyer line shown; None: untimed
    extra: JSON = field(default_factory=dict)  # observed, edge, patience_after, typing, ...

    def to_json(self) -> JSON:
        # latency is written with every reply, null when untimed
        return ordered({"reply": self.text, "reply_at": self.at, "latency": self.latency},
                        self.extra, REPLY_KEYS, nulls=("latency",))


@dataclass(frozen=True)
class Turn:
    buyer: str  # the buyer's line
    n: int | None = None
    node: str | None = None
    patience: float | None = None
    buyer_at: str | None = None
    shown_at: str | None = None  # when the line was shown: latency counts from here
    last_word: bool = False  # the buyer said goodbye; this reply is the student's last word
    nudges: tuple[str, ...] | None = None  # when each 催 line was sent
    reply: Reply | None = None
    retried: tuple[Reply, ...] = ()
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        values: JSON = {"n": self.n, "node": self.node, "buyer": self.buyer,
                        "buyer_at": self.buyer_at, "patience": self.patience,
                        "last_word": True if self.last_word else None,
                        "shown_at": self.shown_at,
                        "nudges": None if self.nudges is None else list(self.nudges),
                        "retried": [r.to_json() for r in self.retried] or None}
        reply = {} if self.reply is None else self.reply.to_json()
        return ordered(values, self.extra | reply, _TURN_ORDER)


@dataclass(frozen=True)
class Outcome:
    id: str
    label: str | None = None
    good: bool | None = None
    closing: str | None = None  # the buyer's last line
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        return ordered({"id": self.id, "label": self.label, "good": self.good,
                         "closing": self.closing}, self.extra, _OUTCOME_KEYS)


@dataclass(frozen=True)
class Transcript:
    scenario: ScenarioRef
    seed: int
    turns: tuple[Turn, ...]
    id: str | None = None
    mode: str | None = None  # "drill" or "exam"
    started_at: str | None = None
    finished_at: str | None = None
    outcome: Outcome | None = None  # None: the conversation goes on
    score: JSON | None = None  # Score.to_json() when it ended
    extra: JSON = field(default_factory=dict)  # e.g. "exam", the pending "ending"

    @classmethod
    def from_json(cls, data: object) -> Transcript:
        """The transcript in ``data``; raises FileProblems listing every problem."""
        reader = Reader()
        transcript = read_transcript(reader, data, "")
        reader.done()
        assert transcript is not None
        return transcript

    def to_json(self) -> JSON:
        return ordered({
            "format": FORMAT, "schema_version": SCHEMA_VERSION, "id": self.id,
            "mode": self.mode, "scenario": self.scenario.to_json(), "seed": self.seed,
            "started_at": self.started_at, "finished_at": self.finished_at,
            "turns": [turn.to_json() for turn in self.turns],
            "outcome": None if self.outcome is None else self.outcome.to_json(),
            "score": self.score,
        }, self.extra, _TRANSCRIPT_KEYS, nulls=_ALWAYS)  # written even when null, as always


def read_transcript(reader: Reader, data: object, path: str) -> Transcript | None:
    """The transcript at ``path`` in a document; its problems go to ``reader``."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        reader.add("file.not_transcript", path)
        return None
    data = upgrade(data, UPGRADES, reader, path)
    if data is None:
        return None
    before = len(reader.problems)
    ref = reader.mapping(data, "scenario", path, required=True)
    scenario = None
    if ref is not None:
        where = at(path, "scenario")
        sid = reader.text(ref, "id", where, required=True)
        scenario = ScenarioRef(sid or "", reader.text(ref, "title", where),
                               reader.text(ref, "hash", where), reader.text(ref, "path", where),
                               rest(reader, ref, _SCENARIO_KEYS))
    seed = reader.integer(data, "seed", path, required=True, low=0, high=MAX_SEED)
    turns = []
    for i, item in enumerate(reader.items(data, "turns", path, required=True, nonempty=True)
                             or []):
        turn = _read_turn(reader, item, at(at(path, "turns"), i))
        if turn is not None:
            turns.append(turn)
    outcome = None
    found = reader.mapping(data, "outcome", path)
    if found is not None:
        where = at(path, "outcome")
        outcome = Outcome(reader.text(found, "id", where, required=True) or "",
                          reader.text(found, "label", where), reader.flag(found, "good", where),
                          reader.text(found, "closing", where),
                          rest(reader, found, _OUTCOME_KEYS))
    transcript = Transcript(
        scenario or ScenarioRef(""), seed or 0, tuple(turns),
        reader.text(data, "id", path), reader.text(data, "mode", path),
        reader.stamp(data, "started_at", path), reader.stamp(data, "finished_at", path),
        outcome, _kept(reader, reader.mapping(data, "score", path)),
        rest(reader, data, _TRANSCRIPT_KEYS))
    return transcript if len(reader.problems) == before else None


def _read_reply(reader: Reader, obj: JSON, path: str) -> Reply | None:
    text = reader.text(obj, "reply", path, required=True)
    latency = reader.number(obj, "latency", path, low=0, high=MAX_LATENCY)
    reply_at = reader.stamp(obj, "reply_at", path)
    if text is None:
        return None
    known = ("reply", "reply_at", "latency")
    return Reply(text, reply_at, latency,
                 {k: _kept(reader, v) for k, v in obj.items()
                  if k in REPLY_KEYS and k not in known})


def _read_turn(reader: Reader, item: object, path: str) -> Turn | None:
    if not isinstance(item, dict):
        reader.add("file.not_object", path, value=shown(item))
        return None
    buyer = reader.text(item, "buyer", path, required=True)
    n = reader.integer(item, "n", path)
    node = reader.text(item, "node", path)
    patience = reader.number(item, "patience", path)
    buyer_at = reader.stamp(item, "buyer_at", path)
    shown_at = reader.stamp(item, "shown_at", path)
    last_word = reader.flag(item, "last_word", path)
    nudges = reader.items(item, "nudges", path)
    if nudges is not None:
        if len(nudges) > MAX_NUDGES:
            reader.add("file.too_many", at(path, "nudges"), n=len(nudges), most=MAX_NUDGES)
        for k, value in enumerate(nudges):
            reader.check_stamp(value, at(at(path, "nudges"), k))
    reply = None
    if "reply" in item:
        reply = _read_reply(reader, item, path)
    else:  # checked all the same: what a reply would carry
        reader.number(item, "latency", path, low=0, high=MAX_LATENCY)
        reader.stamp(item, "reply_at", path)
    retried = []
    for k, old in enumerate(reader.items(item, "retried", path) or []):
        where = at(at(path, "retried"), k)
        if not isinstance(old, dict):
            reader.add("file.not_object", where, value=shown(old))
        elif (done := _read_reply(reader, old, where)) is not None:
            retried.append(done)
    modelled = (*_TURN_KEYS, "retried", *(REPLY_KEYS if "reply" in item else ()))
    return Turn(buyer or "", n, node, patience, buyer_at, shown_at, bool(last_word),
                None if nudges is None else tuple(nudges), reply, tuple(retried),
                rest(reader, item, modelled))
