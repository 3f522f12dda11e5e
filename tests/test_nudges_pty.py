"""催 at the keyboard: a buyer left waiting sends "在吗?" above the input line, twice at most,
in drills and in exams; the patience lost shows in the transcript."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from exam_helpers import take, write_exam
from nudge_helpers import LINES, REPLY, nudge_scenario

from simulator.engine import NUDGE_COST

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(*args, home, env=None):
    return pexpect.spawn(
        sys.executable, ["-m", "simulator", *map(str, args)], encoding="utf-8", timeout=30,
        dimensions=(40, 120),
        env={**os.environ, "KEFU_HOME": str(home), "TERM": "xterm-256color",
             "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})})


def expect_both_nudges(child) -> None:
    """The two 催 lines, one after the other (the seed picks the order)."""
    first = child.expect_exact(list(LINES))
    child.expect_exact("已催 1 次")
    child.expect_exact(LINES[1 - first])
    child.expect_exact("已催 2 次")


def skip_last_word(child) -> None:
    """After the good ending the buyer is leaving: nobody 催s for the last word; skip it."""
    child.expect_exact("回一句收尾")
    child.expect_exact("回复>")
    assert child.expect_exact([*LINES, pexpect.TIMEOUT], timeout=2.5) == len(LINES)
    child.send("\r")


def test_a_waiting_buyer_nudges_twice_and_it_costs_patience(kefu_home, tmp_path):
    path = nudge_scenario(tmp_path / "s", wait=1)
    child = spawn("drill", "-s", path, "--seed", "1", home=kefu_home)
    child.expect_exact("回复>")
    child.send("亲,")  # typing has started: the 催 lines must not wipe it out
    expect_both_nudges(child)
    child.send(REPLY.removeprefix("亲,") + "\r")
    child.expect_exact("催了 2 次")  # the coach says what the waiting cost
    skip_last_word(child)
    child.expect_exact("成绩单")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (saved,) = (kefu_home / "drills").glob("*.json")
    [turn] = [t for t in json.loads(saved.read_text(encoding="utf-8"))["turns"] if "reply" in t]
    assert turn["reply"] == REPLY  # what was typed before the 催 was kept
    assert len(turn["nudges"]) == 2

    # the same reply sent at once: no 催, more patience left
    replies = tmp_path / "r.txt"
    replies.write_text(REPLY + "\n", encoding="utf-8")
    at_once = subprocess.run(
        [sys.executable, "-m", "simulator", "drill", "-s", str(path), "--seed", "1",
         "--replies", str(replies), "--json"], capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, "KEFU_HOME": str(tmp_path / "home2")}, check=True)
    [quick] = json.loads(at_once.stdout)["turns"][:1]
    assert turn["patience_after"] == quick["patience_after"] - 2 * NUDGE_COST


def test_exams_get_nudges_too(kefu_home, tmp_path):
    folder = tmp_path / "bank"
    nudge_scenario(folder, wait=1)
    exam = write_exam(tmp_path, scenarios="\n  - nudge_mini")
    out = tmp_path / "out"
    child = spawn("exam", "take", exam, "--student", "s01", "--name", "王", "--class", "1班",
                  "--out", out, home=kefu_home, env={"KEFU_SCENARIOS": str(folder)})
    child.expect_exact("回复>")
    expect_both_nudges(child)
    child.send(REPLY + "\r")
    skip_last_word(child)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, ANSI.sub("", child.before)
    data = json.loads((out / "mid1-s01.kefu.json").read_text(encoding="utf-8"))
    [turn] = [t for t in data["sittings"][0]["transcripts"][0]["turns"] if "reply" in t]
    assert len(turn["nudges"]) == 2
    # another student sends the same reply at once (no clock, no 催): more patience left
    quick = take(exam, "s02", [REPLY], out, extra=("--scenarios", folder))
    assert quick.exit_code == 0, quick.output
    data = json.loads((out / "mid1-s02.kefu.json").read_text(encoding="utf-8"))
    [at_once] = [t for t in data["sittings"][0]["transcripts"][0]["turns"] if "reply" in t]
    assert "nudges" not in at_once
    assert turn["patience_after"] == at_once["patience_after"] - 2 * NUDGE_COST
