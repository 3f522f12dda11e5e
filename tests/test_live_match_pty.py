"""模拟专场 at the terminal: ``kefu join`` in a pseudo-terminal plays the buyer from the persona
card, then the agent with kefu's coaching, while a classmate judges from another terminal."""

from __future__ import annotations

import io
import os
import sys
import time

import pytest
from live_helpers import LiveServer

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

SCENARIO = "aftersale_urge_shipping"


def _register(server, monkeypatch, home, sid, team):
    """The lab PC joins once (its key is kept in ``home``), so the match can pair it."""
    home.mkdir()
    monkeypatch.setenv("KEFU_HOME", str(home))
    server.client(patience=10).join(server.info["code"], sid, f"学生{sid}", "电商1班", team)


def _spawn(server, home, sid, team):
    return pexpect.spawn(
        sys.executable, ["-m", "simulator", "join", server.url, "--code", server.info["code"],
                         "--student", sid, "--name", f"学生{sid}", "--class", "电商1班",
                         "--team", team],
        encoding="utf-8", timeout=40, dimensions=(50, 140),
        env={**os.environ, "KEFU_HOME": str(home), "TERM": "xterm-256color",
             "PROMPT_TOOLKIT_NO_CPR": "1"})


def _move(client, role):
    state = client.match()
    assert state["role"] == role and state["conv"]["your_move"], state
    return state["conv"]


def _wait_move(client, role, tries=80):
    for _ in range(tries):
        state = client.match()
        if state.get("conv") and state["conv"]["your_move"] and state["role"] == role:
            return state["conv"]
        time.sleep(0.25)
    raise AssertionError(f"{role}'s move never came: {state}")


def test_a_match_played_and_judged_at_the_terminal(tmp_path, monkeypatch):
    server = LiveServer(f"sqlite:///{tmp_path / 'live.db'}").start()
    try:
        red = server.client(patience=10)
        red.join(server.info["code"], "r1", "学生r1", "电商1班", "红队")
        _register(server, monkeypatch, tmp_path / "pc_b1", "b1", "蓝队")
        _register(server, monkeypatch, tmp_path / "pc_j1", "j1", "")
        made = server.teacher("match", teams=["红队", "蓝队"], scenarios=[SCENARIO], rounds=2,
                              weights={"kefu": 0.5, "votes": 0.5})
        assert made.status_code == 200, made.text
        blue = _spawn(server, tmp_path / "pc_b1", "b1", "蓝队")
        blue.logfile_read = screen = io.StringIO()  # everything b1's terminal showed
        judge = _spawn(server, tmp_path / "pc_j1", "j1", "")
        # round 1: b1 plays the buyer from the card, picking its first line by number
        blue.expect_exact("模拟专场 第 1/2 轮")
        blue.expect_exact("你扮演买家")
        blue.expect_exact("可以用的话")
        blue.expect_exact("回复>")
        blue.send("1\r")  # the line is put in the input, to send as it is
        blue.expect_exact("回复>")
        blue.send("\r")
        conv = _wait_move(red, "agent")
        said = conv["turns"][-1]["buyer"]
        assert said and said in screen.getvalue()  # the card's first line, sent unchanged
        red.say(conv, "亲,您好!非常抱歉让您久等了,我马上帮您查询仓库,今天下午发出")
        blue.expect_exact("今天下午发出")  # the agent's reply reaches the buyer's terminal
        blue.expect_exact("回复>")
        blue.send("/end\r")
        # the classmate judges the agent's reply at their terminal
        judge.expect_exact("我马上帮您查询仓库")
        judge.expect_exact("给这条客服回复打分(1–5):")
        judge.send("5\r")
        head = {"Authorization": f"Bearer {server.info['teacher_token']}"}
        for _ in range(80):
            convs = server.get("/api/teacher", headers=head).json()["match"]["conversations"]
            if any(c["votes"] is not None for c in convs):
                break
            time.sleep(0.25)
        assert [c["votes"] for c in convs if c["votes"] is not None] == [100.0]
        assert server.teacher("match_next").json()["round"] == 2
        # round 2: roles swap; b1 answers as the agent and is coached by kefu
        conv = _wait_move(red, "buyer")
        red.say(conv, conv["card"]["lines"][0])
        blue.expect_exact("模拟专场 第 2/2 轮")
        blue.expect_exact("你当客服")
        blue.expect_exact("回复>")
        blue.send("您好亲,抱歉让您久等了,今天之内一定发出,单号发给您\r")
        blue.expect_exact("点评")
        # the classmate is asked about b1's reply too, and is still at the vote when the
        # teacher ends the match: the prompt closes and the result is shown
        judge.expect_exact("今天之内一定发出")
        judge.expect_exact("给这条客服回复打分(1–5):")
        _wait_move(red, "buyer")
        red.say(_move(red, "buyer"), None, end=True)
        final = server.teacher("match_next").json()
        assert final["ended"]
        for child in (blue, judge):
            child.expect_exact("模拟专场结果")
            child.expect_exact("蓝队")
            child.expect(pexpect.EOF)
            child.close()
            assert child.exitstatus == 0
    finally:
        server.stop()
