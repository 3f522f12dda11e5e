"""The gradebook's tables (SQLAlchemy Core metadata). Changes go through numbered migrations."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from .facts import FACTS

metadata = MetaData()
_REAL = {"first_response", "latency_sum", "slowest", "paste_bound"}  # of FACTS; others count

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String(40), nullable=False),
)

students = Table(
    "students", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False, default=""),
    Column("class_name", String(100), nullable=False, default=""),
    Column("team", String(100), nullable=False, default=""),
    Column("updated_at", String(40), nullable=False),
)

exams = Table(
    "exams", metadata,
    Column("id", String(64), primary_key=True),
    Column("title", String(300), nullable=False),
    Column("definition_hash", String(64), nullable=False),
    Column("yaml_text", Text, nullable=False),
    Column("scenarios", Text, nullable=False),  # JSON list of the drawn scenario ids, in order
    Column("updated_at", String(40), nullable=False),
)

attempts = Table(
    "attempts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(64), nullable=False),  # the transcript's own id: collect is idempotent
    Column("kind", String(10), nullable=False),  # "exam" or "drill"
    Column("exam_id", String(64), ForeignKey("exams.id", ondelete="CASCADE"), nullable=True),
    Column("sitting", Integer, nullable=False, default=1),  # attempt number within the exam
    Column("student_id", String(64), ForeignKey("students.id"), nullable=False),
    Column("scenario_id", String(100), nullable=False),
    Column("scenario_hash", String(64), nullable=False),
    Column("seed", Integer, nullable=False),
    Column("transcript", Text, nullable=False),  # JSON
    Column("total", Integer, nullable=False),
    Column("dimensions", Text, nullable=False),  # JSON {dimension: 0-100}
    Column("mistakes", Text, nullable=False),  # JSON [{"rule", "phrase", "severity"}]
    Column("outcome_id", String(100), nullable=True),
    Column("outcome_good", Boolean, nullable=True),
    Column("response_time", Float, nullable=True),  # seconds; NULL when replies were not timed
    Column("finished_at", String(40), nullable=False),  # ISO 8601 UTC, fixed width
    Column("source_file", Text, nullable=True),
    Column("source_hash", String(64), nullable=True),
    Column("flags", Text, nullable=False, default="[]"),  # JSON list of collect warnings
    # migration 6: JSON, what the grade sheet reads of the transcript (records.summary_of)
    Column("summary", Text, nullable=True),
    # migration 7: the numbers the grade sheet adds up, from the summary (records.sheet_facts)
    *(Column(name, Float if name in _REAL else Integer, nullable=True) for name in FACTS),
    UniqueConstraint("uid", name="uq_attempts_uid"),
)
Index("ix_attempts_exam_student", attempts.c.exam_id, attempts.c.student_id, attempts.c.sitting)
Index("ix_attempts_student_scenario", attempts.c.student_id, attempts.c.scenario_id,
      attempts.c.total)
Index("ix_attempts_student_finished", attempts.c.student_id, attempts.c.finished_at)

adjustments = Table(
    "adjustments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("exam_id", String(64), ForeignKey("exams.id", ondelete="CASCADE"), nullable=False),
    Column("student_id", String(64), ForeignKey("students.id"), nullable=False),
    Column("points", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("author", String(200), nullable=False),
    Column("created_at", String(40), nullable=False),
)
Index("ix_adjustments_exam_student", adjustments.c.exam_id, adjustments.c.student_id)

# One row per (scope, student): the student's best result, kept up to date in the same
# transaction as every write, so a top-N leaderboard is a short index range scan.
# scope_kind "exam": score = best sitting's mean over the exam's scenarios + adjustments (0-100);
# scope_kind "scenario": score = best single attempt at that scenario (drills and exams).
best = Table(
    "best_scores", metadata,
    Column("scope_kind", String(10), primary_key=True),
    Column("scope_id", String(100), primary_key=True),
    Column("student_id", String(64), ForeignKey("students.id"), primary_key=True),
    Column("class_name", String(100), nullable=False),  # copied from students for the index
    Column("team", String(100), nullable=False),
    Column("score", Float, nullable=False),
    Column("time_key", Float, nullable=False),  # response time, policy.NO_TIME when untimed
    Column("finished_at", String(40), nullable=False),
    Column("attempt_id", Integer, nullable=True),  # scenario scope: the best attempt
    Column("sitting", Integer, nullable=True),  # exam scope: the best sitting
    Column("attempts", Integer, nullable=False),  # how many attempts/sittings there were
)
Index("ix_best_rank", best.c.scope_kind, best.c.scope_id, best.c.score.desc(), best.c.time_key,
      best.c.finished_at, best.c.student_id)
# migration 2: a student's ranking rows, found when the student moves class or team
ix_best_student = Index("ix_best_student", best.c.student_id)
Index("ix_best_class_rank", best.c.scope_kind, best.c.scope_id, best.c.class_name,
      best.c.score.desc(), best.c.time_key, best.c.finished_at, best.c.student_id)
