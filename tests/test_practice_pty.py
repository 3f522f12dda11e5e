"""错题本 in a real terminal: the student sees the buyer's line, the old reply and what was wrong,
types a rewrite, and is told at once whether it is right."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from test_drill_pty import spawn

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty


def test_practice_asks_for_a_rewrite_and_scores_it(tmp_path):
    home = tmp_path / "home"
    script = tmp_path / "bad.txt"
    script.write_text("不打折\n嗯\n", encoding="utf-8")
    env = {**os.environ, "KEFU_HOME": str(home), "KEFU_STUDENT": "s01"}
    made = subprocess.run([sys.executable, "-m", "simulator", "drill", "-s",
                           "bargain_others_discount", "--seed", "1", "--replies", script,
                           "--json"], env=env, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    child = spawn("practice", home=home, env={"KEFU_STUDENT": "s01"})
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect_exact("回复>")
    shown = screen.getvalue()  # the buyer's line, the old reply and what was wrong
    assert "错题本" in shown and "这个纯棉四件套" in shown and "不打折" in shown
    child.send("您好亲,这款已经是活动价了,我给您申请个小赠品好吗?\r")
    child.expect_exact("写对了")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    again = subprocess.run([sys.executable, "-m", "simulator", "practice", "--replies", "-",
                            "--json"], input="", env=env, capture_output=True, text=True,
                           timeout=60)
    out = json.loads(again.stdout)
    assert out["left"] == 1  # good once: it stays until a second good day
