"""The interactive drill in a pseudo-terminal, driven like a student at the keyboard."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

SCENARIO = "bargain_others_discount"
GOOD = [
    "亲,您好!非常理解您~这款已经是活动价了,不过我可以送您同款枕套一对,还包邮哦!",
    "请放心,这款是100%纯棉面料,亲肤透气,洗后不起球,还支持七天无理由退换。",
    "亲,现在拍下今天就给您发货,我帮您备注优先发出,感谢您的支持!",
    "亲,拍下后今天就给您发货,感谢您的支持!",
]


def spawn(*args, home: Path, env: dict | None = None):
    child = pexpect.spawn(
        sys.executable, ["-m", "simulator", *map(str, args)], encoding="utf-8", timeout=30,
        dimensions=(40, 120),
        env={**os.environ, "KEFU_HOME": str(home), "TERM": "xterm-256color",
             "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})},
        # as a terminal window starts it, even when the test run itself is under nohup
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL),
    )
    return child


def reply(child, text: str) -> None:
    """Type a reply and press Enter, once the input line is ready."""
    child.expect_exact("回复>")
    child.send(text)
    child.send("\r")


def ready_for_ctrl_c(child) -> None:
    """Wait until the input line is drawn: the terminal is then in the input's raw mode and
    Ctrl-C is a key the drill reads. Sent earlier, while the reply is still being judged, it
    arrives in whatever state the terminal is in while the input line is being set up or torn
    down — the suspected cause of this test failing under load (a ready marker, not a sleep)."""
    child.expect_exact("回复>")


def transcripts(home: Path) -> list[Path]:
    return sorted((home / "drills").glob("*.json"))


def wait_for(predicate, timeout=15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def finish(child, code: int = 0) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code, child.before
    return child.before


def replies_saved(home: Path) -> list[str]:
    (path,) = transcripts(home)
    data = json.loads(path.read_text(encoding="utf-8"))
    return [t["reply"] for t in data["turns"] if "reply" in t]


def test_drill_to_the_report_card(kefu_home):
    child = spawn("drill", "--scenario", SCENARIO, "--seed", "1", home=kefu_home)
    child.expect_exact("暖阳家居旗舰店")  # the window's title bar
    child.expect_exact("店铺最低只能卖到179元")  # the brief, rendered from the context
    child.expect_exact("买家耐心")
    reply(child, GOOD[0])
    child.expect_exact("教练点评")  # coach mode is on by default
    child.expect_exact("▲")  # the patience meter went up
    for text in GOOD[1:]:
        index = child.expect_exact(["回复>", "成绩单"])
        if index == 1:
            break
        child.send(text + "\r")
    else:
        child.expect_exact("成绩单")
    child.expect_exact("总分")
    child.expect_exact("对话记录")
    finish(child, 0)
    (path,) = transcripts(kefu_home)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["outcome"]["good"] is True
    answered = [t for t in data["turns"] if "reply" in t]
    assert answered and all(isinstance(t["latency"], float) and t["latency"] >= 0
                            for t in answered)
    assert "responsiveness" in data["score"]["dimensions"]  # timed, so it counts


def test_rude_drill_report_card_highlights_the_forbidden_words(kefu_home):
    child = spawn("drill", "-s", SCENARIO, "--seed", "2", home=kefu_home)
    reply(child, "不讲价")
    child.expect_exact("更好的说法")  # the coach gives the better phrasing
    child.expect_exact("▼")  # and the buyer's patience fell
    reply(child, "爱买不买")
    child.expect_exact("成绩单")
    child.expect_exact("(坏)")  # a bad outcome
    child.expect_exact("禁用语")  # the score by dimension
    child.expect_exact("对话记录")
    output = finish(child, 0)
    # in the transcript the forbidden words are marked white on red
    assert "\x1b[1;37;41m不讲价" in output and "\x1b[1;37;41m爱买不买" in output


def test_no_coach(kefu_home):
    child = spawn("drill", "-s", SCENARIO, "--seed", "1", "--no-coach", home=kefu_home)
    reply(child, "您好")
    child.expect_exact("买家耐心")
    assert "教练点评" not in child.before
    ready_for_ctrl_c(child)
    child.sendcontrol("c")
    finish(child, 130)


def test_ctrl_c_saves_and_says_how_to_resume(kefu_home):
    child = spawn("drill", "-s", SCENARIO, "--seed", "1", home=kefu_home)
    reply(child, "您好")
    child.expect_exact("买家耐心")
    child.expect_exact("回复>")
    child.send("这句还没发出")  # typed but not sent
    child.sendcontrol("c")
    child.expect_exact("kefu resume")
    finish(child, 130)
    assert replies_saved(kefu_home) == ["您好"]


def test_closed_terminal_loses_nothing_and_the_next_drill_mentions_resume(kefu_home):
    child = spawn("drill", "-s", SCENARIO, "--seed", "1", home=kefu_home)
    reply(child, "您好")
    child.expect_exact("买家耐心")
    child.expect_exact("回复>")
    child.kill(signal.SIGHUP)  # the terminal window was closed
    child.expect(pexpect.EOF)
    child.close()
    assert replies_saved(kefu_home) == ["您好"]
    child = spawn("drill", "-s", SCENARIO, home=kefu_home)
    child.expect_exact("kefu resume")  # a hint that the earlier drill can be continued
    child.expect_exact("回复>")
    child.sendcontrol("c")
    finish(child, 130)


def test_ctrl_d_pauses_too(kefu_home):
    child = spawn("drill", "-s", SCENARIO, "--seed", "1", home=kefu_home)
    child.expect_exact("回复>")
    child.sendcontrol("d")
    child.expect_exact("kefu resume")
    finish(child, 130)


def test_kill_9_then_resume_to_the_end(kefu_home):
    child = spawn("drill", "-s", SCENARIO, "--seed", "5", home=kefu_home)
    reply(child, GOOD[0])
    child.expect_exact("教练点评")
    assert wait_for(lambda: transcripts(kefu_home) and replies_saved(kefu_home) == [GOOD[0]])
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    child = spawn("resume", home=kefu_home)
    child.expect_exact("已回复 1 轮")
    child.expect_exact("同款枕套一对,还包邮哦")  # the earlier reply is shown again
    for text in GOOD[1:]:
        if child.expect_exact(["回复>", "成绩单"]) == 1:
            break
        child.send(text + "\r")
    else:
        child.expect_exact("成绩单")
    finish(child, 0)
    (path,) = transcripts(kefu_home)
    data = json.loads(path.read_text(encoding="utf-8"))
    saved = [t["reply"] for t in data["turns"] if "reply" in t]
    assert saved[0] == GOOD[0] and saved[1:] == GOOD[1:len(saved)]
    assert data["outcome"]["good"] is True
    # nothing left to resume
    child = spawn("resume", home=kefu_home)
    child.expect_exact("没有未完成的对练")
    finish(child, 3)


def test_picker_without_scenario(kefu_home):
    child = spawn("drill", "--seed", "1", home=kefu_home)
    child.expect_exact("选择一个场景")
    # the numbered table of scenarios came first; find our scenario's number
    table = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before)
    line = next(line for line in table.splitlines() if SCENARIO in line)
    number = "".join(ch for ch in line.split(SCENARIO)[0] if ch.isdigit())
    child.send("0\r")
    child.expect_exact("请输入 1 到")  # not a valid number: asked again
    child.send(number + "\r")
    child.expect_exact("暖阳家居旗舰店")
    child.expect_exact("回复>")
    child.sendcontrol("c")
    finish(child, 130)


def test_picker_takes_an_id(kefu_home):
    child = spawn("drill", home=kefu_home)
    child.expect_exact("选择一个场景")
    from scenarios.loader import find

    child.send("complain_late_delivery\r")
    child.expect_exact(find("complain_late_delivery").persona.name)
    child.expect_exact("回复>")
    child.sendcontrol("c")
    finish(child, 130)


def test_picker_ctrl_c_cancels(kefu_home):
    child = spawn("drill", home=kefu_home)
    child.expect_exact("选择一个场景")
    child.sendcontrol("c")
    child.expect_exact("已取消")
    finish(child, 130)
    assert transcripts(kefu_home) == []


def test_markup_and_escapes_typed_by_the_student_stay_text(kefu_home):
    child = spawn("drill", "-s", SCENARIO, "--seed", "1", home=kefu_home)
    reply(child, "[bold red]x[/] 您好")
    child.expect_exact("[bold red]x[/] 您好")  # shown literally in the bubble
    child.expect_exact("买家耐心")
    ready_for_ctrl_c(child)
    child.sendcontrol("c")
    finish(child, 130)
    assert replies_saved(kefu_home) == ["[bold red]x[/] 您好"]


def test_english_interface(kefu_home):
    child = spawn("--lang", "en", "drill", "-s", SCENARIO, "--seed", "1", home=kefu_home)
    child.expect_exact("Buyer patience")
    child.expect_exact("Reply>")
    child.send("您好\r")
    child.expect_exact("Coach")
    child.expect_exact("Reply>")
    child.sendcontrol("c")
    child.expect_exact("kefu resume")
    finish(child, 130)
