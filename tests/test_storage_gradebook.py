"""The gradebook facade on SQLite and PostgreSQL: schema, attempts, rankings, errors."""

from __future__ import annotations

import uuid

import pytest

from simulator.storage import (
    Conflict,
    Gradebook,
    GradebookError,
    NewAttempt,
    NotFound,
    Student,
)


def attempt(student, total, *, scenario="s1", exam="e1", rt=10.0, at="2026-01-01T10:00:00.000Z",
            sitting=1, uid=None):
    return NewAttempt(uid=uid or uuid.uuid4().hex, student_id=student, scenario_id=scenario,
                      scenario_hash="h", seed=1, transcript={"turns": [], "n": total},
                      total=total, dimensions={"politeness": total}, finished_at=at,
                      exam_id=exam, sitting=sitting, response_time=rt,
                      mistakes=[{"rule": "r1", "phrase": "不知道", "severity": "major"}])


@pytest.fixture
def book(db_url):
    with Gradebook.open(db_url) as b:
        b.save_exam("e1", "期中考试", "hash1", "id: e1\n", ["s1", "s2"])
        yield b


def test_fresh_database_is_migrated_and_reopens(db_url):
    from simulator.storage.migrations import LATEST

    with Gradebook.open(db_url) as b:
        assert b.schema_version == LATEST >= 2
    with Gradebook.open(db_url) as b:  # second open applies nothing and keeps data
        assert b.schema_version == LATEST
        assert b.students() == []


def test_a_version_1_database_is_upgraded(db_url, monkeypatch):
    from sqlalchemy import inspect, text

    from simulator.storage import migrations

    real = list(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", real[:1])
    monkeypatch.setattr(migrations, "LATEST", 1)
    with Gradebook.open(db_url) as b, b.engine.begin() as conn:
        b.upsert_student(Student("s01", "王小明"))
        # as a database made before migration 2 existed: without its index
        conn.execute(text("DROP INDEX ix_best_student"))
    monkeypatch.setattr(migrations, "MIGRATIONS", real)
    monkeypatch.setattr(migrations, "LATEST", real[-1][0])
    with Gradebook.open(db_url) as b:
        assert b.schema_version == real[-1][0]
        assert b.student("s01").name == "王小明"
        indexes = {i["name"] for i in inspect(b.engine).get_indexes("best_scores")}
        assert "ix_best_student" in indexes


def test_student_upsert_and_filters(book):
    book.upsert_student(Student("s01", "王小明", "电商1班", "红队"))
    book.upsert_student(Student("s02", "李华", "电商2班", ""))
    book.upsert_student(Student("s01", "王小明", "电商1班", "蓝队"))  # moved team
    assert book.student("s01").team == "蓝队"
    assert [s.id for s in book.students(class_name="电商2班")] == ["s02"]
    assert book.student("nobody") is None


def test_add_attempt_is_idempotent_by_uid(book):
    s = Student("s01", "王小明", "1班")
    a = attempt("s01", 80, uid="u1")
    assert book.add_attempt(a, s) == "added"
    assert book.add_attempt(a, s) == "unchanged"
    longer = attempt("s01", 85, uid="u1")
    assert book.add_attempt(longer, s) == "updated"
    rows = book.attempts(exam_id="e1")
    assert len(rows) == 1 and rows[0].total == 85
    assert rows[0].mistakes[0]["phrase"] == "不知道"
    assert rows[0].transcript is None
    assert book.attempts(exam_id="e1", with_transcripts=True)[0].transcript["n"] == 85


def test_uid_of_another_student_is_a_conflict(book):
    book.add_attempt(attempt("s01", 80, uid="u1"), Student("s01"))
    with pytest.raises(Conflict):
        book.add_attempt(attempt("s02", 90, uid="u1"), Student("s02"))
    assert [a.student_id for a in book.attempts()] == ["s01"]


def test_scenario_ranking_best_score_then_time_then_finish(book):
    for sid in ("a", "b", "c", "d"):
        book.upsert_student(Student(sid, sid.upper(), "1班" if sid != "d" else "2班"))
    book.add_attempt(attempt("a", 70, rt=5))
    book.add_attempt(attempt("a", 90, rt=30))  # a's best: 90 in 30 s
    book.add_attempt(attempt("b", 90, rt=20))  # same score, faster: ahead of a
    book.add_attempt(attempt("c", 90, rt=20, at="2026-01-01T09:00:00.000Z"))  # earlier: ahead of b
    book.add_attempt(attempt("d", 95, rt=None))  # untimed but higher score
    ranked = book.best_scores(scenario_id="s1")
    assert [(r.rank, r.student_id, r.score) for r in ranked] == [
        (1, "d", 95), (2, "c", 90), (3, "b", 90), (4, "a", 90)]
    assert ranked[3].attempts == 2 and ranked[0].response_time is None
    assert [r.student_id for r in book.best_scores(scenario_id="s1", class_name="1班")] == [
        "c", "b", "a"]
    assert [r.student_id for r in book.best_scores(scenario_id="s1", limit=2, offset=1)] == [
        "c", "b"]


def test_exam_score_is_best_sitting_mean_plus_adjustments(book):
    book.upsert_student(Student("a", "A", "1班", "红队"))
    book.add_attempt(attempt("a", 80, scenario="s1", sitting=1))  # sitting 1: (80+0)/2 = 40
    book.add_attempt(attempt("a", 60, scenario="s1", sitting=2))
    book.add_attempt(attempt("a", 70, scenario="s2", sitting=2))  # sitting 2: 65
    [row] = book.best_scores(exam_id="e1")
    assert (row.score, row.sitting, row.attempts) == (65, 2, 2)
    adj = book.add_adjustment("e1", "a", 50, "  附加题满分 ", author="张老师")
    assert adj.reason == "附加题满分" and adj.author == "张老师"
    assert book.best_scores(exam_id="e1")[0].score == 100  # clamped
    book.add_adjustment("e1", "a", -80, "抄袭")
    assert book.best_scores(exam_id="e1")[0].score == 35
    assert [a.points for a in book.adjustments("e1", "a")] == [50, -80]


def test_adjustment_needs_reason_and_known_exam_and_student(book):
    book.upsert_student(Student("a"))
    with pytest.raises(GradebookError):
        book.add_adjustment("e1", "a", 5, "   ")
    with pytest.raises(NotFound):
        book.add_adjustment("nope", "a", 5, "x")
    with pytest.raises(NotFound):
        book.add_adjustment("e1", "nobody", 5, "x")


def test_teams_ranked_by_member_average(book):
    for sid, team, total in [("a", "大队", 90), ("b", "大队", 50), ("c", "大队", 40),
                             ("d", "小队", 80)]:
        book.add_attempt(attempt(sid, total), Student(sid, sid, "1班", team))
    book.add_attempt(attempt("e", 100), Student("e", "e", "1班", ""))  # no team: left out
    teams = book.team_scores(scenario_id="s1")
    assert [(t.team, round(t.score, 1), t.members) for t in teams] == [
        ("小队", 80.0, 1), ("大队", 60.0, 3)]


def test_rescore_and_rebuild_keep_rankings_consistent(book):
    book.add_attempt(attempt("a", 50), Student("a"))
    book.add_attempt(attempt("b", 60), Student("b"))
    first = book.attempts(student_id="a")[0]
    book.rescore(first.id, 99, {"politeness": 99}, [], "deal", True)
    assert [r.student_id for r in book.best_scores(scenario_id="s1")] == ["a", "b"]
    before = book.best_scores(exam_id="e1")
    book.rebuild_best()
    assert book.best_scores(exam_id="e1") == before
    assert [r.score for r in book.best_scores(scenario_id="s1")] == [99, 60]


def test_change_token_moves_on_writes(book):
    token = book.change_token()
    book.add_attempt(attempt("a", 50), Student("a"))
    assert book.change_token() != token


def test_bulk_load_builds_rankings(book):
    students = [Student(f"s{i}", f"学生{i}", "1班") for i in range(5)]
    rows = [attempt(f"s{i % 5}", (i * 7) % 101) for i in range(50)]
    book.bulk_load(students, rows)
    best = {r.student_id: r.score for r in book.best_scores(scenario_id="s1", limit=None)}
    for i in range(5):
        assert best[f"s{i}"] == max((j * 7) % 101 for j in range(50) if j % 5 == i)


def test_record_drill_belongs_to_local_user(book):
    from scenarios.loader import find
    from scoring.judge import Judge
    from simulator.session import Session

    scenario = find("bargain_others_discount")
    session = Session.new(scenario, 1, Judge())
    for line in scenario.tests[0].replies:
        if session.finished:
            break
        session.reply(line, 3.0)
    session.give_up()
    assert book.record_drill(session.data) == "added"
    assert book.record_drill(session.data) == "unchanged"
    [row] = book.attempts(kind="drill")
    assert row.exam_id is None and row.response_time is not None
    assert row.total == session.data["score"]["total"]
    unfinished = Session.new(scenario, 2, Judge()).data
    with pytest.raises(GradebookError):
        book.record_drill(unfinished)


def test_sql_text_in_values_is_just_data(book):
    evil = "x'); DROP TABLE students; --"
    book.add_attempt(attempt(evil, 10), Student(evil, evil, evil, evil))
    assert book.student(evil).name == evil
    assert book.best_scores(scenario_id="s1")[0].student_id == evil


def test_bad_urls_and_unreachable_servers_are_domain_errors(tmp_path):
    with pytest.raises(GradebookError) as info:
        Gradebook.open("mysql://root@localhost/x")
    assert "mysql" in info.value.message
    with pytest.raises(GradebookError):
        Gradebook.open("postgresql://nobody@127.0.0.1:1/none")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(GradebookError):
        Gradebook.open(f"sqlite:///{blocker}/sub/kefu.db")


def test_not_a_database_file_is_a_domain_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(GradebookError):
        Gradebook.open(str(junk))


def test_default_is_sqlite_in_data_dir(kefu_home, monkeypatch):
    monkeypatch.delenv("KEFU_DB", raising=False)
    with Gradebook.open() as b:
        assert b.display_url.endswith("kefu.db")
    assert (kefu_home / "kefu.db").exists()
    import sqlite3

    mode = sqlite3.connect(kefu_home / "kefu.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_newer_schema_is_refused(db_url):
    from sqlalchemy import insert

    from simulator.storage import SchemaTooNew, schema

    with Gradebook.open(db_url) as b, b.engine.begin() as conn:
        conn.execute(insert(schema.schema_version).values(version=99, applied_at="x"))
    with pytest.raises(SchemaTooNew):
        Gradebook.open(db_url)


def test_a_new_numbered_migration_is_applied_once_to_an_existing_database(db_url, monkeypatch):
    from sqlalchemy import inspect, text

    from simulator.storage import migrations

    with Gradebook.open(db_url) as b:
        b.upsert_student(Student("s01", "王小明"))
    calls = []

    def add_nickname(conn):
        calls.append(1)
        conn.execute(text("ALTER TABLE students ADD COLUMN nickname VARCHAR(50)"))

    nxt = migrations.LATEST + 1
    monkeypatch.setattr(migrations, "MIGRATIONS",
                        [*migrations.MIGRATIONS, (nxt, "nickname", add_nickname)])
    monkeypatch.setattr(migrations, "LATEST", nxt)
    with Gradebook.open(db_url) as b:
        assert b.schema_version == nxt
        assert b.student("s01").name == "王小明"  # data kept
        columns = {c["name"] for c in inspect(b.engine).get_columns("students")}
        assert "nickname" in columns
    with Gradebook.open(db_url) as b:
        assert b.schema_version == nxt
    assert calls == [1]
