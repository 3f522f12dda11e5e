"""An exam's result file (``kefu-exam-result``) as typed objects: a student's sittings, each
holding transcripts (:mod:`simulator.transcript`), read, checked, upgraded and written the same
way — :meth:`ResultFile.from_json` reports EVERY problem at once, after upgrading an older
``schema_version`` through :data:`RESULT_UPGRADES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .fileshape import Reader, at, shown
from .transcript import (
    JSON,
    SCHEMA_VERSION,
    Transcript,
    Upgrade,
    ordered,
    read_transcript,
    rest,
    upgrade,
)

RESULT_FORMAT = "kefu-exam-result"
# RESULT_UPGRADES[v] turns a result file's own fields of schema_version v into v + 1 (its
# transcripts go through simulator.transcript.UPGRADES); empty until version 2 exists.
RESULT_UPGRADES: dict[int, Upgrade] = {}

_RESULT_KEYS = ("format", "schema_version", "exam", "student", "sittings")
_EXAM_KEYS = ("id", "title", "hash")
_STUDENT_KEYS = ("id", "name", "class", "team")
_SITTING_KEYS = ("n", "started_at", "finished_at", "scenarios", "transcripts")


@dataclass(frozen=True)
class ExamRef:
    id: str
    hash: str  # the exam definition's hash when the sitting started
    title: str | None = None
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        return ordered({"id": self.id, "title": self.title, "hash": self.hash}, self.extra,
                        _EXAM_KEYS)


@dataclass(frozen=True)
class StudentRef:
    id: str
    name: str | None = None
    class_name: str | None = None
    team: str | None = None
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        return ordered({"id": self.id, "name": self.name, "class": self.class_name,
                         "team": self.team}, self.extra, _STUDENT_KEYS)


@dataclass(frozen=True)
class Sitting:
    started_at: str
    transcripts: tuple[Transcript, ...]
    n: int | None = None
    finished_at: str | None = None  # None: the sitting goes on
    scenarios: tuple[str, ...] | None = None  # the exam's scenario ids, in order
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        return ordered({"n": self.n, "started_at": self.started_at,
                         "finished_at": self.finished_at,
                         "scenarios": None if self.scenarios is None else list(self.scenarios),
                         "transcripts": [tr.to_json() for tr in self.transcripts]},
                        self.extra, _SITTING_KEYS, nulls=("finished_at",))


@dataclass(frozen=True)
class ResultFile:
    exam: ExamRef
    student: StudentRef
    sittings: tuple[Sitting, ...]
    extra: JSON = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: object, owned: bool = False) -> ResultFile:
        """The result file in ``data``; raises FileProblems listing every problem.
        ``owned``: ``data`` is given away (just parsed), so its parts are kept, not copied."""
        reader = Reader(owned)
        result = _read_result(reader, data)
        reader.done()
        assert result is not None
        return result

    def to_json(self) -> JSON:
        return ordered({"format": RESULT_FORMAT, "schema_version": SCHEMA_VERSION,
                         "exam": self.exam.to_json(), "student": self.student.to_json(),
                         "sittings": [s.to_json() for s in self.sittings]},
                        self.extra, _RESULT_KEYS)


def _read_result(reader: Reader, data: object) -> ResultFile | None:
    from .exam.definition import valid_id

    if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
        reader.add("file.not_result", "")
        return None
    data = upgrade(data, RESULT_UPGRADES, reader, "")
    if data is None:
        return None
    exam = student = None
    if (found := reader.mapping(data, "exam", "", required=True)) is not None:
        eid = reader.text(found, "id", "exam", required=True)
        ehash = reader.text(found, "hash", "exam", required=True)
        title = reader.text(found, "title", "exam")
        if eid is not None and ehash is not None:
            exam = ExamRef(eid, ehash, title, rest(reader, found, _EXAM_KEYS))
    if (found := reader.mapping(data, "student", "", required=True)) is not None:
        sid = reader.text(found, "id", "student", required=True)
        if sid is not None and not valid_id(sid):
            reader.add("file.bad_id", "student.id", value=shown(sid))
        student = StudentRef(sid or "", reader.text(found, "name", "student"),
                             reader.text(found, "class", "student"),
                             reader.text(found, "team", "student"),
                             rest(reader, found, _STUDENT_KEYS))
    sittings = []
    for i, item in enumerate(reader.items(data, "sittings", "", required=True, nonempty=True)
                             or []):
        sitting = _read_sitting(reader, item, at("sittings", i))
        if sitting is not None:
            sittings.append(sitting)
    if reader.problems or exam is None or student is None:
        return None
    return ResultFile(exam, student, tuple(sittings), rest(reader, data, _RESULT_KEYS))


def _read_sitting(reader: Reader, item: object, path: str) -> Sitting | None:
    if not isinstance(item, dict):
        reader.add("file.not_object", path, value=shown(item))
        return None
    started = reader.stamp(item, "started_at", path, required=True)
    finished = reader.stamp(item, "finished_at", path)
    n = reader.integer(item, "n", path)
    ids = reader.items(item, "scenarios", path)
    for k, sid in enumerate(ids or []):
        if not isinstance(sid, str):
            reader.add("file.not_text", at(at(path, "scenarios"), k), value=shown(sid))
    transcripts = []
    for j, doc in enumerate(reader.items(item, "transcripts", path, required=True) or []):
        where = at(at(path, "transcripts"), j)
        transcript = read_transcript(reader, doc, where)
        if transcript is None:
            continue
        # a sitting's conversations are told apart by id and checked against their scenario
        if not transcript.id:
            reader.add("file.missing", at(where, "id"))
        if transcript.scenario.hash is None:
            reader.add("file.missing", at(at(where, "scenario"), "hash"))
        transcripts.append(transcript)
    if started is None:
        return None
    return Sitting(started, tuple(transcripts), n, finished,
                   None if ids is None else tuple(ids), rest(reader, item, _SITTING_KEYS))
