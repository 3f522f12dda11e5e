"""An exam in a pseudo-terminal: timers under the prompt, kill -9, the same command resumes."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sys
import time

import pytest
from exam_helpers import scenario_script, write_exam

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty


def spawn(exam, out, home):
    return pexpect.spawn(
        sys.executable,
        ["-m", "simulator", "exam", "take", str(exam), "--student", "s01", "--name",
         "[red]王[/red]", "--class", "1班", "--out", str(out)],
        encoding="utf-8", timeout=30, dimensions=(40, 120),
        env={**os.environ, "KEFU_HOME": str(home), "TERM": "xterm-256color",
             "PROMPT_TOOLKIT_NO_CPR": "1"})


def replies_on_disk(path) -> list[str]:
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [t["reply"] for s in data["sittings"] for tr in s["transcripts"]
            for t in tr["turns"] if "reply" in t]


def test_kill_mid_exam_then_the_same_command_resumes(tmp_path, kefu_home):
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    result = out / "mid1-s01.kefu.json"
    good = scenario_script("good")

    child = spawn(exam, out, kefu_home)
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect_exact("[red]王[/red]")  # the name is shown as typed, not as markup
    child.expect_exact("回复>")
    time.sleep(1.5)  # the timer line under the prompt refreshes every second
    child.send(good[0] + "\r")
    end = time.monotonic() + 15
    while time.monotonic() < end and replies_on_disk(result) != good[:1]:
        time.sleep(0.1)
    assert replies_on_disk(result) == good[:1]
    os.kill(child.pid, signal.SIGKILL)
    child.close()
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "限时 60 秒" in plain and "考试剩余" in plain

    child = spawn(exam, out, kefu_home)
    for line in good[1:]:
        child.expect_exact("回复>")
        child.send(line + "\r")
    # the buyer ended well: the student has the last word, and it is kept and scored
    child.expect_exact("回一句收尾")
    child.expect_exact("回复>")
    closing = "感谢您的支持,祝您生活愉快!"
    child.send(closing + "\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = json.loads(result.read_text(encoding="utf-8"))
    [sitting] = data["sittings"]
    [transcript] = sitting["transcripts"]
    assert transcript["outcome"]["good"] and sitting["finished_at"]
    assert replies_on_disk(result) == good + [closing]
    assert all(isinstance(t["latency"], float) for t in transcript["turns"] if "reply" in t)


def test_ctrl_c_and_taking_again_keeps_the_reply_timer_and_exam_wording(tmp_path, kefu_home):
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    result = out / "mid1-s01.kefu.json"
    good = scenario_script("good")

    child = spawn(exam, out, kefu_home)
    child.expect_exact("回复>")
    child.send(good[0] + "\r")
    end = time.monotonic() + 15
    while time.monotonic() < end and replies_on_disk(result) != good[:1]:
        time.sleep(0.1)
    child.expect_exact("回复>")
    time.sleep(3)  # thinking about reply 2 ...
    child.sendintr()  # ... then Ctrl-C
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn(exam, out, kefu_home)
    screen = io.StringIO()
    child.logfile_read = screen
    for line in good[1:]:
        child.expect_exact("回复>")
        child.send(line + "\r")
    child.expect_exact("回一句收尾")
    child.send("\r")  # Enter skips the last word
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "继续这道考题" in plain and "本题结束" in plain
    assert "继续上次的对练" not in plain and "对练结束" not in plain
    data = json.loads(result.read_text(encoding="utf-8"))
    turns = [t for t in data["sittings"][0]["transcripts"][0]["turns"] if "reply" in t]
    assert turns[1]["latency"] >= 3  # the time before Ctrl-C counts
