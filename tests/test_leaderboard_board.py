"""Leaderboards on SQLite and PostgreSQL: order and ties, teams, class filter, top, freeze,
the watch frame, and the command's output (JSON shape, untrusted names)."""

from __future__ import annotations

import json
import uuid

import pytest
from typer.testing import CliRunner

from simulator.cli import get_app
from simulator.storage import Gradebook, NewAttempt, Student
from simulator.storage.leaderboard import Query, board, next_frame, parse_freeze

T10 = "2026-03-01T10:00:00.000Z"
T11 = "2026-03-01T11:00:00.000Z"
T12 = "2026-03-01T12:00:00.000Z"


def attempt(student, total, *, scenario="s1", exam="e1", rt=30.0, at=T10, sitting=1):
    return NewAttempt(uid=uuid.uuid4().hex, student_id=student, scenario_id=scenario,
                      scenario_hash="h", seed=1, transcript={"turns": []}, total=total,
                      dimensions={"politeness": float(total)}, finished_at=at, exam_id=exam,
                      sitting=sitting, response_time=rt)


def exam_result(book, student: Student, s1: int, s2: int, **kw):
    """Both scenarios of exam e1 in one sitting (the exam score is their mean)."""
    book.add_attempts([(attempt(student.id, s1, scenario="s1", **kw), student),
                       (attempt(student.id, s2, scenario="s2", **kw), student)])


@pytest.fixture
def book(db_url):
    with Gradebook.open(db_url) as b:
        b.save_exam("e1", "期中考试", "hash1", "id: e1\n", ["s1", "s2"])
        yield b


def ids(result) -> list[str]:
    return [r.student_id for r in result.rows]


def run(*args):
    result = CliRunner().invoke(get_app(), list(args), env={"COLUMNS": "200"})
    return result


def test_rank_by_best_then_lower_time_then_earlier_finish(book):
    a, b, c, d = (Student(x, x.upper(), "c1") for x in ("a", "b", "c", "d"))
    exam_result(book, a, 80, 80, rt=50.0, at=T10)  # 80, slow
    exam_result(book, b, 80, 80, rt=20.0, at=T11)  # 80, fast but later
    exam_result(book, c, 80, 80, rt=20.0, at=T10)  # 80, fast and earlier -> first
    exam_result(book, d, 90, 60, rt=5.0, at=T10)  # 75
    exam_result(book, d, 40, 40, rt=1.0, at=T12, sitting=2)  # a worse sitting: best counts
    result = board(book, Query(exam_id="e1"))
    assert ids(result) == ["c", "b", "a", "d"]
    assert [r.rank for r in result.rows] == [1, 2, 3, 4]
    assert [r.score for r in result.rows] == [80, 80, 80, 75]
    assert result.rows[0].response_time == 40.0  # both replies' times summed
    assert result.rows[3].attempts == 2


def test_teacher_adjustment_counts_in_the_exam_rank(book):
    exam_result(book, Student("a", "A"), 80, 80)
    exam_result(book, Student("b", "B"), 76, 76)
    assert ids(board(book, Query(exam_id="e1"))) == ["a", "b"]
    book.add_adjustment("e1", "b", 5, "口头答辩加分")
    result = board(book, Query(exam_id="e1"))
    assert ids(result) == ["b", "a"]
    assert result.rows[0].score == 81


def test_scenario_board_counts_drills_and_exams(book):
    s = Student("a", "A")
    exam_result(book, s, 60, 70)
    book.add_attempt(attempt("b", 90, scenario="s2", exam=None), Student("b", "B"))
    result = board(book, Query(scenario_id="s2"))
    assert [(r.student_id, r.score) for r in result.rows] == [("b", 90), ("a", 70)]


def test_teams_ranked_by_average_so_size_gives_no_edge(book):
    for sid, score, team in [("r1", 90, "红队"), ("r2", 50, "红队"), ("r3", 40, "红队"),
                             ("b1", 70, "蓝队"), ("x", 100, "")]:
        exam_result(book, Student(sid, sid, "c1", team), score, score)
    result = board(book, Query(exam_id="e1", team=True))
    assert [(r.team, r.score, r.members) for r in result.rows] == [
        ("蓝队", 70, 1), ("红队", 60, 3)]  # students without a team are left out


def test_class_filter_and_top(book):
    for n in range(6):
        exam_result(book, Student(f"s{n}", f"S{n}", "c1" if n % 2 else "c2"), 50 + n, 50 + n)
    assert ids(board(book, Query(exam_id="e1", class_name="c1"))) == ["s5", "s3", "s1"]
    assert ids(board(book, Query(exam_id="e1", top=2))) == ["s5", "s4"]
    assert ids(board(book, Query(exam_id="e1", class_name="c2", top=1))) == ["s4"]


@pytest.mark.parametrize("rescan_all", [False, True], ids=["changed-only", "everyone"])
def test_freeze_hides_results_after_the_moment(book, monkeypatch, rescan_all):
    from simulator.storage import leaderboard

    if rescan_all:  # the path taken when many students changed after the freeze
        monkeypatch.setattr(leaderboard, "FULL_RESCAN", 0)
    a, b = Student("a", "A", "c1", "红队"), Student("b", "B", "c1", "蓝队")
    c, d = Student("c", "C", "c2", "蓝队"), Student("d", "D", "c2", "红队")
    exam_result(book, a, 70, 70, at=T10)
    exam_result(book, b, 60, 60, at=T10)
    exam_result(book, c, 65, 65, at=T10)  # nothing after the freeze: its live row stands
    exam_result(book, b, 95, 95, at=T12, sitting=2)  # after the freeze
    exam_result(book, d, 99, 99, at=T12)  # only after the freeze: not on the frozen board
    book.add_adjustment("e1", "a", -30, "作弊")  # made now, i.e. after the freeze
    live = board(book, Query(exam_id="e1"))
    assert [(r.student_id, r.score) for r in live.rows] == [
        ("d", 99), ("b", 95), ("c", 65), ("a", 40)]
    frozen = board(book, Query(exam_id="e1", freeze_at=T11))
    assert frozen.frozen and frozen.hidden == 5  # four attempts and one adjustment
    assert [(r.student_id, r.rank, r.score) for r in frozen.rows] == [
        ("a", 1, 70), ("c", 2, 65), ("b", 3, 60)]
    assert [r.student_id for r in board(book, Query(exam_id="e1", freeze_at=T11,
                                                    top=1)).rows] == ["a"]
    in_class = board(book, Query(exam_id="e1", class_name="c2", freeze_at=T11))
    assert [r.student_id for r in in_class.rows] == ["c"] and in_class.hidden == 2
    teams = board(book, Query(exam_id="e1", team=True, freeze_at=T11))
    assert [(r.team, r.score, r.members) for r in teams.rows] == [("红队", 70, 1),
                                                                  ("蓝队", 62.5, 2)]
    scenario = board(book, Query(scenario_id="s1", freeze_at=T11))
    assert [(r.student_id, r.score) for r in scenario.rows] == [("a", 70), ("c", 65),
                                                                ("b", 60)]
    assert scenario.hidden == 2
    # a freeze moment still ahead shows the live board
    ahead = board(book, Query(exam_id="e1", freeze_at=T11), at=T10)
    assert not ahead.frozen and ids(ahead) == ["d", "b", "c", "a"]


def test_parse_freeze():
    from datetime import datetime, timezone

    moment = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
    assert parse_freeze("30", moment) == "2026-03-01T10:30:00.000Z"
    assert parse_freeze("0.5", moment) == "2026-03-01T10:00:30.000Z"
    assert parse_freeze("11:45", moment) == "2026-03-01T11:45:00.000Z"
    assert parse_freeze("2026-03-02T08:00", moment) == "2026-03-02T08:00:00.000Z"
    assert parse_freeze("2026-03-02T08:00+08:00", moment) == "2026-03-02T00:00:00.000Z"
    from simulator.errors import KefuError

    for bad in ("soon", "25:00", "-5", "2026-13-01", "nan", "0001-01-01T00:00:00+05:00"):
        with pytest.raises(KefuError):
            parse_freeze(bad, moment)


def test_watch_frame_marks_new_and_moved_rows(book):
    exam_result(book, Student("a", "A"), 70, 70)
    exam_result(book, Student("b", "B"), 60, 60)
    query = Query(exam_id="e1")
    first = next_frame(book, query, None)
    assert ids(first) == ["a", "b"] and first.changes == {}
    exam_result(book, Student("b", "B"), 90, 90, sitting=2)
    exam_result(book, Student("c", "C"), 10, 10)
    second = next_frame(book, query, first)
    assert ids(second) == ["b", "a", "c"]
    assert second.changes == {"b": "up", "a": "down", "c": "new"}
    third = next_frame(book, query, second)  # nothing new: the last change stays marked
    assert third.changes == second.changes and ids(third) == ids(second)
    exam_result(book, Student("c", "C"), 80, 80, sitting=2)
    fourth = next_frame(book, query, third)
    assert ids(fourth) == ["b", "c", "a"] and fourth.changes == {"c": "up", "a": "down"}


def test_watch_frame_reads_the_board_only_after_a_write(book, monkeypatch):
    from simulator.storage import leaderboard

    exam_result(book, Student("a", "A"), 70, 70)
    reads = []
    real_board = leaderboard.board
    monkeypatch.setattr(leaderboard, "board", lambda *a: reads.append(1) or real_board(*a))
    query = Query(exam_id="e1", freeze_at=T11)
    first = next_frame(book, query, None)
    second = next_frame(book, query, first)
    assert len(reads) == 1 and second.rows == first.rows
    exam_result(book, Student("b", "B"), 90, 90, at=T10)  # late collect of an early result
    third = next_frame(book, query, second)
    assert len(reads) == 2 and ids(third) == ["b", "a"] and third.frozen


def test_watch_loop_redraws_until_ctrl_c(book):
    """Ctrl-C in the middle of a frame's database read is not raised there: the frame
    finishes, the loop stops, the previous SIGINT handler is back."""
    import os
    import signal

    from simulator import ui_leaderboard

    exam_result(book, Student("a", "A"), 70, 70)
    calls, finished = [], []
    before = signal.getsignal(signal.SIGINT)

    def frame(previous):
        calls.append(previous)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGINT)  # arrives while the frame is being read
        board = next_frame(book, Query(exam_id="e1"), previous)
        finished.append(board)
        return board

    ui_leaderboard.watch(frame, 0.05)  # returns normally on Ctrl-C
    assert len(calls) == 3 and calls[0] is None and calls[2] is not None
    assert len(finished) == 3  # the read was not cut short
    assert signal.getsignal(signal.SIGINT) is before


def test_cli_json_shape(book):
    exam_result(book, Student("a", "王小明", "电商1班", "红队"), 80, 70, rt=12.5)
    result = run("leaderboard", "--exam", "e1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scope"] == {"kind": "exam", "id": "e1", "title": "期中考试"}
    assert data["frozen"] is False and data["hidden"] == 0 and data["team"] is False
    assert data["rows"] == [{"rank": 1, "student_id": "a", "name": "王小明",
                             "class_name": "电商1班", "team": "红队", "score": 75.0,
                             "response_time": 25.0, "finished_at": T10, "attempts": 1}]
    teams = json.loads(run("leaderboard", "--team", "--json").stdout)  # the only exam
    assert teams["rows"] == [{"rank": 1, "team": "红队", "score": 75.0, "members": 1,
                              "response_time": 25.0, "finished_at": T10}]


def test_cli_frozen_json(book):
    exam_result(book, Student("a", "A"), 80, 70, at=T12)
    data = json.loads(run("leaderboard", "--exam", "e1", "--freeze",
                          "2026-03-01T11:00+00:00", "--json").stdout)
    assert data["frozen"] is True and data["hidden"] == 2 and data["rows"] == []
    assert data["freeze_at"] == T11


def test_cli_table_shows_hostile_names_as_text(book):
    exam_result(book, Student("s1", "[bold red]坏人[/]\x1b[2J<script>", "c1"), 80, 80)
    result = run("leaderboard", "--exam", "e1")
    assert result.exit_code == 0, result.output
    assert "[bold red]坏人[/]" in result.stdout and "<script>" in result.stdout
    assert "\x1b" not in result.stdout
    assert "期中考试" in result.stdout and "80.0" in result.stdout
    assert "1:00" in result.stdout  # two replies of 30 s


def test_response_time_format():
    from simulator.ui_leaderboard import seconds

    assert [seconds(v) for v in (None, 12.4, 59.6, 3709)] == ["—", "12s", "1:00", "61:49"]


def test_cli_errors(book):
    assert run("leaderboard", "--exam", "nope").exit_code == 3
    assert run("leaderboard", "--exam", "e1", "--scenario", "s1").exit_code == 2
    assert run("leaderboard", "--exam", "e1", "--freeze", "later").exit_code == 2
    assert run("leaderboard", "--exam", "e1", "--watch", "--json").exit_code == 2
    not_tty = run("leaderboard", "--exam", "e1", "--watch")
    assert not_tty.exit_code == 2 and "终端" in not_tty.output
    assert run("leaderboard", "--exam", "e1", "--top", "0").exit_code == 2
    book.save_exam("e2", "期末考试", "hash2", "id: e2\n", ["s1"])
    two = run("leaderboard")
    assert two.exit_code == 2 and "e1, e2" in two.output
