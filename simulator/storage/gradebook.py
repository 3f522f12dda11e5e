"""The :class:`Gradebook` facade: every read and write of kefu's database goes through here."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Connection, bindparam, create_engine, event, func, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Engine, make_url

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from . import migrations, schema
from .schema import NO_TIME

LOCAL_STUDENT = "local"  # drills recorded without --student belong to the computer's user
BUSY_TIMEOUT_MS = 30_000


# ---- errors --------------------------------------------------------------------------------
class GradebookError(KefuError):
    """A database problem, with a translated message (never a driver error)."""

    exit_code = Exit.BAD_INPUT

    def __init__(self, message: str):
        super().__init__(message, self.exit_code)


class DatabaseUrlError(GradebookError):
    pass


class DatabaseBusy(GradebookError):
    exit_code = Exit.CONFLICT


class SchemaTooNew(GradebookError):
    exit_code = Exit.CONFLICT


class NotFound(GradebookError):
    exit_code = Exit.NOT_FOUND


class Conflict(GradebookError):
    exit_code = Exit.CONFLICT


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
    transcript: dict | None = None  # only when asked for (with_transcripts=True)


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


# ---- helpers -------------------------------------------------------------------------------
def now() -> str:
    return stamp(datetime.now(timezone.utc))


def stamp(moment: datetime) -> str:
    """The fixed-width UTC form every timestamp is stored in (sorts as text)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_stamp(value) -> str | None:
    """A timestamp from a file in stored form, or None when it is not one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return stamp(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def default_url() -> str:
    from ..paths import data_dir

    return os.environ.get("KEFU_DB") or f"sqlite:///{data_dir() / 'kefu.db'}"


def normalise_url(url: str) -> URL:
    """Accept sqlite:///FILE, a plain file path, and postgres(ql):// (psycopg 3 driver)."""
    text = url.strip()
    if "://" not in text:
        text = f"sqlite:///{Path(text).expanduser()}"
    try:
        parsed = make_url(text)
    except sa_exc.ArgumentError:
        raise DatabaseUrlError(t("err.db_url", url=text)) from None
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.get_driver_name() in ("pysqlite", ""):
        return parsed.set(drivername="sqlite+pysqlite")
    raise DatabaseUrlError(t("err.db_url", url=parsed.render_as_string(hide_password=True)))


def _why(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0][:300] if str(orig).strip() else type(orig).__name__


def _domain_errors(fn):
    """Turn driver errors into :class:`GradebookError` (translated) on every public method."""

    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except GradebookError:
            raise
        except sa_exc.OperationalError as exc:
            if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
                raise DatabaseBusy(t("err.db_busy")) from None
            raise GradebookError(t("err.db", url=self.display_url, why=_why(exc))) from None
        except sa_exc.SQLAlchemyError as exc:
            raise GradebookError(t("err.db", url=self.display_url, why=_why(exc))) from None

    return wrapper


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---- the facade ----------------------------------------------------------------------------
class Gradebook:
    """See the package docstring (:mod:`simulator.storage`) for the API."""

    def __init__(self, engine: Engine, display_url: str):
        self.engine = engine
        self.display_url = display_url
        self._attempt_queries: dict = {}

    # ---- opening ----
    @classmethod
    def open(cls, url: str | None = None) -> Gradebook:
        url_obj = normalise_url(url or default_url())
        display = url_obj.render_as_string(hide_password=True)
        try:
            if url_obj.get_backend_name() == "sqlite":
                engine = _sqlite_engine(url_obj)
            else:
                engine = create_engine(url_obj, pool_pre_ping=True,
                                       connect_args={"connect_timeout": 10})
        except (sa_exc.SQLAlchemyError, ImportError, OSError) as exc:
            raise GradebookError(t("err.db_open", url=display, why=_why(exc))) from None
        book = cls(engine, display)
        try:
            book._migrate()
        except GradebookError:
            engine.dispose()
            raise
        except (sa_exc.SQLAlchemyError, OSError) as exc:
            engine.dispose()
            if isinstance(exc, sa_exc.OperationalError) and "locked" in str(exc).lower():
                raise DatabaseBusy(t("err.db_busy")) from None
            raise GradebookError(t("err.db_open", url=display, why=_why(exc))) from None
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
                raise SchemaTooNew(t("err.db_newer", url=self.display_url, found=found,
                                     latest=migrations.LATEST))
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
    @_domain_errors
    def upsert_student(self, student: Student) -> None:
        with self._write() as conn:
            _upsert_student(conn, student)

    @_domain_errors
    def student(self, student_id: str) -> Student | None:
        with self._read() as conn:
            row = conn.execute(select(schema.students)
                               .where(schema.students.c.id == student_id)).first()
        return None if row is None else _student(row)

    @_domain_errors
    def students(self, class_name: str | None = None, team: str | None = None) -> list[Student]:
        q = select(schema.students).order_by(schema.students.c.class_name, schema.students.c.id)
        if class_name is not None:
            q = q.where(schema.students.c.class_name == class_name)
        if team is not None:
            q = q.where(schema.students.c.team == team)
        with self._read() as conn:
            return [_student(r) for r in conn.execute(q)]

    # ---- exams ----
    @_domain_errors
    def save_exam(self, exam_id: str, title: str, definition_hash: str, yaml_text: str,
                  scenarios: list[str]) -> None:
        """Register (or update) an exam definition; scenario ids in exam order."""
        values = {"title": title, "definition_hash": definition_hash, "yaml_text": yaml_text,
                  "scenarios": _dumps(list(scenarios)), "updated_at": now()}
        with self._write() as conn:
            old = conn.execute(_SEL_EXAM_SCENARIOS, {"scope": exam_id}).first()
            _upsert(conn, schema.exams, {"id": exam_id}, values)
            if old is not None and old.scenarios == values["scenarios"]:
                return  # exam scores depend only on the scenario list
            students = conn.execute(select(schema.attempts.c.student_id).distinct()
                                    .where(schema.attempts.c.exam_id == exam_id)).scalars().all()
            for sid in students:
                _refresh_exam_best(conn, exam_id, sid)

    @_domain_errors
    def exam(self, exam_id: str) -> ExamRecord | None:
        with self._read() as conn:
            row = conn.execute(select(schema.exams).where(schema.exams.c.id == exam_id)).first()
        return None if row is None else _exam(row)

    @_domain_errors
    def exams(self) -> list[ExamRecord]:
        with self._read() as conn:
            return [_exam(r) for r in conn.execute(select(schema.exams)
                                                   .order_by(schema.exams.c.id))]

    # ---- attempts ----
    @_domain_errors
    def add_attempt(self, attempt: NewAttempt, student: Student | None = None) -> str:
        """Store one scored conversation; returns "added", "updated" or "unchanged".

        ``attempt.uid`` (the transcript's own id) makes this idempotent: the same transcript
        again changes nothing; a longer version of it (a result file collected mid-exam, then
        again at the end) replaces the earlier row. The student is created or updated first
        when given. Raises :class:`Conflict` when the uid belongs to another student or exam.
        """
        with self._write() as conn:
            touched = _Touched()
            status = _add_attempt(conn, attempt, student, touched)
            _refresh(conn, touched)
            return status

    @_domain_errors
    def add_attempts(self, items: Iterable[tuple[NewAttempt, Student | None]]) -> list[str]:
        """Like :meth:`add_attempt` for many, in ONE transaction (all or nothing)."""
        with self._write() as conn:
            touched = _Touched()
            statuses = [_add_attempt(conn, a, s, touched) for a, s in items]
            _refresh(conn, touched)
            return statuses

    @_domain_errors
    def bulk_load(self, students: list[Student], attempts: list[NewAttempt]) -> None:
        """Fast load for benchmarks and imports: plain inserts, then one best-score rebuild."""
        with self._write() as conn:
            for s in students:
                _upsert_student(conn, s)
            rows = [_attempt_row(a) for a in attempts]
            for i in range(0, len(rows), 5000):
                conn.execute(schema.attempts.insert(), rows[i:i + 5000])
            _rebuild_best(conn)

    @_domain_errors
    def rebuild_best(self) -> None:
        """Recompute every best score from the attempts (after bulk changes)."""
        with self._write() as conn:
            _rebuild_best(conn)

    @_domain_errors
    def rescore(self, attempt_id: int, total: int, dimensions: dict[str, float],
                mistakes: list[dict], outcome_id: str | None,
                outcome_good: bool | None) -> None:
        """Replace the score of a stored attempt (regrade) and refresh the best scores."""
        self.rescore_many([Rescored(attempt_id, total, dimensions, mistakes, outcome_id,
                                    outcome_good)])

    @_domain_errors
    def rescore_many(self, items: Iterable[Rescored]) -> None:
        """:meth:`rescore` for many attempts in ONE transaction (all or nothing)."""
        with self._write() as conn:
            touched = _Touched()
            for r in items:
                row = conn.execute(_SEL_ATTEMPT_KEYS, {"_row": r.attempt_id}).first()
                if row is None:
                    raise NotFound(t("err.db_no_attempt", id=r.attempt_id))
                conn.execute(_RESCORE, {
                    "_row": r.attempt_id, "total": int(r.total),
                    "dimensions": _dumps(r.dimensions), "mistakes": _dumps(r.mistakes),
                    "outcome_id": r.outcome_id, "outcome_good": r.outcome_good})
                touched.best.add(("scenario", row.scenario_id, row.student_id))
                if row.exam_id is not None:
                    touched.best.add(("exam", row.exam_id, row.student_id))
            _refresh(conn, touched)

    @_domain_errors
    def attempts(self, exam_id: str | None = None, student_id: str | None = None,
                 scenario_id: str | None = None, class_name: str | None = None,
                 kind: str | None = None, with_transcripts: bool = False,
                 limit: int | None = None) -> list[Attempt]:
        """Stored attempts, oldest finish first, filtered by any of the arguments."""
        filters = {"exam_id": exam_id, "student_id": student_id, "scenario_id": scenario_id,
                   "kind": kind, "class_name": class_name}
        given = tuple(k for k, v in filters.items() if v is not None)
        key = (given, with_transcripts, limit is not None)
        q = self._attempt_queries.get(key)
        if q is None:
            a, s = schema.attempts, schema.students
            cols = [c for c in a.c if with_transcripts or c.name != "transcript"]
            q = select(*cols).order_by(a.c.finished_at, a.c.id)
            if "class_name" in given:
                q = q.join(s, s.c.id == a.c.student_id).where(
                    s.c.class_name == bindparam("class_name"))
            for name in given:
                if name != "class_name":
                    q = q.where(a.c[name] == bindparam(name))
            if limit is not None:
                q = q.limit(bindparam("limit"))
            self._attempt_queries[key] = q
        params = {k: filters[k] for k in given} | ({"limit": limit} if limit is not None else {})
        with self._read() as conn:
            return [_attempt(r) for r in conn.execute(q, params)]

    @_domain_errors
    def record_drill(self, transcript: dict, student: Student | None = None,
                     source_file: str | None = None) -> str:
        """Store a finished drill transcript (as written by :class:`simulator.session.Session`).

        Uses the score the session computed. Without ``student`` the drill belongs to the local
        user (:data:`LOCAL_STUDENT`). Returns "added"/"updated"/"unchanged"; unfinished
        transcripts are refused with :class:`GradebookError`.
        """
        if not transcript.get("outcome") or not transcript.get("score"):
            raise GradebookError(t("err.db_unfinished"))
        student = student or Student(LOCAL_STUDENT, _local_name())
        attempt = attempt_from_transcript(transcript, transcript["score"], student.id)
        attempt.source_file = source_file
        return self.add_attempt(attempt, student)

    # ---- adjustments ----
    @_domain_errors
    def add_adjustment(self, exam_id: str, student_id: str, points: float, reason: str,
                       author: str | None = None) -> Adjustment:
        """A teacher's manual change to an exam grade, kept in the audit log."""
        reason = (reason or "").strip()
        if not reason:
            raise GradebookError(t("err.adjust_reason"))
        row = {"exam_id": exam_id, "student_id": student_id, "points": float(points),
               "reason": reason, "author": author or _local_name(), "created_at": now()}
        with self._write() as conn:
            if conn.execute(select(schema.exams.c.id)
                            .where(schema.exams.c.id == exam_id)).first() is None:
                raise NotFound(t("err.db_no_exam", id=exam_id))
            # the student row is locked first, as in add_attempt (one writer per student)
            found = _lock_student(conn, student_id)
            if not found:
                raise NotFound(t("err.db_no_student", id=student_id))
            new_id = conn.execute(schema.adjustments.insert().values(**row)).inserted_primary_key[0]
            _refresh_exam_best(conn, exam_id, student_id)
        return Adjustment(id=new_id, **row)

    @_domain_errors
    def adjustments(self, exam_id: str, student_id: str | None = None) -> list[Adjustment]:
        j = schema.adjustments
        q = select(j).where(j.c.exam_id == exam_id).order_by(j.c.created_at, j.c.id)
        if student_id is not None:
            q = q.where(j.c.student_id == student_id)
        with self._read() as conn:
            return [Adjustment(**r._mapping) for r in conn.execute(q)]

    # ---- rankings ----
    @_domain_errors
    def best_scores(self, exam_id: str | None = None, scenario_id: str | None = None,
                    class_name: str | None = None, limit: int | None = 20,
                    offset: int = 0) -> list[BestScore]:
        """Students ranked by best score in an exam (with adjustments) or a scenario.

        Ties: lower total response time, then earlier finish, then student id. Exactly one of
        ``exam_id``/``scenario_id``. Reads a maintained table through an index: top-N is cheap
        however many attempts are stored.
        """
        kind, scope = _scope(exam_id, scenario_id)
        b, s = schema.best, schema.students
        q = (select(b, s.c.name).join(s, s.c.id == b.c.student_id)
             .where(b.c.scope_kind == kind, b.c.scope_id == scope)
             .order_by(b.c.score.desc(), b.c.time_key, b.c.finished_at, b.c.student_id)
             .offset(offset))
        rows = self._ranked_rows(q, class_name, limit)
        return [BestScore(rank=offset + i + 1, student_id=r.student_id, name=r.name,
                          class_name=r.class_name, team=r.team, score=r.score,
                          response_time=None if r.time_key >= NO_TIME else r.time_key,
                          finished_at=r.finished_at, attempts=r.attempts,
                          attempt_id=r.attempt_id, sitting=r.sitting)
                for i, r in enumerate(rows)]

    def _ranked_rows(self, q, class_name: str | None, limit: int | None) -> list:
        """Run a ranking query over the best-scores table, for one class and/or a top N."""
        if class_name is not None:
            q = q.where(schema.best.c.class_name == class_name)
        if limit is not None:
            q = q.limit(limit)
        with self._read() as conn:
            return conn.execute(q).all()

    @_domain_errors
    def team_scores(self, exam_id: str | None = None, scenario_id: str | None = None,
                    class_name: str | None = None, limit: int | None = 20) -> list[TeamScore]:
        """Teams ranked by the AVERAGE of their members' best scores (size gives no edge).

        Students without a team are left out. Ties as in :meth:`best_scores` (average time).
        """
        kind, scope = _scope(exam_id, scenario_id)
        b = schema.best
        avg_time = func.avg(b.c.time_key)
        q = (select(b.c.team, func.avg(b.c.score).label("score"),
                    func.count().label("members"), avg_time.label("time_key"),
                    func.max(b.c.finished_at).label("finished_at"))
             .where(b.c.scope_kind == kind, b.c.scope_id == scope, b.c.team != "")
             .group_by(b.c.team)
             .order_by(func.avg(b.c.score).desc(), avg_time, func.max(b.c.finished_at), b.c.team))
        rows = self._ranked_rows(q, class_name, limit)
        return [TeamScore(rank=i + 1, team=r.team, score=float(r.score), members=r.members,
                          response_time=None if r.time_key >= NO_TIME else float(r.time_key),
                          finished_at=r.finished_at)
                for i, r in enumerate(rows)]

    @_domain_errors
    def change_token(self) -> tuple:
        """Changes whenever attempts or adjustments are written (for a --watch loop)."""
        with self._read() as conn:
            a = conn.execute(select(func.count(), func.max(schema.attempts.c.id))).one()
            j = conn.execute(select(func.count(), func.max(schema.adjustments.c.id))).one()
            b = conn.execute(select(func.sum(schema.best.c.score))).scalar()
        return (tuple(a), tuple(j), b)


# ---- SQLite setup ----------------------------------------------------------------------------
def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get("kefu_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


# ---- internals (all run inside a caller's transaction) ---------------------------------------
def _local_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return LOCAL_STUDENT


def _scope(exam_id, scenario_id) -> tuple[str, str]:
    if (exam_id is None) == (scenario_id is None):
        raise ValueError("give exactly one of exam_id and scenario_id")
    return ("exam", exam_id) if exam_id is not None else ("scenario", scenario_id)


def _student(row) -> Student:
    return Student(row.id, row.name, row.class_name, row.team)


def _exam(row) -> ExamRecord:
    return ExamRecord(row.id, row.title, row.definition_hash, row.yaml_text,
                      json.loads(row.scenarios))


def _attempt(row) -> Attempt:
    m = row._mapping
    return Attempt(
        id=m["id"], uid=m["uid"], kind=m["kind"], exam_id=m["exam_id"], sitting=m["sitting"],
        student_id=m["student_id"], scenario_id=m["scenario_id"],
        scenario_hash=m["scenario_hash"], seed=m["seed"], total=m["total"],
        dimensions=json.loads(m["dimensions"]), mistakes=json.loads(m["mistakes"]),
        outcome_id=m["outcome_id"], outcome_good=m["outcome_good"],
        response_time=m["response_time"], finished_at=m["finished_at"],
        source_file=m["source_file"], source_hash=m["source_hash"],
        flags=json.loads(m["flags"]),
        transcript=json.loads(m["transcript"]) if "transcript" in m else None)


# Statements on the write path are built once with bound parameters (building a SQLAlchemy
# statement costs more than running it on SQLite); values always travel as parameters.
_A, _S, _B, _E, _J = (schema.attempts, schema.students, schema.best, schema.exams,
                      schema.adjustments)
_SEL_STUDENT = select(_S.c.name, _S.c.class_name, _S.c.team).where(_S.c.id == bindparam("sid"))
_SEL_STUDENT_LOCK = _SEL_STUDENT.with_for_update()
_UPD_BEST_STUDENT = _B.update().where(_B.c.student_id == bindparam("sid")).values(
    class_name=bindparam("cls"), team=bindparam("tm"))
_SEL_UID = select(_A.c.id, _A.c.student_id, _A.c.exam_id, _A.c.transcript, _A.c.total,
                  _A.c.dimensions, _A.c.flags).where(_A.c.uid == bindparam("u"))
_INS_ATTEMPT = _A.insert()
_UPD_ATTEMPT = _A.update().where(_A.c.id == bindparam("_row"))
_SEL_ATTEMPT_KEYS = select(_A.c.student_id, _A.c.scenario_id, _A.c.exam_id).where(
    _A.c.id == bindparam("_row"))
_RESCORE = _A.update().where(_A.c.id == bindparam("_row")).values(
    total=bindparam("total"), dimensions=bindparam("dimensions"),
    mistakes=bindparam("mistakes"), outcome_id=bindparam("outcome_id"),
    outcome_good=bindparam("outcome_good"))
_SEL_SCENARIO_ROWS = select(_A.c.id, _A.c.total, _A.c.response_time, _A.c.finished_at).where(
    _A.c.student_id == bindparam("sid"), _A.c.scenario_id == bindparam("scope"))
_SEL_EXAM_SCENARIOS = select(_E.c.scenarios).where(_E.c.id == bindparam("scope"))
_SEL_EXAM_ROWS = select(_A.c.sitting, _A.c.scenario_id, _A.c.total, _A.c.response_time,
                        _A.c.finished_at).where(_A.c.exam_id == bindparam("scope"),
                                                _A.c.student_id == bindparam("sid"))
_SEL_ADJUST = select(func.coalesce(func.sum(_J.c.points), 0.0)).where(
    _J.c.exam_id == bindparam("scope"), _J.c.student_id == bindparam("sid"))
_DEL_BEST = _B.delete().where(_B.c.scope_kind == bindparam("kind"),
                              _B.c.scope_id == bindparam("scope"),
                              _B.c.student_id == bindparam("sid"))
_UPSERTS: dict = {}


def _upsert(conn: Connection, table, key: dict, values: dict) -> None:
    """INSERT ... ON CONFLICT DO UPDATE (takes the row lock on PostgreSQL)."""
    cache_key = (conn.dialect.name, table.name, tuple(key), tuple(values))
    stmt = _UPSERTS.get(cache_key)
    if stmt is None:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        base = insert(table)
        stmt = _UPSERTS[cache_key] = base.on_conflict_do_update(
            index_elements=list(key), set_={k: base.excluded[k] for k in values})
    conn.execute(stmt, {**key, **values})


def _student_row(conn: Connection, student_id: str):
    """The student's (name, class_name, team), locking the row on PostgreSQL until commit,
    so one student's writes never interleave."""
    q = _SEL_STUDENT_LOCK if conn.dialect.name == "postgresql" else _SEL_STUDENT
    return conn.execute(q, {"sid": student_id}).first()


def _upsert_student(conn: Connection, student: Student) -> None:
    row = _student_row(conn, student.id)
    if row is not None and tuple(row) == (student.name, student.class_name, student.team):
        return
    _upsert(conn, _S, {"id": student.id}, {
        "name": student.name, "class_name": student.class_name, "team": student.team,
        "updated_at": now()})
    if row is not None and tuple(row)[1:] != (student.class_name, student.team):
        # moved class or team: the ranking rows carry both (a new student has none yet)
        conn.execute(_UPD_BEST_STUDENT, {"sid": student.id, "cls": student.class_name,
                                         "tm": student.team})


def _lock_student(conn: Connection, student_id: str) -> bool:
    return _student_row(conn, student_id) is not None


def _attempt_row(a: NewAttempt) -> dict:
    return {
        "uid": a.uid, "kind": a.kind, "exam_id": a.exam_id, "sitting": a.sitting,
        "student_id": a.student_id, "scenario_id": a.scenario_id,
        "scenario_hash": a.scenario_hash, "seed": a.seed, "transcript": _dumps(a.transcript),
        "total": int(a.total), "dimensions": _dumps(a.dimensions), "mistakes": _dumps(a.mistakes),
        "outcome_id": a.outcome_id, "outcome_good": a.outcome_good,
        "response_time": a.response_time, "finished_at": a.finished_at,
        "source_file": a.source_file, "source_hash": a.source_hash, "flags": _dumps(a.flags),
    }


def _add_attempt(conn: Connection, attempt: NewAttempt, student: Student | None,
                 touched: _Touched) -> str:
    """Insert or update one attempt; the best scores it affects are added to ``touched``
    (refresh them with :func:`_refresh` before the transaction ends)."""
    if student is not None:
        if student not in touched.students:  # once per student and transaction
            _upsert_student(conn, student)
            touched.students.add(student)
    elif not _lock_student(conn, attempt.student_id):
        raise NotFound(t("err.db_no_student", id=attempt.student_id))
    row = _attempt_row(attempt)
    old = conn.execute(_SEL_UID, {"u": attempt.uid}).first()
    if old is not None:
        if old.student_id != attempt.student_id or old.exam_id != attempt.exam_id:
            raise Conflict(t("err.db_uid_taken", uid=attempt.uid, student=old.student_id))
        if (old.transcript, old.total, old.dimensions, old.flags) == (
                row["transcript"], row["total"], row["dimensions"], row["flags"]):
            return "unchanged"
        conn.execute(_UPD_ATTEMPT, {**row, "_row": old.id})
        status = "updated"
    else:
        conn.execute(_INS_ATTEMPT, row)
        status = "added"
    touched.best.add(("scenario", attempt.scenario_id, attempt.student_id))
    if attempt.exam_id is not None:
        touched.best.add(("exam", attempt.exam_id, attempt.student_id))
    return status


@dataclass
class _Touched:
    """What one write transaction changed: students written, best scores to recompute."""

    students: set = field(default_factory=set)
    best: set = field(default_factory=set)


def _refresh(conn: Connection, touched: _Touched) -> None:
    for kind, scope, student_id in sorted(touched.best):
        if kind == "exam":
            _refresh_exam_best(conn, scope, student_id)
        else:
            _refresh_scenario_best(conn, scope, student_id)


def _put_best(conn: Connection, kind: str, scope: str, student_id: str, values: dict | None):
    if values is None:
        conn.execute(_DEL_BEST, {"kind": kind, "scope": scope, "sid": student_id})
        return
    _, class_name, team = _student_row(conn, student_id)
    _upsert(conn, _B, {"scope_kind": kind, "scope_id": scope, "student_id": student_id},
            {**values, "class_name": class_name, "team": team})


def _time_key(value) -> float:
    return NO_TIME if value is None else float(value)


def _refresh_scenario_best(conn: Connection, scenario_id: str, student_id: str) -> None:
    rows = conn.execute(_SEL_SCENARIO_ROWS, {"sid": student_id, "scope": scenario_id}).all()
    if not rows:
        _put_best(conn, "scenario", scenario_id, student_id, None)
        return
    top = min(rows, key=lambda r: (-r.total, _time_key(r.response_time), r.finished_at, r.id))
    _put_best(conn, "scenario", scenario_id, student_id, {
        "score": float(top.total), "time_key": _time_key(top.response_time),
        "finished_at": top.finished_at, "attempt_id": top.id, "sitting": None,
        "attempts": len(rows)})


def exam_sittings(scenarios: list[str], rows) -> dict[int, dict]:
    """Per sitting: the mean over the exam's scenarios (a missing one counts 0), the summed
    response time (None if any reply was untimed) and the last finish.

    ``rows`` have ``sitting``, ``scenario_id``, ``total``, ``response_time``, ``finished_at``.
    """
    by_sitting: dict[int, dict] = {}
    for r in rows:
        entry = by_sitting.setdefault(r.sitting, {"totals": {}, "time": 0.0, "finished": ""})
        previous = entry["totals"].get(r.scenario_id)
        if previous is None or r.total > previous:
            entry["totals"][r.scenario_id] = r.total
        entry["time"] = None if entry["time"] is None or r.response_time is None \
            else entry["time"] + r.response_time
        entry["finished"] = max(entry["finished"], r.finished_at)
    out = {}
    for sitting, entry in by_sitting.items():
        wanted = scenarios or sorted(entry["totals"])
        score = sum(entry["totals"].get(sid, 0) for sid in wanted) / len(wanted)
        out[sitting] = {"score": score, "response_time": entry["time"],
                        "finished_at": entry["finished"]}
    return out


def final_score(score: float, adjustment_points: float) -> float:
    """Exam grade: best sitting + adjustments, clamped to 0-100, one decimal."""
    return round(max(0.0, min(100.0, score + adjustment_points)), 1)


def _refresh_exam_best(conn: Connection, exam_id: str, student_id: str) -> None:
    params = {"scope": exam_id, "sid": student_id}
    exam_row = conn.execute(_SEL_EXAM_SCENARIOS, params).first()
    scenarios = json.loads(exam_row.scenarios) if exam_row else []
    rows = conn.execute(_SEL_EXAM_ROWS, params).all()
    adjust = conn.execute(_SEL_ADJUST, params).scalar()
    sittings = exam_sittings(scenarios, rows)
    if not sittings:
        _put_best(conn, "exam", exam_id, student_id, None)
        return
    sitting, top = min(sittings.items(), key=lambda kv: (
        -kv[1]["score"], _time_key(kv[1]["response_time"]), kv[1]["finished_at"], kv[0]))
    _put_best(conn, "exam", exam_id, student_id, {
        "score": final_score(top["score"], float(adjust)),
        "time_key": _time_key(top["response_time"]), "finished_at": top["finished_at"],
        "attempt_id": None, "sitting": sitting, "attempts": len(sittings)})


def _rebuild_best(conn: Connection) -> None:
    a, b = schema.attempts, schema.best
    conn.execute(b.delete())
    ranked = select(
        a.c.scenario_id, a.c.student_id, a.c.total, a.c.response_time, a.c.finished_at,
        a.c.id,
        func.row_number().over(partition_by=(a.c.scenario_id, a.c.student_id),
                               order_by=(a.c.total.desc(),
                                         func.coalesce(a.c.response_time, NO_TIME),
                                         a.c.finished_at, a.c.id)).label("rn"),
        func.count().over(partition_by=(a.c.scenario_id, a.c.student_id)).label("n"),
    ).subquery()
    s = schema.students
    pick = (select(func.cast("scenario", b.c.scope_kind.type).label("k"), ranked.c.scenario_id,
                   ranked.c.student_id, s.c.class_name, s.c.team,
                   func.cast(ranked.c.total, b.c.score.type),
                   func.coalesce(ranked.c.response_time, NO_TIME), ranked.c.finished_at,
                   ranked.c.id, ranked.c.n)
            .join(s, s.c.id == ranked.c.student_id).where(ranked.c.rn == 1))
    conn.execute(b.insert().from_select(
        ["scope_kind", "scope_id", "student_id", "class_name", "team", "score", "time_key",
         "finished_at", "attempt_id", "attempts"], pick))
    pairs = conn.execute(select(a.c.exam_id, a.c.student_id).distinct()
                         .where(a.c.exam_id.is_not(None))).all()
    for exam_id, student_id in pairs:
        _refresh_exam_best(conn, exam_id, student_id)


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
