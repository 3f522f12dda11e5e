"""粘贴 in a pseudo-terminal: a bracketed paste is recorded on the turn and marked for the
teacher; the same kind of reply typed key by key is not."""

from __future__ import annotations

import json
import os
import sys
import time

import pytest
from exam_helpers import run, scenario_script, write_exam

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty


def test_a_pasted_block_is_marked_and_typing_is_not(tmp_path, kefu_home):
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    good = scenario_script("good")
    child = pexpect.spawn(
        sys.executable, ["-m", "simulator", "exam", "take", str(exam), "--student", "s01",
                         "--name", "王小明", "--class", "1班", "--out", str(out)],
        encoding="utf-8", timeout=30, dimensions=(40, 120),
        env={**os.environ, "KEFU_HOME": str(kefu_home), "TERM": "xterm-256color",
             "PROMPT_TOOLKIT_NO_CPR": "1"})
    child.expect_exact("回复>")
    time.sleep(0.5)
    child.send("\x1b[200~" + good[0] + "\x1b[201~")  # pasted in one block
    time.sleep(0.3)
    child.send("\r")
    for line in good[1:]:
        child.expect_exact("回复>")
        for ch in line:  # typed, one key at a time
            child.send(ch)
            time.sleep(0.12)
        child.send("\r")
    child.expect_exact("回一句收尾")
    child.expect_exact("回复>")
    child.send("\r")  # no last word
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = json.loads((out / "mid1-s01.kefu.json").read_text(encoding="utf-8"))
    turns = [t for t in data["sittings"][0]["transcripts"][0]["turns"] if "reply" in t]
    assert turns[0]["reply"] == good[0] and turns[0]["pasted"] is True
    assert turns[0]["typing"]["pasted_chars"] == len(good[0])
    assert all("pasted" not in t for t in turns[1:])
    assert turns[1]["typing"]["keys"] == len(good[1])

    assert run("exam", "collect", exam, out, "--json").exit_code == 0
    [detail] = json.loads(run("grades", "mid1", "--json").stdout)["detail"]
    assert detail["pasted"] == [1]  # the teacher sees the paste, not the typed replies
