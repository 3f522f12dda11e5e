"""The buyer engine as a pure state machine: edges, patience, turn limit, seeds, replay."""

from __future__ import annotations

import pytest

from scenarios.loader import load_scenario
from scoring.judge import Judge
from simulator import engine
from simulator.session import Session, read_transcript

SCENARIO = """\
schema_version: 1
id: engine_probe
title: 引擎测试
stage: presale
difficulty: 1
brief: 测试用
max_turns: {max_turns}
persona:
  type: bargainer
  name: 小林
  temperament: {{patience: {patience}, decay: {decay}, sensitivity: {sensitivity}}}
context: {{product: 四件套, price: 199, floor_price: 179}}
slots:
  offer_value: {{label: 送赠品, phrases: [赠品, 包邮]}}
start: ask
nodes:
  ask:
    say: [第一句A, 第一句B, 第一句C, 第一句D]
    edges:
      - when: forbidden
        patience: -30
        goto: angry
      - when: {{slot: offer_value}}
        patience: 10
        goto: happy
      - when: silence
        patience: -20
        goto: ask
      - goto: ask
        patience: -3
  happy:
    say: [开心A, 开心B, 开心C, 开心D, 开心E]
    edges:
      - when: {{covered: offer_value}}
        goto: deal
      - goto: happy
  angry:
    say: 生气了
    edges:
      - when: apologized
        goto: ask
      - goto: left_angry
outcomes:
  deal: {{label: 成交, good: true, say: [好的拍了]}}
  left_angry: {{label: 生气离开, good: false}}
"""


@pytest.fixture(scope="module")
def judge():
    return Judge()


def make(tmp_path, patience=50, decay=5, max_turns=12, sensitivity=0):
    """``sensitivity`` 0: the reply's warmth moves nothing, so edges and decay show alone
    (tests/test_engine_listens.py has the reactions)."""
    path = tmp_path / "probe.yaml"
    path.write_text(SCENARIO.format(patience=patience, decay=decay, max_turns=max_turns,
                                    sensitivity=sensitivity), encoding="utf-8")
    return load_scenario(path)


def run(scenario, judge, replies, seed=1):
    state, line = engine.start(scenario, seed)
    steps = []
    for text in replies:
        state, step = engine.step(scenario, state, judge.observe(text, scenario.task()), seed)
        steps.append(step)
        if state.finished:
            break
    return state, line, steps


def test_first_matching_edge_wins(tmp_path, judge):
    scenario = make(tmp_path)
    # forbidden AND a gift: the forbidden edge is listed first, so it wins (a refusal with a
    # gift would be softened: 爱买不买 stays major)
    state, _, (step,) = run(scenario, judge, ["爱买不买,送您赠品"])
    assert step.edge == 0 and state.node == "angry"
    state, _, (step,) = run(scenario, judge, ["亲,送您赠品"])
    assert step.edge == 1 and state.node == "happy"


def test_default_edge_when_nothing_matches(tmp_path, judge):
    scenario = make(tmp_path)
    state, _, (step,) = run(scenario, judge, ["这款是新款"])
    assert step.edge == 3 and state.node == "ask" and not state.finished


def test_silence_is_an_empty_reply(tmp_path, judge):
    scenario = make(tmp_path)
    for text in ("", "   "):
        state, _, (step,) = run(scenario, judge, [text])
        assert step.edge == 2


def test_patience_changes_by_edge_minus_decay(tmp_path, judge):
    scenario = make(tmp_path, patience=50, decay=5)
    state, _, steps = run(scenario, judge, ["亲,送您赠品"])
    assert steps[0].patience_delta == 10 - 5 and state.patience == 55
    state, _, steps = run(scenario, judge, ["这款是新款", "这款是新款"])
    assert [s.patience_delta for s in steps] == [-8, -8] and state.patience == 34


def test_patience_never_goes_above_100(tmp_path, judge):
    scenario = make(tmp_path, patience=98, decay=0)
    state, _, _ = run(scenario, judge, ["亲,送您赠品"])
    assert state.patience == 100


def test_patience_zero_means_the_buyer_leaves(tmp_path, judge):
    scenario = make(tmp_path, patience=25, decay=5)
    state, _, steps = run(scenario, judge, [""])  # silence: -20 - 5 = 0
    assert state.patience == 0
    assert state.outcome == "buyer_left" and steps[-1].outcome == "buyer_left"


def test_an_outcome_edge_is_taken_even_at_zero_patience(tmp_path, judge):
    scenario = make(tmp_path, patience=10, decay=5)
    state, _, steps = run(scenario, judge, ["送您赠品", "包邮哦"])
    assert state.outcome == "deal" and steps[-1].buyer == "好的拍了"


def test_turn_limit_ends_with_buyer_left(tmp_path, judge):
    scenario = make(tmp_path, patience=100, decay=0, max_turns=3)
    state, _, steps = run(scenario, judge, ["这款是新款"] * 10)
    assert len(steps) == 3 and state.outcome == "buyer_left" and state.patience > 0


def test_finished_conversation_takes_no_more_replies(tmp_path, judge):
    scenario = make(tmp_path)
    state, _, _ = run(scenario, judge, ["送您赠品", "包邮哦"])
    assert state.outcome == "deal" and state.closing and not state.finished
    state, last = engine.step(scenario, state, judge.observe("谢谢亲", scenario.task()), 1)
    assert state.finished and last.buyer == "" and last.outcome == "deal"  # the last word
    with pytest.raises(ValueError):
        engine.step(scenario, state, judge.observe("你好", scenario.task()), 1)


def test_covered_remembers_earlier_replies(tmp_path, judge):
    scenario = make(tmp_path)
    state, _, steps = run(scenario, judge, ["送您赠品", "好的"])
    assert state.outcome == "deal"  # the second reply names no gift, but it was covered before


def test_seeds_pick_line_variants_deterministically(tmp_path):
    scenario = make(tmp_path)
    firsts = {seed: engine.start(scenario, seed)[1] for seed in range(40)}
    assert set(firsts.values()) == {"第一句A", "第一句B", "第一句C", "第一句D"}
    assert all(engine.start(scenario, seed)[1] == line for seed, line in firsts.items())


def test_same_seed_same_conversation_other_seed_differs(tmp_path, judge):
    scenario = make(tmp_path, patience=100, decay=0)
    replies = ["这款是新款", "送您赠品", "请问您要什么颜色", "哦"]

    def lines(seed):
        _, first, steps = run(scenario, judge, replies, seed)
        return [first] + [s.buyer for s in steps]

    assert lines(7) == lines(7)
    assert len({tuple(lines(seed)) for seed in range(10)}) > 1


def test_give_up_ends_with_buyer_left(tmp_path):
    scenario = make(tmp_path)
    state, _ = engine.start(scenario, 1)
    state, closing = engine.give_up(scenario, state, 1)
    assert state.outcome == "buyer_left" and closing == ""  # the probe's buyer_left says nothing


def test_resume_replays_to_the_same_state(tmp_path, judge):
    scenario = make(tmp_path, patience=100, decay=3)
    path = tmp_path / "t.json"
    session = Session.new(scenario, 11, judge, path)
    for text in ["这款是新款", "", "送您赠品"]:
        session.reply(text, latency=2.0)
    resumed = Session.resume(read_transcript(path), scenario, judge, tmp_path / "r.json")
    assert resumed.state == session.state
    assert resumed.buyer_line == session.buyer_line
    session.reply("包邮哦", 1.0)
    resumed.reply("包邮哦", 1.0)
    assert resumed.data["outcome"] == session.data["outcome"]
    assert resumed.score() == session.score()


@pytest.mark.parametrize(("when", "reply", "hit"), [
    ("silence", "", True),
    ("silence", "您好", False),
    ("forbidden", "爱买不买", True),
    ("forbidden", "不好意思,让您久等了", False),  # a polite look-alike
    ("{forbidden: impatience}", "爱买不买", True),
    ("{forbidden: insult}", "爱买不买", False),
    ("apologized", "非常抱歉", True),
    ("apologized", "您好", False),
    ("polite", "您好", True),
    ("polite", "好的", False),
    ("asked_question", "请问您要什么颜色?", True),
    ("asked_question", "好的", False),
    ("{slot: offer_value}", "可以送您赠品", True),
    ("{slot: offer_value}", "不能送赠品", False),  # negated
    ("{refused: offer_value}", "不能送赠品", True),
    ("{refused: offer_value}", "可以送您赠品", False),
    ("{intent: offer_refund}", "可以给您退款", True),  # shared intents work in any file
    ("{intent: offer_refund}", "不能退款", False),
    ("price_offered", "给您189元", True),
    ("price_below_floor", "给您150元", True),
    ("price_below_floor", "给您189元", False),
    ("{patience_below: 60}", "您好", True),  # the probe starts at 50
    ("{patience_below: 50}", "您好", False),
    ("{all: [apologized, {slot: offer_value}]}", "抱歉,送您赠品", True),
    ("{all: [apologized, {slot: offer_value}]}", "抱歉", False),
    ("{any: [apologized, {slot: offer_value}]}", "送您赠品", True),
    ("{not: forbidden}", "您好", True),
    ("{not: forbidden}", "爱买不买", False),
])
def test_detectors(tmp_path, judge, when, reply, hit):
    text = SCENARIO.format(patience=50, decay=5, max_turns=12, sensitivity=0).replace(
        "      - when: forbidden\n        patience: -30\n        goto: angry\n",
        f"      - when: {when}\n        goto: angry\n", 1)
    assert f"when: {when}\n" in text
    path = tmp_path / "probe.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    state, _ = engine.start(scenario, 1)
    assert engine.matches(scenario.nodes["ask"].edges[0].when,
                          judge.observe(reply, scenario.task()), state, scenario) is hit
