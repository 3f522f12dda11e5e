"""The reply input line (prompt-toolkit) fed through a pipe: keys, paste, history, waiting buyer."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("prompt_toolkit")

from prompt_toolkit.input import create_pipe_input  # noqa: E402
from prompt_toolkit.output import DummyOutput  # noqa: E402

from simulator import ui_input  # noqa: E402


@pytest.fixture
def pipe():
    with create_pipe_input() as inp:
        yield inp


def box(pipe, history=None):
    return ui_input.ReplyInput(history, input=pipe, output=DummyOutput())


def test_enter_sends(pipe):
    pipe.send_text("亲,您好\r")
    assert box(pipe).ask() == "亲,您好"


def test_alt_enter_makes_a_new_line(pipe):
    pipe.send_text("第一行\x1b\r第二行\r")  # Alt+Enter arrives as Esc, Enter
    assert box(pipe).ask() == "第一行\n第二行"


def test_bracketed_paste_keeps_lines_together(pipe):
    pipe.send_text("\x1b[200~您好,\r\n请稍等\x1b[201~\r")
    assert box(pipe).ask() == "您好,\n请稍等"


def test_history_recalls_earlier_replies(pipe):
    pipe.send_text("\x1b[A\r")  # arrow up, Enter
    assert box(pipe, ["上一条回复"]).ask() == "上一条回复"


def test_ctrl_c_and_ctrl_d(pipe):
    reply = box(pipe)
    pipe.send_text("\x03")
    with pytest.raises(KeyboardInterrupt):
        reply.ask()
    pipe.send_text("\x04")
    with pytest.raises(EOFError):
        reply.ask()


def test_the_buyer_stops_waiting_when_nothing_is_typed(pipe):
    started = time.monotonic()
    assert box(pipe).ask(idle_timeout=0.5) is None
    assert 0.4 < time.monotonic() - started < 5


def test_the_buyer_waits_while_the_student_types(pipe):
    def typist():
        for ch in "您好请稍等":
            time.sleep(0.3)
            pipe.send_text(ch)
        pipe.send_text("\r")

    thread = threading.Thread(target=typist)
    thread.start()
    started = time.monotonic()
    # 1.5 s of typing in all, longer than the timeout, but with a key every 0.3 s
    assert box(pipe).ask(idle_timeout=1.2) == "您好请稍等"
    assert time.monotonic() - started > 1.2
    thread.join()


def test_a_drill_takes_the_buyers_wait_as_silence(monkeypatch, capsys):
    """interactive(): a timed-out prompt becomes a silent turn with its waiting time."""
    from scenarios.loader import find
    from scoring.judge import Judge
    from simulator import chat as drill
    from simulator.paths import drills_dir
    from simulator.session import Session, read_transcript

    answers = iter([None, KeyboardInterrupt])
    seen = {}

    class FakeInput:
        def __init__(self, history):
            pass

        def ask(self, status=None, idle_timeout=None, nudges=()):
            seen["idle"] = idle_timeout
            seen.setdefault("nudges", [delay for delay, _ in nudges])
            answer = next(answers)
            if answer is KeyboardInterrupt:
                raise KeyboardInterrupt
            return answer

    monkeypatch.setattr(ui_input, "ReplyInput", FakeInput)
    judge = Judge()
    session = Session.new(find("bargain_others_discount"), 1, judge, drills_dir() / "t.json")
    with pytest.raises(KeyboardInterrupt):
        drill.interactive(session, coach=True)
    assert seen["idle"] == judge.rubric.zero_after
    wait = session.scenario.persona.temperament.wait  # the buyer 催s after wait and 2×wait
    assert seen["nudges"] == [wait, 2 * wait]
    turn = read_transcript(drills_dir() / "t.json")["turns"][0]
    assert turn["reply"] == "" and turn["observed"]["silence"] is True
    assert turn["latency"] is not None
    out = capsys.readouterr().out
    assert "买家等了" in out
    assert "沉默会让买家失去耐心" in out and "请稍等" in out  # the coach says what to do instead
