"""A finished drill killed before its history row was written is recorded from its transcript
by the next ``kefu history``, ``kefu resume`` or drill."""

from __future__ import annotations

import json

import pytest

from scenarios.loader import find
from scoring.judge import Judge
from simulator.paths import drills_dir
from simulator.session import Session

SCENARIO = "bargain_others_discount"


def killed_after_finishing(name: str = "d1.json") -> Session:
    """What kill -9 between saving the finished transcript and recording it leaves behind."""
    session = Session.new(find(SCENARIO), 3, Judge(), drills_dir() / name)
    session.reply("您好,亲!请问有什么可以帮您?", latency=6.0)
    session.give_up()
    assert session.finished and json.loads(session.path.read_text(encoding="utf-8"))["score"]
    return session


def history(kefu) -> dict:
    result = kefu("history", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_history_catches_up_on_a_finished_drill(kefu):
    session = killed_after_finishing()
    summary = history(kefu)
    assert summary["count"] == 1
    assert summary["attempts"][0]["total"] == session.data["score"]["total"]
    assert history(kefu)["count"] == 1  # once only


@pytest.mark.parametrize("command", [
    ("resume",),
    ("drill", "-s", SCENARIO, "--replies", "-", "--json"),
])
def test_resume_and_the_next_drill_catch_up(kefu, command):
    killed_after_finishing()
    result = kefu(*command, input="您好\n")
    if command[0] == "resume":
        assert result.returncode == 3 and "没有未完成的对练" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
    summary = history(kefu)
    assert summary["count"] == (1 if command[0] == "resume" else 2)


def test_only_new_transcripts_are_read_again(kefu):
    import os
    import time

    from simulator import recording

    old = killed_after_finishing("d1.json").path
    os.utime(old, (time.time() - 60, time.time() - 60))  # a drill of a minute ago
    assert history(kefu)["count"] == 1
    assert [p.name for p in recording.pending(drills_dir())] == []  # after the pass: nothing
    killed_after_finishing("d2.json")
    assert [p.name for p in recording.pending(drills_dir())] == ["d2.json"]
    assert history(kefu)["count"] == 2


def test_history_on_a_fresh_pc_creates_no_gradebook(kefu, kefu_home):
    result = kefu("history")
    assert result.returncode == 0 and "还没有记录" in result.stdout
    assert not (kefu_home / "kefu.db").exists()
