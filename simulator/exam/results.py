"""Exam result files: one per student (``<exam>-<student>.kefu.json``), rewritten atomically
after every turn. Reading one is defensive: the file came from a student's PC or a USB stick.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..files import parse_json
from ..session import TranscriptError, check_transcript
from ..stamps import parse
from ..text import one_line
from .definition import valid_id

FORMAT = "kefu-exam-result"
SCHEMA_VERSION = 1
SUFFIX = ".kefu.json"
MAX_BYTES = 5_000_000
MAX_TEXT = 100  # the gradebook keeps class and team in 100 characters


class ResultFileError(Exception):
    """A result file that cannot be used at all; ``reason`` is a message key, ``params`` its
    parameters (translated by the caller)."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class StudentInfo:
    id: str
    name: str
    class_name: str
    team: str = ""

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "class": self.class_name, "team": self.team}


def tidy(value: str) -> str:
    """A name, class or team as stored: one line, no control characters, bounded length."""
    return one_line(value).strip()[:MAX_TEXT]


def result_path(folder: str | Path, exam_id: str, student_id: str) -> Path:
    return Path(folder) / f"{exam_id}-{student_id}{SUFFIX}"


def read_result(path: str | Path) -> dict:
    """Read and check one result file; raises :class:`ResultFileError`."""
    return load_result(path)[0]


def load_result(path: str | Path) -> tuple[dict, bytes]:
    """The checked content of a result file and its raw bytes (never more than MAX_BYTES are
    read, whatever the file claims or becomes while being read)."""
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ResultFileError("collect.unreadable", why=exc.strerror or str(exc)) from None
    if len(raw) > MAX_BYTES:
        raise ResultFileError("collect.too_big", limit=MAX_BYTES)
    try:
        data = parse_json(raw, str(path))
    except ValueError as exc:  # TextFileError is a ValueError
        raise ResultFileError("collect.not_json", why=str(exc)[:200]) from None
    check_result(data)
    return data, raw


def check_result(data) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ResultFileError("collect.not_result")
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ResultFileError("collect.bad_field", field="schema_version")
    exam = data.get("exam")
    if not isinstance(exam, dict) or not isinstance(exam.get("id"), str) \
            or not isinstance(exam.get("hash"), str):
        raise ResultFileError("collect.bad_field", field="exam")
    student = data.get("student")
    if not isinstance(student, dict):
        raise ResultFileError("collect.bad_field", field="student")
    sid = student.get("id")
    if not isinstance(sid, str) or not valid_id(sid):
        raise ResultFileError("collect.bad_student_id", id=one_line(str(sid))[:80])
    for key in ("name", "class", "team"):
        if not isinstance(student.get(key, ""), str):
            raise ResultFileError("collect.bad_field", field=f"student.{key}")
    sittings = data.get("sittings")
    if not isinstance(sittings, list) or not sittings:
        raise ResultFileError("collect.bad_field", field="sittings")
    for i, sitting in enumerate(sittings):
        if not isinstance(sitting, dict) or not isinstance(sitting.get("transcripts"), list) \
                or not isinstance(sitting.get("started_at"), str):
            raise ResultFileError("collect.bad_field", field=f"sittings[{i}]")
        for key in ("started_at", "finished_at"):
            if (sitting.get(key) is not None or key == "started_at") \
                    and parse(sitting.get(key)) is None:
                raise ResultFileError("collect.bad_field", field=f"sittings[{i}].{key}")
        for j, transcript in enumerate(sitting["transcripts"]):
            try:
                check_transcript(transcript)
            except TranscriptError as exc:
                raise ResultFileError("collect.bad_transcript", n=j + 1,
                                      why=str(exc)) from None
            if not isinstance(transcript.get("id"), str) or not transcript["id"] \
                    or not isinstance(transcript["scenario"].get("hash"), str):
                raise ResultFileError("collect.bad_transcript", n=j + 1, why="id/hash")


def student_of(data: dict) -> StudentInfo:
    s = data["student"]
    return StudentInfo(s["id"], tidy(s.get("name", "")), tidy(s.get("class", "")),
                       tidy(s.get("team", "")))
