"""The gradebook's records (plain dataclasses) and the stored form of their values.

Timestamps are stored as fixed-width UTC text (``2026-06-01T10:30:00.000Z``), which sorts as
text; lists and dicts as compact JSON. Nothing here touches the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from ..gcpause import gc_paused
from ..stamps import normal, now, stamp  # noqa: F401 - re-exported: one form, one parser
from .facts import FACTS

LOCAL_STUDENT = "local"  # drills recorded without --student belong to the computer's user


# ---- records -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""
    class_name: str = ""
    team: str = ""


@dataclass(frozen=True)
class ExamRecord:
    id: str
    title: str
    definition_hash: str
    yaml_text: str
    scenarios: list[str]


@dataclass
class NewAttempt:
    """One scored conversation to store (see :meth:`Gradebook.add_attempt`)."""

    uid: str
    student_id: str
    scenario_id: str
    scenario_hash: str
    seed: int
    transcript: dict
    total: int
    dimensions: dict[str, float]
    finished_at: str
    exam_id: str | None = None
    sitting: int = 1
    mistakes: list[dict] = field(default_factory=list)
    outcome_id: str | None = None
    outcome_good: bool | None = None
    response_time: float | None = None
    source_file: str | None = None
    source_hash: str | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "drill" if self.exam_id is None else "exam"


@dataclass(frozen=True)
class Rescored:
    """A new score for a stored attempt (:meth:`Gradebook.rescore_many`)."""

    attempt_id: int
    total: int
    dimensions: dict[str, float]
    mistakes: list[dict]
    outcome_id: str | None
    outcome_good: bool | None


@dataclass(frozen=True)
class Attempt:
    id: int
    uid: str
    kind: str
    exam_id: str | None
    sitting: int
    student_id: str
    scenario_id: str
    scenario_hash: str
    seed: int
    total: int
    dimensions: dict[str, float]
    mistakes: list[dict]
    outcome_id: str | None
    outcome_good: bool | None
    response_time: float | None
    finished_at: str
    source_file: str | None
    source_hash: str | None
    flags: list[str]
    summary: dict  # what the grade sheet reads of the transcript (:func:`summary_of`)
    transcript: dict | None = None  # only when asked for (with_transcripts=True)


class SheetAttempt(NamedTuple):
    """What a grade sheet reads of an attempt of a best sitting (:meth:`Gradebook.sheet_attempts`):
    its scores and its :data:`FACTS` (the summary only where they cannot tell:
    :meth:`Gradebook.summaries`). A tuple: a school has 200,000 of them."""

    id: int
    student_id: str
    sitting: int
    scenario_id: str
    total: int
    dimensions: dict[str, float]  # attempts with the same scores may share these values
    mistakes: list[dict]
    flags: list[str]
    outcome_id: str | None
    outcome_good: bool | None
    response_time: float | None
    finished_at: str
    facts: tuple | None  # in FACTS order (timing_facts, paste_bound); None: not filled in


@dataclass(frozen=True)
class Adjustment:
    id: int
    exam_id: str
    student_id: str
    points: float
    reason: str
    author: str
    created_at: str


@dataclass(frozen=True)
class BestScore:
    """A student's best result in one scope (an exam or a scenario), as ranked."""

    rank: int
    student_id: str
    name: str
    class_name: str
    team: str
    score: float
    response_time: float | None
    finished_at: str
    attempts: int
    attempt_id: int | None = None
    sitting: int | None = None


@dataclass(frozen=True)
class TeamScore:
    rank: int
    team: str
    score: float  # the average of the members' best scores
    members: int
    response_time: float | None  # the members' average
    finished_at: str  # the latest of the members' best finishes


def local_name() -> str:
    """The computer's user name: who drills and decisions without a name belong to."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return LOCAL_STUDENT


# ---- stored forms -------------------------------------------------------------------------------
# one form and one parser for every timestamp: simulator.stamps
parse_stamp = normal


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---- rows <-> records ----
def student_of(row) -> Student:
    return Student(row.id, row.name, row.class_name, row.team)


def exam_of(row) -> ExamRecord:
    return ExamRecord(row.id, row.title, row.definition_hash, row.yaml_text,
                      json.loads(row.scenarios))


def _list(text: str) -> list:
    return [] if text == "[]" else json.loads(text)  # most attempts: no mistakes, no flags


ATTEMPT_FIELDS = tuple(f.name for f in fields(Attempt))  # select columns in this order
_DIMENSIONS, _MISTAKES, _FLAGS, _SUMMARY = (ATTEMPT_FIELDS.index(n) for n in
                                            ("dimensions", "mistakes", "flags", "summary"))


def attempts_of(rows) -> list[Attempt]:
    """:func:`attempt_of` of every row (see :func:`gc_paused`)."""
    with gc_paused():
        return [attempt_of(r) for r in rows]


def attempt_of(row) -> Attempt:
    """An :class:`Attempt` from a row of the ``ATTEMPT_FIELDS`` columns, in that order (the
    transcript, last, may be left out). Positional: a school's 200,000 rows add up."""
    values = list(row)
    values[_DIMENSIONS] = json.loads(values[_DIMENSIONS])
    values[_MISTAKES] = _list(values[_MISTAKES])
    values[_FLAGS] = _list(values[_FLAGS])
    values[_SUMMARY] = json.loads(values[_SUMMARY])
    if len(values) == len(ATTEMPT_FIELDS):
        values[-1] = json.loads(values[-1])
    return Attempt(*values)


def attempt_row(a: NewAttempt) -> dict:
    return {
        "uid": a.uid, "kind": a.kind, "exam_id": a.exam_id, "sitting": a.sitting,
        "student_id": a.student_id, "scenario_id": a.scenario_id,
        "scenario_hash": a.scenario_hash, "seed": a.seed, "transcript": dumps(a.transcript),
        "total": int(a.total), "dimensions": dumps(a.dimensions), "mistakes": dumps(a.mistakes),
        "outcome_id": a.outcome_id, "outcome_good": a.outcome_good,
        "response_time": a.response_time, "finished_at": a.finished_at,
        "source_file": a.source_file, "source_hash": a.source_hash, "flags": dumps(a.flags),
    } | summary_columns(summary_of(a.transcript))


def summary_columns(summary: dict) -> dict:
    """The stored summary and the grade-sheet facts made from it (:func:`sheet_facts`)."""
    return {"summary": dumps(summary), **dict(zip(FACTS, sheet_facts(summary), strict=True))}


def sheet_facts(summary: dict) -> tuple:
    """The numbers of a :func:`summary_of` that a grade sheet adds up, in
    :data:`~.schema.FACTS` order: :func:`~simulator.metrics.timing_facts` and the
    :func:`~simulator.integrity.paste_bound`."""
    from ..integrity import paste_bound
    from ..metrics import timing_facts

    return (*timing_facts(summary["timings"]), paste_bound(summary["paste"]))


def summary_of(transcript: dict) -> dict:
    """What the grade sheet reads of a transcript, stored with the attempt when it is written
    (the transcript never changes after; a regrade changes only the score columns): the
    service metrics' :func:`~simulator.metrics.timings` and the 粘贴
    :func:`~simulator.integrity.paste_facts`, computed by the same functions that read a
    transcript."""
    from ..integrity import paste_facts
    from ..metrics import timings

    return {"timings": timings(transcript), "paste": paste_facts(transcript.get("turns", ()))}


# ---- from a transcript ----
def mistakes_of(score: dict) -> list[dict]:
    """The forbidden-wording marks of a score (``Score.to_json()``), for "common mistakes"."""
    from scoring.rubric import load_rubric

    major = load_rubric().major
    out = []
    for m in score.get("marks", []):
        if m.get("dimension") == "forbidden":
            out.append({"rule": str(m.get("rule", "")), "phrase": str(m.get("phrase", "")),
                        "severity": "major" if -m.get("points", 0) >= major else "soft"})
    return out


def attempt_from_transcript(transcript: dict, score: dict, student_id: str,
                            exam_id: str | None = None, sitting: int = 1) -> NewAttempt:
    """A :class:`NewAttempt` from a Session transcript dict and its score (``Score.to_json()``)."""
    latencies = [turn.get("latency") for turn in transcript["turns"] if "reply" in turn]
    timed = bool(latencies) and all(isinstance(x, (int, float)) for x in latencies)
    outcome = transcript.get("outcome") or {}
    return NewAttempt(
        uid=str(transcript["id"]), student_id=student_id, exam_id=exam_id, sitting=sitting,
        scenario_id=transcript["scenario"]["id"], scenario_hash=transcript["scenario"]["hash"],
        seed=int(transcript["seed"]), transcript=transcript, total=int(score["total"]),
        dimensions=dict(score["dimensions"]), mistakes=mistakes_of(score),
        outcome_id=outcome.get("id"), outcome_good=outcome.get("good"),
        response_time=round(sum(latencies), 3) if timed else None,
        finished_at=parse_stamp(transcript.get("finished_at")) or now())
