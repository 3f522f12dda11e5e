"""Session.retry: the last reply taken back once (practice drills), kept as retried, never
replayed or scored; the engine is where it was before that reply."""

from __future__ import annotations

import pytest

SCENARIO = "bargain_others_discount"
FIRST = "亲,您好!非常理解您~这款已经是活动价了,不过我可以送您同款枕套一对,还包邮哦!"


def new(mode="drill"):
    from scenarios.loader import find
    from scoring.judge import Judge
    from simulator.session import Session

    return Session.new(find(SCENARIO), 1, Judge(), mode=mode)


def test_retry_restores_the_engine_and_keeps_the_old_reply_unscored():
    from simulator.session import Session

    s = new()
    assert not s.can_retry()  # nothing answered yet
    s.reply("不打折")
    assert s.can_retry()
    s.retry()
    assert not s.can_retry() and s.data["turns"][-1]["retried"][0]["reply"] == "不打折"
    s.reply(FIRST)
    assert not s.can_retry()  # once a turn
    fresh = new()
    fresh.reply(FIRST)
    assert s.state == fresh.state and s.buyer_line == fresh.buyer_line
    marks = s.score()["marks"]
    assert not any(m.get("phrase") == "不打折" for m in marks)
    assert s.score() == fresh.score()
    again = Session.resume(s.data, s.scenario, s.judge)  # resume replays the same way
    assert again.state == s.state


def test_exams_never_retry():
    s = new(mode="exam")
    s.reply("不打折")
    assert not s.can_retry()
    with pytest.raises(ValueError):
        s.retry()
