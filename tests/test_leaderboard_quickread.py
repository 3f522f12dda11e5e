"""``kefu leaderboard`` on SQLite reads the board without SQLAlchemy
(:mod:`simulator.storage.quickread`): the same rows as the facade, never a write, and the
facade whenever the gradebook is not one it can read as it is."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli import get_app
from simulator.storage import Gradebook, NewAttempt, Student, migrations
from simulator.storage.leaderboard import Query, board
from simulator.storage.quickread import SCHEMA, BoardReader

AT = "2026-03-01T12:00:00.000Z"
DATA = Path(__file__).parent / "data"


def attempt(student, total, scenario, rt, at="2026-03-01T10:00:00.000Z", sitting=1):
    return NewAttempt(uid=uuid.uuid4().hex, student_id=student, scenario_id=scenario,
                      scenario_hash="h", seed=1, transcript={"turns": []}, total=total,
                      dimensions={"politeness": float(total)}, finished_at=at, exam_id="e1",
                      sitting=sitting, response_time=rt)


@pytest.fixture
def url(tmp_path):
    url = f"sqlite:///{tmp_path / 'kefu.db'}"
    with Gradebook.open(url) as book:
        book.save_exam("e1", "期中考试", "hash1", "id: e1\n", ["s1", "s2"])
        for i, (cls, team, s1, s2, rt) in enumerate([
                ("c1", "红队", 80, 80, 50.0), ("c1", "蓝队", 80, 80, 20.0),
                ("c2", "红队", 80, 80, None), ("c2", "", 90, 60, 5.0),
                ("c1", "蓝队", 100, 95, 70.0), ("c2", "红队", 40, 75, 9.5)]):
            student = Student(f"s{i}", f"学生{i}", cls, team)
            book.add_attempts([(attempt(student.id, s1, "s1", rt), student),
                               (attempt(student.id, s2, "s2", rt), student)])
        book.add_adjustment("e1", "s3", 4, "附加题", "张老师")
    return url


QUERIES = [Query(exam_id="e1"), Query(exam_id="e1", top=3), Query(exam_id="e1", class_name="c2"),
           Query(exam_id="e1", team=True), Query(exam_id="e1", team=True, class_name="c1"),
           Query(scenario_id="s1"), Query(scenario_id="s2", class_name="c1", top=2),
           Query(exam_id="e1", freeze_at="2099-01-01T00:00:00.000Z")]  # freezes later


def test_the_same_boards_as_the_facade(url):
    assert SCHEMA == migrations.LATEST
    with Gradebook.open(url) as book, BoardReader.open(url) as reader:
        for query in QUERIES:
            assert board(reader, query, AT) == board(book, query, AT), query
        assert reader.exams() == book.exams() and reader.exam("nope") is None


def test_the_command_reads_without_sqlalchemy_and_prints_the_board(url, tmp_path):
    code = ("import sys; from simulator.cli import main\n"
            "sys.argv = ['kefu', 'leaderboard', '--exam', 'e1', '--json']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('sqlalchemy' in sys.modules, 'pydantic' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "KEFU_DB": url, "KEFU_HOME": str(tmp_path / "h"),
                               "KEFU_LANG": "zh"}, timeout=120)
    assert done.returncode == 0, done.stderr
    # nor pydantic: typer's coercion is skipped for values that are already what it would give
    assert done.stderr.strip().splitlines()[-1] == "False False"
    rows = json.loads(done.stdout)["rows"]
    assert [r["student_id"] for r in rows] == ["s4", "s1", "s0", "s2", "s3", "s5"]
    assert rows[3]["response_time"] is None and rows[4]["score"] == 79.0  # 75 + 4


@pytest.mark.parametrize("args, shown", [
    (["--top", "2"], 2), (["--top=1"], 1), (["--top", "0"], None), (["--top", "x"], None),
    (["--interval", "abc", "--watch"], None)])
def test_option_values_are_still_checked_and_converted(url, args, shown):
    result = CliRunner().invoke(get_app(), ["leaderboard", "--exam", "e1", "--json", *args],
                                env={"KEFU_DB": url, "KEFU_LANG": "zh"})
    if shown is None:
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert ("--top" if "--top" in args else "--interval") in result.output
    else:
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.output)["rows"]) == shown


def test_anything_else_goes_through_the_facade(tmp_path, monkeypatch):
    assert BoardReader.open("postgresql://u@h/db") is None
    assert BoardReader.open(f"sqlite:///{tmp_path / 'missing.db'}") is None
    assert not (tmp_path / "missing.db").exists()
    old = tmp_path / "old.db"  # schema version 5: the facade migrates it first
    with sqlite3.connect(old) as conn:
        conn.executescript((DATA / "gradebook_v5.sql").read_text(encoding="utf-8"))
    assert BoardReader.open(f"sqlite:///{old}") is None
    monkeypatch.setenv("KEFU_DB", f"sqlite:///{old}")
    result = CliRunner().invoke(get_app(), ["leaderboard", "--json"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["rows"]) == 4
    assert BoardReader.open(f"sqlite:///{old}") is not None  # migrated now
