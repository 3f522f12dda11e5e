"""催: a buyer left waiting sends "在吗?"; each one costs patience at the reply, and a resumed or
re-scored transcript gives the same patience (the nudges are read back from the turn)."""

from __future__ import annotations

import json

import pytest
from nudge_helpers import LINES, REPLY, nudge_scenario

from scenarios.loader import load_scenario
from scenarios.model import PERSONA_TYPES
from scenarios.persona import nudge_defaults
from scoring.judge import Judge
from simulator import nudges
from simulator.engine import NUDGE_COST
from simulator.fileshape import FileProblems
from simulator.session import (
    Session,
    regrade_transcript,
    score_transcript,
)
from simulator.transcript import Transcript


def test_every_persona_type_has_a_default_wait_and_lines(tmp_path):
    defaults = nudge_defaults()
    assert set(defaults) == set(PERSONA_TYPES)
    assert all(d.wait >= 1 and d.lines for d in defaults.values())
    # a hostile buyer runs out of patience sooner than a presale shopper
    assert defaults["hostile"].wait < defaults["presale"].wait


def test_a_scenario_without_wait_or_nudge_gets_its_type_defaults(tmp_path):
    plain = load_scenario(nudge_scenario(tmp_path / "a", wait=None, nudge=None, ptype="hostile"))
    assert plain.persona.temperament.wait == nudge_defaults()["hostile"].wait
    assert plain.persona.nudge == nudge_defaults()["hostile"].lines
    own = load_scenario(nudge_scenario(tmp_path / "b", wait=7, ptype="hostile"))
    assert own.persona.temperament.wait == 7 and own.persona.nudge == LINES


def test_lines_are_seeded_and_differ_within_a_turn(tmp_path):
    scenario = load_scenario(nudge_scenario(tmp_path))
    first = [nudges.line(scenario, 5, 0, k) for k in range(2)]
    assert first == [nudges.line(scenario, 5, 0, k) for k in range(2)]  # deterministic
    assert sorted(first) == sorted(LINES)  # two different lines, not the same one twice
    orders = {tuple(nudges.line(scenario, seed, 0, k) for k in range(2)) for seed in range(20)}
    assert len(orders) == 2  # the seed chooses which comes first


def test_delays_count_from_when_the_line_was_shown():
    assert nudges.delays(30, 0) == [30, 60]
    assert nudges.delays(30, 1, elapsed=40) == [20]  # resumed exam: one sent, 40 s gone
    assert nudges.delays(30, 0, elapsed=100) == [0, 0]  # overdue: at once
    assert nudges.delays(30, 2) == []


def play(scenario, sent: int, path=None, replies=(REPLY,)) -> Session:
    """``sent`` 催 lines before the first reply, then ``replies``."""
    session = Session.new(scenario, 3, Judge(), path)
    for _ in range(sent):
        session.nudge()
    for text in replies:
        if not session.finished and not session.last_word:
            session.reply(text, latency=2.5)
    if session.last_word:
        session.reply("")  # no last word: the good ending stands
    return session


def test_each_nudge_costs_patience_at_the_reply(tmp_path):
    scenario = load_scenario(nudge_scenario(tmp_path))
    at_once, waited = play(scenario, 0), play(scenario, 2)
    turn = waited.data["turns"][0]
    assert len(turn["nudges"]) == 2 and all(isinstance(s, str) for s in turn["nudges"])
    assert "nudges" not in at_once.data["turns"][0]
    assert turn["patience_delta"] == at_once.data["turns"][0]["patience_delta"] - 2 * NUDGE_COST
    assert waited.state.patience == at_once.state.patience - 2 * NUDGE_COST
    assert waited.to_result()["turns"][0]["nudges"] == 2
    with pytest.raises(ValueError):  # at most two per turn
        s = Session.new(scenario, 3, Judge())
        s.nudge(), s.nudge(), s.nudge()


def test_nudges_that_empty_patience_make_the_buyer_leave_and_replay_agrees(tmp_path):
    vague_first = ("您好", REPLY)  # the first reply does not answer: the chat goes on
    probe = play(load_scenario(nudge_scenario(tmp_path / "p")), 0, replies=vague_first[:1])
    moved = probe.data["turns"][0]["patience_delta"]  # what that reply does to patience
    # patience that survives the first reply by exactly the cost of two nudges
    scenario = load_scenario(nudge_scenario(tmp_path, patience=2 * NUDGE_COST - moved))
    assert play(scenario, 0, replies=vague_first).data["outcome"]["good"] is True
    session = play(scenario, 2, tmp_path / "t.json", replies=vague_first)
    assert session.data["outcome"]["id"] == "buyer_left"
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    regraded = regrade_transcript(data, scenario, Judge(), finished=False)
    assert regraded.outcome_id == "buyer_left" and regraded.replay_matches  # the replay left
    assert score_transcript(data, scenario, Judge()) == session.data["score"]
    # without the nudges in the file the buyer would still be waiting for the next reply
    for turn in data["turns"]:
        turn.pop("nudges", None)
    assert regrade_transcript(data, scenario, Judge(), finished=False).outcome_id is None


def test_resume_reads_the_nudges_back(tmp_path):
    scenario = load_scenario(nudge_scenario(tmp_path, patience=80))
    live = Session.new(scenario, 3, Judge(), tmp_path / "t.json")
    live.nudge()
    live.reply("您好", latency=3.0)  # not the answer: the chat goes on
    live.nudge()  # waiting for the second reply: recorded at once (a crash keeps it)
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    resumed = Session.resume(data, scenario, Judge())
    assert resumed.state == live.state
    assert nudges.count(resumed.data["turns"][-1]) == 1
    resumed.reply(REPLY, latency=2.0)
    twin = Session.new(scenario, 3, Judge())  # the same chat without the second nudge
    twin.nudge()
    twin.reply("您好", latency=3.0)
    twin.reply(REPLY, latency=2.0)
    assert resumed.data["turns"][1]["patience_delta"] == \
        twin.data["turns"][1]["patience_delta"] - NUDGE_COST


@pytest.mark.parametrize("bad", [["x"], "2026-12-02T00:00:00Z", ["2026-12-02T00:00:00Z"] * 3])
def test_malformed_nudges_in_a_transcript_are_refused(tmp_path, bad):
    scenario = load_scenario(nudge_scenario(tmp_path))
    data = play(scenario, 1).data
    Transcript.from_json(data)
    data["turns"][0]["nudges"] = bad
    with pytest.raises(FileProblems) as caught:
        Transcript.from_json(data)
    assert all(p.path.startswith("turns[0].nudges") for p in caught.value.problems)


def test_replies_runs_have_no_nudges(kefu, tmp_path):
    path = nudge_scenario(tmp_path / "s")
    replies = tmp_path / "r.txt"
    replies.write_text(REPLY + "\n", encoding="utf-8")
    result = kefu("drill", "-s", path, "--replies", replies, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["outcome"]["good"] and all("nudges" not in t for t in out["turns"])
