"""Taking an exam: one sitting at a time, saved to the student's result file after every turn.

Re-running the same ``kefu exam take`` continues an unfinished sitting while the exam's time
allows; a finished one starts the next sitting if ``attempts`` allows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KefuError
from ..exitcodes import Exit
from ..files import atomic_write_json
from ..i18n import t
from ..session import Session, TranscriptError
from ..stamps import epoch, now
from .definition import Exam
from .results import (
    FORMAT,
    SCHEMA_VERSION,
    ResultFileError,
    StudentInfo,
    read_result,
    result_path,
    tidy,
)


@dataclass
class ExamSession(Session):
    """A Session whose transcript lives inside the result file (``sink`` writes it)."""

    sink: object = None

    def save(self) -> None:
        if self.sink is not None:
            self.sink()


@dataclass
class Clock:
    """The exam's time limits; ``deadline`` is wall-clock epoch seconds (None: no limit)."""

    per_reply: float | None
    deadline: float | None
    now: Callable[[], float] = field(default=time.time)

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - self.now()

    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0

    def since_shown(self, session) -> float:
        """Seconds since the pending buyer line was first shown (0 if it was not)."""
        shown = epoch(session.data["turns"][-1].get("shown_at"))
        return 0.0 if shown is None else max(0.0, self.now() - shown)

    def status(self, session) -> str:
        """The timer line shown under the prompt: time on this reply and on the exam."""
        parts = []
        if self.per_reply is not None and session.data["turns"][-1].get("shown_at"):
            parts.append(t("exam.timer_reply", used=int(self.since_shown(session)),
                           limit=int(self.per_reply)))
        left = self.remaining()
        if left is not None:
            left = max(0, int(left))
            parts.append(t("exam.timer_total", left=f"{left // 60:02d}:{left % 60:02d}"))
        return " · ".join(parts)


class ExamRun:
    """The student's result file and the sitting in progress."""

    def __init__(self, exam: Exam, student: StudentInfo, path: Path, data: dict,
                 scenarios: dict | None = None, wall: Callable[[], float] = time.time):
        self.scenarios = scenarios  # id -> Scenario (default: looked up in the bank)
        self.wall = wall  # epoch seconds: sittings' moments, the deadline, the reply timer
        self.exam = exam
        self.student = student
        self.path = path
        self.data = data
        self.judge = exam.judge()

    # ---- opening ----
    @classmethod
    def open(cls, exam: Exam, student: StudentInfo, folder: str | Path,
             scenarios: dict | None = None, wall: Callable[[], float] = time.time) -> ExamRun:
        path = result_path(folder, exam.id, student.id)
        if path.exists():
            try:
                data = read_result(path)
            except ResultFileError as exc:
                raise KefuError(t("exam.bad_own_file", path=str(path),
                                  why="; ".join(exc.lines()))) from None
            if data["exam"]["id"] != exam.id:
                raise KefuError(t("exam.other_exam_file", path=str(path)), Exit.CONFLICT)
            if tidy(data["student"].get("name", "")) != student.name:
                raise KefuError(t("exam.other_student_file", path=str(path),
                                  name=tidy(data["student"].get("name", ""))), Exit.CONFLICT)
        else:
            data = None
        return cls.continue_with(exam, student, path, data, scenarios, wall)

    @classmethod
    def continue_with(cls, exam: Exam, student: StudentInfo, path, data: dict | None,
                      scenarios: dict | None = None,
                      wall: Callable[[], float] = time.time) -> ExamRun:
        """The run for a result document already read (None: a new one): the sitting in
        progress, else a new sitting while ``attempts`` allows (``path`` names it in errors)."""
        if data is None:
            data = {"format": FORMAT, "schema_version": SCHEMA_VERSION,
                    "exam": {"id": exam.id, "title": exam.title, "hash": exam.hash},
                    "student": student.to_json(), "sittings": []}
            run = cls(exam, student, path, data, scenarios, wall)
            run.new_sitting()
            return run
        run = cls(exam, student, path, data, scenarios, wall)
        timed_out = run.sitting["finished_at"] is None and run.clock().expired()
        if timed_out:
            run.close_sitting()
        if run.sitting["finished_at"] is not None:
            if len(data["sittings"]) >= exam.attempts:
                key = "exam.time_over" if timed_out else "exam.no_attempts_left"
                raise KefuError(t(key, n=exam.attempts, path=str(path)), Exit.CONFLICT)
            run.new_sitting()
        data["student"] = student.to_json()
        return run

    @property
    def sitting(self) -> dict:
        return self.data["sittings"][-1]

    def new_sitting(self) -> None:
        self.data["sittings"].append({
            "n": len(self.data["sittings"]) + 1, "started_at": now(self.wall), "finished_at": None,
            "scenarios": list(self.exam.scenario_ids), "transcripts": []})
        self.save()

    def clock(self) -> Clock:
        deadline = None
        if self.exam.total is not None:
            deadline = epoch(self.sitting["started_at"]) + self.exam.total
        return Clock(self.exam.per_reply, deadline, self.wall)

    def save(self) -> None:
        atomic_write_json(self.path, self.data)

    # ---- the scenarios ----
    def pending(self) -> list[int]:
        """Indexes (exam order) of scenarios not finished in this sitting."""
        done = {i for i, tr in enumerate(self.sitting["transcripts"]) if tr["outcome"]}
        return [i for i in range(len(self.sitting["scenarios"])) if i not in done]

    def session(self, index: int, scenario) -> ExamSession:
        """The conversation for scenario ``index``: resumed if started, else a new one."""
        transcripts = self.sitting["transcripts"]
        if index < len(transcripts):
            try:
                session = ExamSession.resume(transcripts[index], scenario, self.judge,
                                             wall=self.wall)
            except TranscriptError:
                raise KefuError(t("err.scenario_changed", id=scenario.id), Exit.CONFLICT) \
                    from None
        else:
            if index != len(transcripts):
                raise ValueError("scenarios are taken in exam order")
            session = ExamSession.new(scenario, self.exam.seed, self.judge, mode="exam",
                                      meta={"exam": self.exam.id}, wall=self.wall)
            transcripts.append(session.data)
        session.sink = self.save
        session.data = transcripts[index]
        self.save()
        return session

    def close_sitting(self) -> None:
        """Time is up or every scenario is done: unfinished conversations end (buyer left)."""
        for transcript in self.sitting["transcripts"]:
            if transcript["outcome"] is None:
                try:
                    scenario = self._scenario(transcript["scenario"]["id"])
                    session = ExamSession.resume(transcript, scenario, self.judge,
                                                 wall=self.wall)
                    session.give_up()
                except (LookupError, TranscriptError):
                    transcript["outcome"] = {"id": "buyer_left", "label": "", "good": False,
                                             "closing": ""}
        self.sitting["finished_at"] = now(self.wall)
        self.save()

    def _scenario(self, scenario_id: str):
        if self.scenarios is not None:
            if scenario_id not in self.scenarios:
                raise LookupError(scenario_id)
            return self.scenarios[scenario_id]
        from scenarios.loader import find

        return find(scenario_id)

    def summary(self) -> dict:
        """What ``take --json`` prints: the sitting's outcomes and the file."""
        out = []
        for sid, tr in zip(self.sitting["scenarios"], self.sitting["transcripts"] +
                           [None] * len(self.sitting["scenarios"]), strict=False):
            out.append({"scenario": sid,
                        "outcome": None if tr is None or not tr["outcome"] else
                        {k: tr["outcome"][k] for k in ("id", "label", "good")},
                        "total": None if tr is None or not tr.get("score") else
                        tr["score"]["total"]})
        return {"exam": self.exam.id, "student": self.student.to_json(),
                "sitting": self.sitting["n"], "finished": self.sitting["finished_at"] is not None,
                "scenarios": out, "file": str(self.path)}


def split_replies(lines: list[str]) -> list[list[str]]:
    """``--replies`` for an exam: one block per scenario, separated by a line ``---``."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip() == "---":
            blocks.append([])
        else:
            blocks[-1].append(line)
    return blocks
