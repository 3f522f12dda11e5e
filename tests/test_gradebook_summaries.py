"""Per-attempt summaries (migration 6): what the grade sheet reads of each transcript is stored
with the attempt, so a school's grade sheet never loads transcripts. A gradebook made by the
code before it is migrated and grades exactly as it did; regrade and adjust keep them right.

``tests/data/gradebook_v5.sql`` is a SQLite dump of a gradebook written by kefu at schema
version 5 (four students of one exam, timed replies, bracket-pasted and too-fast ones, a retake
refused, an adjustment); ``gradebook_v5.grades.json`` is what ``kefu grades mid1 --json``
printed for it then.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from exam_helpers import as_typed, run, scenario_script, take, write_exam
from sqlalchemy import func, select, text, update

from simulator.integrity import pasted_turns
from simulator.metrics import attempts_metrics, deal_table
from simulator.storage import Gradebook, rankings, schema
from simulator.storage.migrations import SHEET_INDEX
from simulator.storage.records import FACTS, summary_of

DATA = Path(__file__).parent / "data"


def sheet() -> dict:
    result = run("grades", "mid1", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def stored_summaries(url: str) -> list[tuple[dict, dict]]:
    with Gradebook.open(url) as book, book.engine.connect() as conn:
        rows = conn.execute(schema.attempts.select().order_by(schema.attempts.c.id)).all()
    return [(json.loads(r.summary), summary_of(json.loads(r.transcript))) for r in rows]


def test_a_version_5_gradebook_migrates_and_grades_as_before(tmp_path, monkeypatch):
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        conn.executescript((DATA / "gradebook_v5.sql").read_text(encoding="utf-8"))
    url = f"sqlite:///{db}"
    monkeypatch.setenv("KEFU_DB", url)
    expected = json.loads((DATA / "gradebook_v5.grades.json").read_text(encoding="utf-8"))
    assert sheet() == expected
    with Gradebook.open(url) as book:
        assert book.schema_version >= 6
    pairs = stored_summaries(url)
    assert len(pairs) == 4 and all(stored == made for stored, made in pairs)
    assert sheet() == expected  # and again, migrated


@pytest.fixture
def collected(tmp_path, db_url):
    exam = write_exam(tmp_path, extra="paste_cps: 4\n")
    out = tmp_path / "out"
    for sid, kind, seconds in (("s01", "good", 8.0), ("s02", "bad", 2.0), ("s03", "good", 30.0)):
        assert take(exam, sid, scenario_script(kind), out).exit_code == 0
        as_typed(out / f"mid1-{sid}.kefu.json", seconds)
    result = run("exam", "collect", exam, out, "--json")
    assert result.exit_code == 0, result.output
    return exam


def from_transcripts(url: str) -> dict:
    """Each student's metrics and each attempt's 粘贴 replies, read from the transcripts."""
    from scenarios.loader import load_all

    deals = deal_table({s.id: s for s in load_all()[0]})
    with Gradebook.open(url) as book:
        attempts = book.attempts(exam_id="mid1", with_transcripts=True)
    return {a.student_id: (attempts_metrics([a], deals, 60),
                           pasted_turns(a.transcript["turns"], 4)) for a in attempts}


def test_summaries_match_the_transcripts_after_a_downgrade_and_migration(collected, db_url):
    before = sheet()
    assert any(d["pasted"] for d in before["detail"])  # the fixture has 粘贴 replies
    with Gradebook.open(db_url) as book, book.engine.begin() as conn:
        conn.execute(text("ALTER TABLE attempts DROP COLUMN summary"))  # as version 5 had it
        conn.execute(text("DELETE FROM schema_version WHERE version >= 6"))
    assert sheet() == before
    assert all(stored == made for stored, made in stored_summaries(db_url))


def test_regrade_and_adjust_keep_the_sheet_right(collected, db_url):
    before = sheet()
    with Gradebook.open(db_url) as book, book.engine.begin() as conn:
        conn.execute(update(schema.attempts).where(schema.attempts.c.student_id == "s01")
                     .values(total=12, outcome_id="left_angry", outcome_good=False))
    assert sheet() != before
    result = run("exam", "regrade", collected, "--json")
    assert result.exit_code == 0, result.output
    assert sheet() == before  # the scores, the ending and its order value are back
    assert run("grades", "adjust", "mid1", "s02", "--points", "10", "--reason", "附加题",
               "--by", "张老师").exit_code == 0
    after = sheet()
    rows = {r["student"]: r for r in after["students"]}
    old = {r["student"]: r for r in before["students"]}
    assert rows["s02"]["final"] == pytest.approx(old["s02"]["final"] + 10)
    assert rows["s02"]["adjustment"] == 10 and rows["s01"] == old["s01"]
    truth = from_transcripts(db_url)
    for row in after["students"]:
        assert row["metrics"] == truth[row["student"]][0]
    for d in after["detail"]:
        assert d["pasted"] == truth[d["student"]][1]
    assert {sid for sid, (_, pasted) in truth.items() if pasted} == {"s01"}  # 8 s: too fast


def test_an_updated_result_file_replaces_the_summary(collected, db_url, tmp_path):
    old = {d["student"]: d for d in sheet()["detail"]}["s01"]
    assert old["pasted"]
    as_typed(tmp_path / "out" / "mid1-s01.kefu.json", 40.0)  # slower now: no 粘贴
    result = run("exam", "collect", collected, tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    detail = {d["student"]: d for d in sheet()["detail"]}
    assert detail["s01"]["pasted"] == [] and detail["s01"]["response_time"] == old["response_time"] * 5
    assert all(stored == made for stored, made in stored_summaries(db_url))


def test_bulk_load_and_rebuild_keep_summaries(tmp_path):
    from simulator.storage import NewAttempt, Student

    transcript = {"turns": [{"buyer": "在吗", "reply": "您好,在的,请问有什么可以帮您?",
                             "latency": 1.0}], "outcome": {"id": "deal"}}
    with Gradebook.open(f"sqlite:///{tmp_path / 'b.db'}") as book:
        book.bulk_load([Student("s1", "甲")], [NewAttempt(
            uid="u1", student_id="s1", scenario_id="x", scenario_hash="h", seed=1,
            transcript=transcript, total=90, dimensions={}, finished_at="2026-01-01T00:00:00.000Z")])
        with book.engine.connect() as conn:
            stored = json.loads(conn.execute(schema.attempts.select()).one().summary)
    assert stored == summary_of(transcript)
    assert stored["paste"] == [[1, False, [16, 1.0]]]  # 16 characters in 1 s: too fast


def test_the_sheet_adds_stored_numbers_and_reads_the_summary_only_where_they_cannot_tell(
        collected, db_url, tmp_path):
    """Migration 7 stores the numbers the grade sheet adds up; a reply slower than the exam's
    limit, a 粘贴 one, facts not filled in and a gradebook from before migration 7 all give
    the sheet the transcripts give."""
    out = tmp_path / "out"
    assert take(collected, "s04", scenario_script("good"), out).exit_code == 0
    as_typed(out / "mid1-s04.kefu.json", 90.0)  # slower than the exam's 60 s per reply
    assert run("exam", "collect", collected, out, "--json").exit_code == 0
    before = sheet()
    rows = {r["student"]: r for r in before["students"]}
    assert rows["s04"]["metrics"]["within_limit"] == 0
    assert rows["s03"]["metrics"]["within_limit"] == 1
    truth = from_transcripts(db_url)
    assert all(r["metrics"] == truth[r["student"]][0] for r in before["students"])
    assert all(d["pasted"] == truth[d["student"]][1] for d in before["detail"])
    with Gradebook.open(db_url) as book, book.engine.begin() as conn:
        conn.execute(update(schema.attempts).values(timed_turns=None))  # not filled in
    assert sheet() == before
    with Gradebook.open(db_url) as book, book.engine.begin() as conn:
        conn.execute(text(f"DROP INDEX IF EXISTS {SHEET_INDEX}"))  # as version 6 had it
        for name in FACTS:
            conn.execute(text(f"ALTER TABLE attempts DROP COLUMN {name}"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 7"))
    assert sheet() == before
    with Gradebook.open(db_url) as book, book.engine.connect() as conn:
        assert book.schema_version >= 7
        assert conn.execute(select(func.count()).select_from(schema.attempts)
                            .where(schema.attempts.c.timed_turns.is_(None))).scalar() == 0


def test_a_sqlite_sheet_reads_its_covering_index_alone(tmp_path):
    """Migration 8: on SQLite the grade sheet's query is answered from one index, never from
    the attempt rows (their transcripts fill the file), in the sheet's order, for a gradebook
    created now and for one migrated from version 7."""
    url = f"sqlite:///{tmp_path / 'g.db'}"
    with Gradebook.open(url) as book, book.engine.begin() as conn:
        conn.execute(text(f"DROP INDEX {SHEET_INDEX}"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 8"))
    with Gradebook.open(url) as book, book.engine.connect() as conn:
        query = (select(*rankings._SHEET).where(schema.attempts.c.exam_id == "mid1")
                 .order_by(schema.attempts.c.student_id, schema.attempts.c.finished_at,
                           schema.attempts.c.id))
        sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
        plan = " ".join(str(row[-1]) for row in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert f"COVERING INDEX {SHEET_INDEX}" in plan and "TEMP B-TREE" not in plan, plan
