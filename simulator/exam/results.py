"""Exam result files: one per student (``<exam>-<student>.kefu.json``), rewritten atomically
after every turn. Reading one is defensive: the file came from a student's PC or a USB stick.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..files import parse_json
from ..fileshape import FileProblems, Problem, explain
from ..resultfile import RESULT_FORMAT, ResultFile, StudentRef
from ..text import one_line
from ..transcript import SCHEMA_VERSION

FORMAT = RESULT_FORMAT
__all__ = ["FORMAT", "SCHEMA_VERSION", "ResultFileError", "StudentInfo", "load_result",
           "read_result", "result_path", "tidy"]
SUFFIX = ".kefu.json"
MAX_BYTES = 5_000_000
MAX_TEXT = 100  # the gradebook keeps class and team in 100 characters


class ResultFileError(Exception):
    """A result file that cannot be used at all; ``reason`` is a message key, ``params`` its
    parameters, or ``problems`` every problem in its content (translated by :meth:`lines`)."""

    def __init__(self, reason: str, problems: tuple[Problem, ...] = (), **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params
        self.problems = problems

    def lines(self) -> list[str]:
        """What is wrong, one translated line per problem."""
        from ..i18n import t

        return explain(self.problems) if self.problems else [t(self.reason, **self.params)]


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
    return load_result(path)[0].to_json()


def load_result(path: str | Path) -> tuple[ResultFile, bytes]:
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
    return check_result(data, owned=True), raw


def check_result(data, owned: bool = False) -> ResultFile:
    """``data`` as a result file; raises :class:`ResultFileError` with every problem.
    ``owned``: nobody else holds ``data`` (see :meth:`ResultFile.from_json`)."""
    try:
        return ResultFile.from_json(data, owned)
    except FileProblems as exc:
        raise ResultFileError("collect.bad_file", exc.problems) from None


def student_of(result: ResultFile) -> StudentInfo:
    s: StudentRef = result.student
    return StudentInfo(s.id, tidy(s.name or ""), tidy(s.class_name or ""), tidy(s.team or ""))
