"""``kefu leaderboard --watch`` in a pseudo-terminal: it redraws when a result arrives and
Ctrl-C ends it with exit code 0."""

from __future__ import annotations

import os
import sys
import uuid

import pytest

from simulator.storage import Gradebook, NewAttempt, Student

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty


def result(book, student: Student, total: int) -> None:
    book.add_attempt(NewAttempt(
        uid=uuid.uuid4().hex, student_id=student.id, scenario_id="s1", scenario_hash="h",
        seed=1, transcript={"turns": []}, total=total, dimensions={"politeness": total},
        finished_at="2026-03-01T10:00:00.000Z", exam_id="e1", response_time=30.0), student)


def test_watch_redraws_and_ctrl_c_exits_cleanly(db_url, kefu_home):
    with Gradebook.open(db_url) as book:
        book.save_exam("e1", "期中考试", "h", "id: e1\n", ["s1"])
        result(book, Student("a", "甲同学"), 70)
        child = pexpect.spawn(
            sys.executable, ["-m", "simulator", "leaderboard", "--exam", "e1", "--watch",
                             "--interval", "0.3"],
            encoding="utf-8", timeout=20, dimensions=(30, 120),
            env={**os.environ, "KEFU_HOME": str(kefu_home), "KEFU_DB": db_url,
                 "TERM": "xterm-256color"})
        try:
            child.expect_exact("甲同学")
            result(book, Student("b", "乙同学"), 90)  # arrives while the board is shown
            child.expect_exact("乙同学")
            child.sendintr()
            child.expect(pexpect.EOF)
        finally:
            child.close()
    assert child.exitstatus == 0, child.before
    assert "Traceback" not in (child.before or "")
