"""A practice drill's retry: after the coaching the student may answer the last line again
once (/重答); the old reply stays in the transcript as retried, unscored and never replayed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

SCENARIO = "bargain_others_discount"
FIRST = "亲,您好!非常理解您~这款已经是活动价了,不过我可以送您同款枕套一对,还包邮哦!"


def spawn(home: Path):
    return pexpect.spawn(
        sys.executable, ["-m", "simulator", "drill", "-s", SCENARIO, "--seed", "1"],
        encoding="utf-8", timeout=30, dimensions=(40, 120),
        env={**os.environ, "KEFU_HOME": str(home), "TERM": "xterm-256color",
             "PROMPT_TOOLKIT_NO_CPR": "1"})


def reply(child, text: str) -> None:
    child.expect_exact("回复>")
    child.send(text + "\r")


def test_retry_the_last_turn_once_after_coaching(kefu_home):
    child = spawn(kefu_home)
    reply(child, "不打折")
    child.expect_exact("/重答")  # the coaching offers a retry
    reply(child, "/重答")
    child.expect_exact("重答上一轮")
    reply(child, FIRST)
    child.expect_exact("回复>")
    assert "/重答" not in child.before  # that turn was retried: no second offer
    child.send("/重答\r")
    child.expect_exact("这一轮不能重答")  # refused, and nothing was sent to the buyer
    child.expect_exact("回复>")
    child.send("\x03")  # Ctrl-C pauses; the transcript is on disk
    child.expect(pexpect.EOF)
    child.close()
    [path] = sorted((kefu_home / "drills").glob("*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    turns = data["turns"]
    assert len(turns) == 2 and "reply" not in turns[1]
    assert turns[0]["reply"] == FIRST
    assert [r["reply"] for r in turns[0]["retried"]] == ["不打折"]

    from scenarios.loader import find
    from scoring.judge import Judge
    from simulator.session import Session, replay

    scenario = find(SCENARIO)
    played = replay(data, scenario, Judge())
    assert [t["reply"] for t in played.consumed] == [FIRST]  # the retried reply is not replayed
    fresh = Session.new(scenario, 1, Judge())  # as if FIRST had been the only reply
    fresh.reply(FIRST)
    assert turns[0]["patience_after"] == fresh.data["turns"][0]["patience_after"]
    assert turns[1]["buyer"] == fresh.data["turns"][1]["buyer"]
    assert played.state == fresh.state
