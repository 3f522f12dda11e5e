"""The :class:`Gradebook` facade: every read and write of kefu's database goes through here.

Opening and transactions live here, driver errors are translated by :mod:`.connect`; the records are in
:mod:`.records`, the write path in :mod:`.writes`, the grading policy in :mod:`.policy`, URLs
in :mod:`.urls` and the errors (message keys, not sentences) in :mod:`.errors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine

from . import bulk, connect, migrations, practice, rankings, reviews, schema, writes
from .connect import domain_errors, why
from .errors import DatabaseBusy, GradebookError, NotFound, SchemaTooNew
from .records import (
    LOCAL_STUDENT,
    Adjustment,
    Attempt,
    BestScore,
    ExamRecord,
    NewAttempt,
    Rescored,
    SheetAttempt,
    Student,
    TeamScore,
    attempt_from_transcript,
    dumps,
    exam_of,
    local_name,
    now,
    student_of,
)
from .urls import default_url, display, normalise_url, sqlite_file


def _scope(exam_id, scenario_id) -> tuple[str, str]:
    if (exam_id is None) == (scenario_id is None):
        raise ValueError("give exactly one of exam_id and scenario_id")
    return ("exam", exam_id) if exam_id is not None else ("scenario", scenario_id)


# ---- the facade ----------------------------------------------------------------------------
class Gradebook:
    """See the package docstring (:mod:`simulator.storage`) for the API."""

    def __init__(self, engine: Engine, display_url: str):
        self.engine = engine
        self.display_url = display_url
        self._attempt_queries: dict = {}

    # ---- opening ----
    @classmethod
    def open(cls, url: str | None = None, create: bool = True) -> Gradebook:
        """``create=False`` (commands that only read): a SQLite file that does not exist is
        :class:`NotFound`, not a new empty gradebook. A folder that does not exist is never
        created (only the default data folder is)."""
        url_obj = normalise_url(url or default_url())
        shown = display(url_obj)
        path = sqlite_file(url_obj)
        if path is not None and not path.exists():
            if not create:
                raise NotFound("err.db_missing", path=str(path))
            if not path.parent.is_dir():
                raise GradebookError("err.db_no_folder", path=str(path), folder=str(path.parent))
        try:
            engine = connect.create(url_obj)
        except (sa_exc.SQLAlchemyError, ImportError, OSError) as exc:
            raise GradebookError("err.db_open", url=shown, why=why(exc)) from None
        book = cls(engine, shown)
        try:
            book._migrate()
        except GradebookError:
            engine.dispose()
            raise
        except (sa_exc.SQLAlchemyError, OSError) as exc:
            engine.dispose()
            if isinstance(exc, sa_exc.OperationalError) and "locked" in str(exc).lower():
                raise DatabaseBusy("err.db_busy") from None
            raise GradebookError("err.db_open", url=shown, why=why(exc)) from None
        return book

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        with self._write() as conn:
            found = migrations.current_version(conn)
            if found > migrations.LATEST:
                raise SchemaTooNew("err.db_newer", url=self.display_url, found=found,
                                   latest=migrations.LATEST)
            migrations.migrate(conn)

    @property
    def schema_version(self) -> int:
        with self._read() as conn:
            return migrations.current_version(conn)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (SQLite: BEGIN IMMEDIATE, so writers queue instead of failing)."""
        with self.engine.connect() as conn:
            conn.execution_options(kefu_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # ---- students ----
    @domain_errors
    def upsert_student(self, student: Student) -> None:
        with self._write() as conn:
            writes.upsert_student(conn, student)

    @domain_errors
    def student(self, student_id: str) -> Student | None:
        with self._read() as conn:
            row = conn.execute(select(schema.students)
                               .where(schema.students.c.id == student_id)).first()
        return None if row is None else student_of(row)

    @domain_errors
    def students(self, class_name: str | None = None, team: str | None = None) -> list[Student]:
        q = select(schema.students).order_by(schema.students.c.class_name, schema.students.c.id)
        if class_name is not None:
            q = q.where(schema.students.c.class_name == class_name)
        if team is not None:
            q = q.where(schema.students.c.team == team)
        with self._read() as conn:
            return [student_of(r) for r in conn.execute(q)]

    # ---- exams ----
    @domain_errors
    def save_exam(self, exam_id: str, title: str, definition_hash: str, yaml_text: str,
                  scenarios: list[str]) -> None:
        """Register (or update) an exam definition; scenario ids in exam order."""
        values = {"title": title, "definition_hash": definition_hash, "yaml_text": yaml_text,
                  "scenarios": dumps(list(scenarios)), "updated_at": now()}
        with self._write() as conn:
            writes.save_exam(conn, exam_id, values)

    @domain_errors
    def exam(self, exam_id: str) -> ExamRecord | None:
        with self._read() as conn:
            row = conn.execute(select(schema.exams).where(schema.exams.c.id == exam_id)).first()
        return None if row is None else exam_of(row)

    @domain_errors
    def exams(self) -> list[ExamRecord]:
        with self._read() as conn:
            return [exam_of(r) for r in conn.execute(select(schema.exams)
                                                   .order_by(schema.exams.c.id))]

    # ---- attempts ----
    @domain_errors
    def add_attempt(self, attempt: NewAttempt, student: Student | None = None) -> str:
        """Store one scored conversation; returns "added", "updated" or "unchanged".

        ``attempt.uid`` (the transcript's own id) makes this idempotent: the same transcript
        again changes nothing; a longer version of it (a result file collected mid-exam, then
        again at the end) replaces the earlier row. The student is created or updated first
        when given. Raises :class:`Conflict` when the uid belongs to another student or exam.
        """
        with self._write() as conn:
            touched = writes.Touched()
            status = writes.add_attempt(conn, attempt, student, touched)
            writes.refresh(conn, touched)
            return status

    @domain_errors
    def add_attempts(self, items: Iterable[tuple[NewAttempt, Student | None]]) -> list[str]:
        """Like :meth:`add_attempt` for many, in ONE transaction (all or nothing)."""
        with self._write() as conn:
            touched = writes.Touched()
            statuses = [writes.add_attempt(conn, a, s, touched) for a, s in items]
            writes.refresh(conn, touched)
            return statuses

    @domain_errors
    def add_attempt_groups(self, groups: list[tuple[list[NewAttempt], Student]]
                           ) -> list[list[str] | bulk.Conflict]:
        """:meth:`add_attempts` per group (one result file), all in ONE transaction; per group
        the statuses or the Conflict (:mod:`.bulk`). If a concurrent writer breaks a
        constraint meanwhile, one transaction per group instead."""
        try:
            with self._write() as conn:
                return bulk.add_groups(conn, groups)
        except sa_exc.IntegrityError:
            return [bulk.attempt_or_conflict(self.add_attempts, group) for group in groups]

    @domain_errors
    def bulk_load(self, students: list[Student], attempts: list[NewAttempt]) -> None:
        """Fast load for benchmarks and imports: plain inserts, then one best-score rebuild."""
        with self._write() as conn:
            for s in students:
                writes.upsert_student(conn, s)
            rows = [writes.attempt_row(a) for a in attempts]
            for i in range(0, len(rows), 5000):
                conn.execute(schema.attempts.insert(), rows[i:i + 5000])
            writes.rebuild_best(conn)

    @domain_errors
    def rebuild_best(self) -> None:
        """Recompute every best score from the attempts (after bulk changes)."""
        with self._write() as conn:
            writes.rebuild_best(conn)

    @domain_errors
    def rescore(self, attempt_id: int, total: int, dimensions: dict[str, float],
                mistakes: list[dict], outcome_id: str | None, outcome_good: bool | None) -> None:
        """Replace the score of a stored attempt (regrade) and refresh the best scores."""
        self.rescore_many([Rescored(attempt_id, total, dimensions, mistakes, outcome_id,
                                    outcome_good)])

    @domain_errors
    def rescore_many(self, items: Iterable[Rescored]) -> None:
        """:meth:`rescore` for many attempts in ONE transaction (all or nothing)."""
        with self._write() as conn:
            touched = writes.Touched()
            for r in items:
                writes.rescore(conn, r, touched)
            writes.refresh(conn, touched)

    @domain_errors
    def attempts(self, exam_id: str | None = None, student_id: str | None = None,
                 scenario_id: str | None = None, class_name: str | None = None,
                 kind: str | None = None, with_transcripts: bool = False,
                 limit: int | None = None) -> list[Attempt]:
        """Stored attempts, oldest finish first, filtered by any of the arguments."""
        filters = {"exam_id": exam_id, "student_id": student_id, "scenario_id": scenario_id,
                   "kind": kind, "class_name": class_name}
        with self._read() as conn:
            return rankings.attempts(conn, self._attempt_queries, filters, with_transcripts, limit)

    @domain_errors
    def sheet_attempts(self, exam_id: str, class_name: str | None = None) -> list[SheetAttempt]:
        """What a grade sheet reads of the attempts of each student's best sitting (the one
        ranked in :meth:`best_scores`), by student then finish; one query for any number."""
        with self._read() as conn:
            return rankings.sheet_attempts(conn, exam_id, class_name)

    @domain_errors
    def summaries(self, attempt_ids: Iterable[int]) -> dict[int, dict]:
        """The stored :func:`~.records.summary_of` of these attempts, by id."""
        with self._read() as conn:
            return rankings.summaries(conn, attempt_ids)

    @domain_errors
    def record_drill(self, transcript: dict, student: Student | None = None,
                     source_file: str | None = None) -> str:
        """Store a finished drill transcript (as written by :class:`simulator.session.Session`).

        Uses the score the session computed. Without ``student`` the drill belongs to the local
        user (:data:`LOCAL_STUDENT`). Returns "added"/"updated"/"unchanged"; unfinished
        transcripts are refused with :class:`GradebookError`.
        """
        if not transcript.get("outcome") or not transcript.get("score"):
            raise GradebookError("err.db_unfinished")
        student = student or Student(LOCAL_STUDENT, local_name())
        attempt = attempt_from_transcript(transcript, transcript["score"], student.id)
        attempt.source_file = source_file
        return self.add_attempt(attempt, student)

    # ---- adjustments ----
    @domain_errors
    def add_adjustment(self, exam_id: str, student_id: str, points: float, reason: str,
                       author: str | None = None) -> Adjustment:
        """A teacher's manual change to an exam grade, kept in the audit log."""
        reason = (reason or "").strip()
        if not reason:
            raise GradebookError("err.adjust_reason")
        row = {"exam_id": exam_id, "student_id": student_id, "points": float(points),
               "reason": reason, "author": author or local_name(), "created_at": now()}
        with self._write() as conn:
            new_id = writes.add_adjustment(conn, row)
        return Adjustment(id=new_id, **row)

    @domain_errors
    def adjustments(self, exam_id: str, student_id: str | None = None) -> list[Adjustment]:
        j = schema.adjustments
        q = select(j).where(j.c.exam_id == exam_id).order_by(j.c.created_at, j.c.id)
        if student_id is not None:
            q = q.where(j.c.student_id == student_id)
        with self._read() as conn:
            return [Adjustment(**r._mapping) for r in conn.execute(q)]

    # ---- review decisions ----
    @domain_errors
    def add_review(self, review: reviews.Review,
                   rescored: Iterable[Rescored] = ()) -> reviews.Review:
        """Store a teacher's review decision and, in the same transaction, the new scores of
        the attempts it changes (``rescored``). A reason is required."""
        from dataclasses import replace

        if not (review.reason or "").strip():
            raise GradebookError("err.review_reason")
        if review.action not in reviews.ACTIONS:
            raise GradebookError("err.review_action", action=review.action)
        review = replace(review, reason=review.reason.strip(),
                         author=review.author or local_name(),
                         created_at=review.created_at or now())
        with self._write() as conn:
            new_id = writes.add_review(conn, review, rescored)
        return replace(review, id=new_id)

    @domain_errors
    def reviews(self, exam_id: str, student_id: str | None = None,
                attempt_uid: str | None = None) -> list[reviews.Review]:
        """An exam's review decisions, oldest first."""
        with self._read() as conn:
            return reviews.select_reviews(conn, exam_id, student_id, attempt_uid)

    # ---- 错题本 (practice items) ----
    @domain_errors
    def add_practice_items(self, items: list[practice.PracticeItem]) -> int:
        """Add the items the student does not have yet (by key); returns how many."""
        with self._write() as conn:
            return practice.insert_new(conn, items)

    @domain_errors
    def practice_items(self, student_id: str,
                       include_done: bool = False) -> list[practice.PracticeItem]:
        """A student's practice items, most points lost first."""
        with self._read() as conn:
            return practice.select_items(conn, student_id, include_done)

    @domain_errors
    def save_practice(self, item: practice.PracticeItem) -> None:
        """Store an item's good-rewrite days and whether it is done."""
        with self._write() as conn:
            practice.save_passes(conn, item.id, item.passes, item.done_at)

    # ---- rankings ----
    @domain_errors
    def best_scores(self, exam_id: str | None = None, scenario_id: str | None = None,
                    class_name: str | None = None, limit: int | None = 20,
                    offset: int = 0) -> list[BestScore]:
        """Students ranked by best score in an exam (with adjustments) or a scenario.

        Ties: lower total response time, then earlier finish, then student id. Exactly one of
        ``exam_id``/``scenario_id``. Reads a maintained table through an index: top-N is cheap
        however many attempts are stored.
        """
        kind, scope = _scope(exam_id, scenario_id)
        with self._read() as conn:
            return rankings.best_scores(conn, kind, scope, class_name, limit, offset)

    @domain_errors
    def team_scores(self, exam_id: str | None = None, scenario_id: str | None = None,
                    class_name: str | None = None, limit: int | None = 20) -> list[TeamScore]:
        """Teams ranked by the AVERAGE of their members' best scores (size gives no edge).

        Students without a team are left out. Ties as in :meth:`best_scores` (average time).
        """
        kind, scope = _scope(exam_id, scenario_id)
        with self._read() as conn:
            return rankings.team_scores(conn, kind, scope, class_name, limit)

    @domain_errors
    def results_after(self, after: str, exam_id: str | None = None,
                      scenario_id: str | None = None,
                      class_name: str | None = None) -> dict[str, int]:
        """Per student: how many attempts finished (for an exam, also how many adjustments
        were made) after ``after`` (stored-form time)."""
        kind, scope = _scope(exam_id, scenario_id)
        with self._read() as conn:
            return rankings.results_after(conn, kind, scope, class_name, after)

    @domain_errors
    def best_scores_at(self, at: str, exam_id: str | None = None,
                       scenario_id: str | None = None, class_name: str | None = None,
                       students: set[str] | None = None) -> list[BestScore]:
        """The students' bests as they stood at ``at`` (only attempts finished and adjustments
        made by then), recomputed from the attempts — of ``students`` or everyone. Unranked
        (``rank`` 0) and unordered: rank them with :func:`.policy.rank_key`."""
        kind, scope = _scope(exam_id, scenario_id)
        with self._read() as conn:
            return rankings.best_scores_at(conn, kind, scope, class_name, at, students)

    @domain_errors
    def change_token(self) -> tuple:
        """Changes whenever attempts or adjustments are written (for a --watch loop)."""
        with self._read() as conn:
            return rankings.change_token(conn)
