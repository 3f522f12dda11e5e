"""kefu's gradebook: students, exams, scored attempts, adjustments and rankings.

One facade, :class:`Gradebook`, over SQLAlchemy 2 Core. SQLite in the user data dir by default
(``data_dir()/kefu.db``; WAL, foreign keys on, 30 s busy timeout, writers queue with
``BEGIN IMMEDIATE``), or any PostgreSQL URL (``--db URL`` / ``KEFU_DB``; ``postgresql://`` and
``postgres://`` use the psycopg 3 driver). Numbered migrations (``migrations.py``) run on open.
Every public method raises only :class:`GradebookError` subclasses (a message key with its
parameters, translated when shown, and an exit code) — never driver errors. Library code:
nothing here prints. Every write runs in one
transaction, and the student row is locked first (PostgreSQL), so concurrent collects never
interleave one student's rows.

Modules: ``gradebook`` (the facade), ``records`` (dataclasses, stored forms), ``policy`` (the
grading and ranking rules, pure), ``writes`` (write path, best-score upkeep), ``rankings``
(ranking reads), ``leaderboard`` (boards, freeze, watch), ``errors``, ``urls``, ``connect``
(engines), ``schema`` and ``migrations``.

Opening::

    from simulator.storage import Gradebook, Student
    with Gradebook.open() as book:               # or Gradebook.open("postgresql://u@h/db")
        ...
    Gradebook.open(url, create=False)  # readers: a missing SQLite file is NotFound, not created

Students (ids are validated by the caller — see ``simulator.exam.valid_id``; names, classes
and teams are cleaned by ``simulator.exam.tidy``, at most 100 characters)::

    book.upsert_student(Student("s01", "王小明", class_name="电商1班", team="红队"))
    book.student("s01") -> Student | None
    book.students(class_name=None, team=None) -> list[Student]

Exams (registered by ``kefu exam collect``)::

    book.save_exam(exam_id, title, definition_hash, yaml_text, scenarios=[ids in exam order])
    book.exam(exam_id) -> ExamRecord | None         # .scenarios is the drawn list
    book.exams() -> list[ExamRecord]

Attempts (one scored conversation each; ``kind`` "exam" or "drill")::

    book.add_attempt(NewAttempt(...), student=Student(...)) -> "added"|"updated"|"unchanged"
    book.add_attempts([(NewAttempt, Student|None), ...]) -> list[str]   # one transaction
    book.record_drill(transcript_dict, student=None) -> status          # a finished drill
    book.attempts(exam_id=None, student_id=None, scenario_id=None, class_name=None,
                  kind=None, with_transcripts=False, limit=None) -> list[Attempt]
    book.sheet_attempts(exam_id, class_name=None) -> list[SheetAttempt]  # best sittings'
        # scores and stored facts (migration 7), for the grade sheet; book.summaries(ids)
    book.rescore(attempt_id, total, dimensions, mistakes, outcome_id, outcome_good)
    book.rescore_many([Rescored(attempt_id, total, ...), ...])          # one transaction
    book.bulk_load(students, attempts)   # benchmarks: plain inserts + one rebuild_best()
    attempt_from_transcript(transcript, score_json, student_id, exam_id=None, sitting=1)

  ``Attempt`` fields: id, uid (the transcript's id: idempotency key), kind, exam_id, sitting,
  student_id, scenario_id, scenario_hash, seed, total (0-100), dimensions {dim: 0-100},
  mistakes [{"rule", "phrase", "severity"}] (forbidden wording used), outcome_id,
  outcome_good, response_time (seconds, None if untimed), finished_at (ISO UTC text,
  fixed width, sorts as text), source_file, source_hash, flags [collect warnings],
  summary (what the grade sheet reads of the transcript: service timings and 粘贴 facts,
  stored when the attempt is written), transcript (dict, only with ``with_transcripts=True``).

Adjustments (teacher's audit log; reason required)::

    book.add_adjustment(exam_id, student_id, points, reason, author=None) -> Adjustment
    book.adjustments(exam_id, student_id=None) -> list[Adjustment]

Rankings (a maintained ``best_scores`` table, one row per scope and student, indexed in rank
order, so top-N costs the same for 100 or 1,000,000 attempts)::

    book.best_scores(exam_id=E | scenario_id=S, class_name=None, limit=20, offset=0)
        -> list[BestScore(rank, student_id, name, class_name, team, score, response_time,
                          finished_at, attempts, attempt_id, sitting)]
    book.team_scores(exam_id=E | scenario_id=S, class_name=None, limit=20)
        -> list[TeamScore(rank, team, score (members' mean), members, response_time,
                          finished_at)]
    book.change_token() -> hashable; differs after any write (for --watch)
    book.results_after(at, exam_id=E | scenario_id=S, class_name=None) -> {student: count}
    book.best_scores_at(at, exam_id=E | scenario_id=S, class_name=None, students=None)
        -> list[BestScore]  # as they stood at `at` (frozen boards), unranked

  Order: score desc, then lower total response time (untimed last), then earlier finish,
  then student id. Exam scope: a sitting's score is the mean of its scenario totals over the
  exam's scenario list (a missing scenario counts 0); the best sitting plus the sum of the
  adjustments, clamped 0-100 (:func:`final_score`). The rules are in ``policy.py``. Scenario scope: the best single attempt,
  drills and exams alike.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .errors import (
        Conflict,
        DatabaseBusy,
        DatabaseUrlError,
        GradebookError,
        NotFound,
        SchemaTooNew,
    )
    from .gradebook import Gradebook
    from .policy import exam_sittings, final_score
    from .records import (
        LOCAL_STUDENT,
        Adjustment,
        Attempt,
        BestScore,
        ExamRecord,
        NewAttempt,
        Rescored,
        Student,
        TeamScore,
        attempt_from_transcript,
        mistakes_of,
        now,
        parse_stamp,
    )

# imported when first used: the facade imports SQLAlchemy, which a leaderboard read by
# quickread (and ``kefu --help``) does without
_HOME = {"gradebook": ["Gradebook"], "policy": ["exam_sittings", "final_score"],
         "errors": ["Conflict", "DatabaseBusy", "DatabaseUrlError", "GradebookError",
                    "NotFound", "SchemaTooNew"]}
_FROM = {name: module for module, names in _HOME.items() for name in names}


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_FROM.get(name, 'records')}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "LOCAL_STUDENT", "Adjustment", "Attempt", "BestScore", "Conflict", "DatabaseBusy",
    "DatabaseUrlError", "ExamRecord", "Gradebook", "GradebookError", "NewAttempt", "NotFound",
    "Rescored", "SchemaTooNew", "Student", "TeamScore", "attempt_from_transcript", "exam_sittings",
    "final_score", "mistakes_of", "now", "parse_stamp",
]
