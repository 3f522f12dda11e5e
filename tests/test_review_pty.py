"""The review screen in a real pseudo-terminal: keys move, decide and quit."""

from __future__ import annotations

import json
import os
import sys

import pytest
from exam_helpers import run, take, write_exam

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty


def test_review_screen_in_a_terminal(tmp_path, kefu_home):
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    assert take(exam, "s01", ["不打折", "你去别家吧"], out, name="[red]王[/red]").exit_code == 0
    assert run("exam", "collect", exam, out).exit_code == 0
    child = pexpect.spawn(sys.executable, ["-m", "simulator", "grades", "review", "mid1"],
                          encoding="utf-8", timeout=30, dimensions=(30, 120),
                          env={**os.environ, "KEFU_HOME": str(kefu_home),
                               "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"})
    child.expect_exact("教师复核")
    child.expect_exact("[red]王[/red]")  # a name is text, never markup
    child.expect_exact("不打折")
    child.send("j")  # the next reply, and back
    child.expect_exact("你去别家吧")
    child.send("k")
    child.send("f")
    child.expect_exact("1. insult")
    child.send("2")  # refusal
    child.expect_exact("原因")
    child.send("生硬拒绝\r")
    child.expect_exact("已记录")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = json.loads(run("grades", "mid1", "--json").stdout)
    assert [(r["action"], r["target"], r["reason"], r["turn"]) for r in data["reviews"]] == \
        [("forbidden", "refusal", "生硬拒绝", 1)]
