"""``kefu join`` in a pseudo-terminal: a student's client killed mid-turn comes back with the
same command, the conversation where the server has it."""

from __future__ import annotations

import os
import signal
import sys

import pytest
from live_helpers import LiveServer

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

SCENARIO = "aftersale_urge_shipping"


def spawn(server, home):
    return pexpect.spawn(
        sys.executable, ["-m", "simulator", "join", server.url, "--code", server.info["code"],
                         "--student", "s01", "--name", "王小明", "--class", "电商1班",
                         "--scenario", SCENARIO, "--seed", "3"],
        encoding="utf-8", timeout=40, dimensions=(40, 120),
        env={**os.environ, "KEFU_HOME": str(home), "TERM": "xterm-256color",
             "PROMPT_TOOLKIT_NO_CPR": "1"})


def test_a_client_killed_mid_turn_resumes_with_kefu_join(tmp_path, monkeypatch):
    server = LiveServer(f"sqlite:///{tmp_path / 'live.db'}").start()
    home = tmp_path / "lab_pc"
    home.mkdir()
    try:
        child = spawn(server, home)
        child.expect_exact("回复>")
        child.send("亲,您好,非常抱歉让您久等了\r")
        child.expect_exact("点评")  # the server's coaching on the first reply
        child.expect_exact("回复>")
        child.send("我马上帮您查")  # typed, not sent: the PC dies mid-turn
        child.kill(signal.SIGKILL)
        child.close()
        child = spawn(server, home)
        child.expect_exact("已回复 1 轮")
        child.expect_exact("亲,您好,非常抱歉让您久等了")  # the history, from the server
        child.expect_exact("回复>")
        child.send("我马上帮您查询仓库,今天下午发货,单号发给您\r")
        child.expect_exact("回复>")
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 130
        client = server.client()
        monkeypatch.setenv("KEFU_HOME", str(home))  # the same PC: its stored key
        client.join(server.info["code"], "s01", "王小明", "电商1班", "")
        replies = [t["reply"] for t in client.transcripts()[0]["turns"] if "reply" in t]
        client.close()
        assert replies == ["亲,您好,非常抱歉让您久等了", "我马上帮您查询仓库,今天下午发货,单号发给您"]
    finally:
        server.stop()
