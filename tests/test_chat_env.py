"""The drill loop driven in-process through an :class:`simulator.env.Env`: its own streams, reply
input and clock. Latencies and the response-time score come from the Env's clock, not the
process's."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace

from scenarios.loader import find
from scoring.judge import Judge
from simulator.chat import interactive
from simulator.env import Env
from simulator.session import Session


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class ScriptedInput:
    """Types each reply after ``seconds`` on the fake clock, then ends the input (Ctrl-D)."""

    def __init__(self, clock: FakeClock, replies: list[str], seconds: float) -> None:
        self.clock, self.replies, self.seconds = clock, list(replies), seconds
        self.typing: dict = {}

    def ask(self, status=None, idle_timeout=None, nudges=()):
        if not self.replies:
            raise EOFError
        self.clock.now += self.seconds
        return self.replies.pop(0)


def drill(tmp_path, seconds: float) -> tuple[Session, str]:
    scenario = find("bargain_others_discount")
    model = next(t for t in scenario.tests if t.kind == "model")
    clock = FakeClock()
    out = io.StringIO()
    env = replace(Env.from_process(), stdin=io.StringIO(), stdout=out, stderr=io.StringIO(),
                  is_tty=False, clock=clock, data_dir=tmp_path,
                  reply_input=lambda history: ScriptedInput(clock, list(model.replies), seconds))
    session = Session.new(scenario, model.seed, Judge(), tmp_path / f"d{seconds}.json")
    with contextlib.suppress(KeyboardInterrupt):  # the input ran out (Ctrl-D pauses)
        interactive(session, coach=True, env=env)
    return session, out.getvalue()


def test_latencies_and_response_time_come_from_the_env_clock(tmp_path):
    quick, screen = drill(tmp_path, 8.0)
    slow, _ = drill(tmp_path, 170.0)
    replied = [turn for turn in quick.data["turns"] if "reply" in turn]
    model = next(t for t in quick.scenario.tests if t.kind == "model")
    assert [turn["reply"] for turn in replied] == list(model.replies)[:len(replied)]
    assert replied and all(turn["latency"] == 8.0 for turn in replied)
    assert all(turn["latency"] == 170.0 for turn in slow.data["turns"] if "reply" in turn)
    assert quick.data["turns"][0]["buyer"][:6] in screen  # drawn on the Env's stdout
    fast_time = quick.score()["dimensions"]["responsiveness"]
    slow_time = slow.score()["dimensions"]["responsiveness"]
    assert fast_time > slow_time
