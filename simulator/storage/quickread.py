"""The leaderboard's reads without SQLAlchemy, for ``kefu leaderboard`` on a SQLite gradebook.

Importing SQLAlchemy takes longer (0.45 s here) than the whole command may (0.3 s), so a board
that is neither watched nor frozen is read with the standard library's ``sqlite3``: the same
maintained ``best_scores`` table, in the same order as :mod:`.rankings` (its SQL is
:data:`BEST` and :data:`TEAMS`; the leaderboard tests run both ways, SQLite this way and
PostgreSQL through the facade). :meth:`BoardReader.open` returns None — take the
:class:`~.gradebook.Gradebook` then — for anything else: not a ``sqlite:///`` URL or not an
existing file, a gradebook at another schema version (to migrate, or too new), or one that
cannot be opened read-only. Nothing here writes or creates a file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .errors import DatabaseBusy, GradebookError
from .policy import NO_TIME
from .records import BestScore, ExamRecord, TeamScore, exam_of

SCHEMA = 8  # the schema these reads are written for: migrations.LATEST (a test keeps them equal)

_ORDER = "b.score DESC, b.time_key, b.finished_at, b.student_id"
BEST = ("SELECT b.student_id, s.name, b.class_name, b.team, b.score, b.time_key, "
        "b.finished_at, b.attempts, b.attempt_id, b.sitting FROM best_scores b "
        "JOIN students s ON s.id = b.student_id "
        "WHERE b.scope_kind = ? AND b.scope_id = ?{cls} ORDER BY " + _ORDER + " LIMIT ?")
TEAMS = ("SELECT b.team, avg(b.score), count(*), avg(b.time_key), max(b.finished_at) "
         "FROM best_scores b WHERE b.scope_kind = ? AND b.scope_id = ? AND b.team != ''{cls} "
         "GROUP BY b.team ORDER BY avg(b.score) DESC, avg(b.time_key), max(b.finished_at), "
         "b.team LIMIT ?")


def _untimed(time_key) -> float | None:
    return None if time_key >= NO_TIME else float(time_key)


def sqlite_path(url: str | None) -> Path | None:
    """The file of a plain ``sqlite:///FILE`` URL (the default: the data folder's kefu.db),
    else None."""
    url = url or os.environ.get("KEFU_DB")
    if not url:
        from ..paths import data_dir

        return data_dir() / "kefu.db"
    if not url.startswith("sqlite:///") or "?" in url or url == "sqlite:///:memory:":
        return None
    return Path(url[len("sqlite:///"):])


class BoardReader:
    """What :func:`.leaderboard.board` and ``default_exam`` read of a gradebook (exams, best
    scores, team scores) for a board that is not frozen; a context manager like the facade."""

    def __init__(self, conn: sqlite3.Connection, display_url: str):
        self.conn = conn
        self.display_url = display_url

    @classmethod
    def open(cls, url: str | None) -> BoardReader | None:
        path = sqlite_path(url)
        if path is None or not path.is_file():
            return None
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        except (sqlite3.Error, ValueError, OSError):
            return None
        try:
            version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        except sqlite3.Error:
            version = None
        if version != SCHEMA:
            conn.close()
            return None
        return cls(conn, f"sqlite:///{path}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> BoardReader:
        return self

    def __exit__(self, *exc) -> None:
        self.conn.close()

    def _rows(self, sql: str, params: tuple) -> list:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                raise DatabaseBusy("err.db_busy") from None
            raise GradebookError("err.db", url=self.display_url, why=str(exc)[:300]) from None
        except sqlite3.Error as exc:
            raise GradebookError("err.db", url=self.display_url, why=str(exc)[:300]) from None

    def exam(self, exam_id: str) -> ExamRecord | None:
        rows = self._rows("SELECT id, title, definition_hash, yaml_text, scenarios FROM exams "
                          "WHERE id = ?", (exam_id,))
        return exam_of(_Row(*rows[0])) if rows else None

    def exams(self) -> list[ExamRecord]:
        return [exam_of(_Row(*r)) for r in self._rows(
            "SELECT id, title, definition_hash, yaml_text, scenarios FROM exams ORDER BY id",
            ())]

    def best_scores(self, exam_id: str | None = None, scenario_id: str | None = None,
                    class_name: str | None = None, limit: int | None = 20) -> list[BestScore]:
        sql, params = self._scoped(BEST, exam_id, scenario_id, class_name, limit)
        return [BestScore(rank=i + 1, student_id=sid, name=name, class_name=cls, team=team,
                          score=score, response_time=_untimed(time_key), finished_at=finished,
                          attempts=attempts, attempt_id=attempt_id, sitting=sitting)
                for i, (sid, name, cls, team, score, time_key, finished, attempts, attempt_id,
                        sitting) in enumerate(self._rows(sql, params))]

    def team_scores(self, exam_id: str | None = None, scenario_id: str | None = None,
                    class_name: str | None = None, limit: int | None = 20) -> list[TeamScore]:
        sql, params = self._scoped(TEAMS, exam_id, scenario_id, class_name, limit)
        return [TeamScore(rank=i + 1, team=team, score=float(score), members=members,
                          response_time=_untimed(time_key), finished_at=finished)
                for i, (team, score, members, time_key, finished)
                in enumerate(self._rows(sql, params))]

    @staticmethod
    def _scoped(sql: str, exam_id, scenario_id, class_name, limit) -> tuple[str, tuple]:
        if (exam_id is None) == (scenario_id is None):
            raise ValueError("give exactly one of exam_id and scenario_id")
        scope = ("exam", exam_id) if exam_id is not None else ("scenario", scenario_id)
        in_class = () if class_name is None else (class_name,)
        return (sql.format(cls="" if class_name is None else " AND b.class_name = ?"),
                (*scope, *in_class, -1 if limit is None else limit))


class _Row:
    """An exams row as :func:`.records.exam_of` reads it."""

    def __init__(self, id, title, definition_hash, yaml_text, scenarios):  # noqa: A002
        self.id, self.title, self.definition_hash = id, title, definition_hash
        self.yaml_text, self.scenarios = yaml_text, scenarios
