"""The buyer listens: needs already met are not asked again, dodged questions are repeated (and
cost points), vague answers get a 追问, facts the student named come back in the buyer's lines,
warm and cold replies move patience differently, and the student has the last word."""

from __future__ import annotations

import pytest
from test_engine_rules import run

from scenarios.lint import lint
from scenarios.loader import load_scenario
from scoring.datafile import DataError
from scoring.judge import Judge
from simulator.session import Session, regrade_transcript

SCENARIO = """\
schema_version: 2
id: listens
title: 退货运费和到货时间
stage: aftersale
difficulty: 1
brief: 测试用
persona:
  type: aftersale
  name: 小周
  temperament: {patience: 60, decay: 2, sensitivity: SENS}
context: {product: 外套}
slots:
  shipping: {label: 说明运费谁出, intents: [cover_shipping]}
  eta: {label: 给出到账时间, intents: [give_eta], phrases: [到账]}
resolve: [shipping, eta]
start: ask_return
nodes:
  ask_return:
    say: ["这件{product}不合适,能退吗?"]
    edges:
      - {when: forbidden, patience: -30, goto: angry}
      - {goto: ask_shipping}
  ask_shipping:
    needs: [shipping]
    say: [那寄回去的运费谁出?]
    again: [我问的是运费谁出?]
    met: {say: [运费你们出那就行], goto: ask_eta}
    edges:
      - {when: forbidden, patience: -30, goto: angry}
      - {when: {slot: shipping}, goto: ask_eta}
      - {patience: -5, goto: ask_shipping}
  ask_eta:
    needs: [eta]
    say: [那退款多久能到?]
    again: [所以到底多久能到?]
    probe: [应该是多久?给个准话。]
    met:
      say:
        - {when: {fact: eta}, line: "{eta}能到就好"}
        - 好的
      goto: done
    edges:
      - {when: forbidden, patience: -30, goto: angry}
      - {when: {slot: eta}, goto: done}
      - {patience: -5, goto: ask_eta}
  angry:
    say:
      - {when: apologized, line: 道歉有什么用!}
      - 你这什么态度?
    edges:
      - {goto: left_angry}
outcomes:
  done:
    label: 顾客放心退货
    good: true
    say:
      - "行,那我等{eta}。"
      - 行,那我等着。
  left_angry: {label: 顾客生气离开, good: false}
"""


@pytest.fixture(scope="module")
def judge():
    return Judge()


def make(tmp_path, sensitivity=1, text=SCENARIO):
    path = tmp_path / "listens.yaml"
    path.write_text(text.replace("SENS", str(sensitivity)), encoding="utf-8")
    return load_scenario(path)


def play(scenario, judge, replies, seed=0):
    """Like test_engine_rules.run, with every buyer line: (state, lines, steps)."""
    state, first, steps = run(scenario, judge, replies, seed)
    return state, [first] + [s.buyer for s in steps], steps


def test_a_need_already_met_is_acknowledged_not_asked_again(tmp_path, judge):
    scenario = make(tmp_path)
    state, lines, steps = play(scenario, judge, [
        "亲,可以退的,来回运费都由我们承担,您放心。",
    ])
    # the shipping question is skipped with its acknowledgement; the buyer moves on
    assert lines[1] == "运费你们出那就行。那退款多久能到?"
    assert steps[0].skipped == ("ask_shipping",) and state.node == "ask_eta"
    # without the shipping answer, the buyer does ask it
    _, lines, _ = play(scenario, judge, ["亲,可以退的。"])
    assert lines[1] == "那寄回去的运费谁出?"


def test_a_dodged_question_is_asked_again_and_costs_points(tmp_path, judge):
    scenario = make(tmp_path)
    _, lines, steps = play(scenario, judge, ["亲,可以退的。", "您好,这款外套很多人买。"])
    assert lines[2] == "我问的是运费谁出?" and steps[1].repeated == ("shipping",)
    session = Session.new(scenario, 0, judge)
    for text in ["亲,可以退的。", "您好,这款外套很多人买。", "运费我们出的,您放心。"]:
        session.reply(text)
    marks = [m for m in session.score()["marks"] if m["rule"] == "dialogue.repeat_asked"]
    assert len(marks) == 1 and marks[0]["turn"] == 1 and marks[0]["points"] < 0
    assert "说明运费谁出" in marks[0]["message"]
    answered = Session.new(scenario, 0, judge)
    for text in ["亲,可以退的。", "运费我们出的,您放心。"]:
        answered.reply(text)
    assert answered.score()["dimensions"]["resolution"] > session.score()["dimensions"][
        "resolution"]


def test_a_vague_answer_gets_a_probe_not_the_same_question(tmp_path, judge):
    scenario = make(tmp_path)
    _, lines, steps = play(scenario, judge, ["亲,可以退的,运费我们承担。", "应该快了吧"])
    assert lines[2] == "应该是多久?给个准话。" and steps[1].repeated == ()


def test_facts_named_by_the_student_come_back_in_the_buyers_lines(tmp_path, judge):
    scenario = make(tmp_path)
    state, lines, _ = play(scenario, judge, [
        "亲,可以退的,运费我们承担。", "退款3个工作日内到账,请您放心。"])
    assert state.fact_map()["eta"] == "3个工作日内" and lines[-1] == "行,那我等3个工作日内。"
    # a fact named early lets the buyer skip the question and quote it
    _, lines, _ = play(scenario, judge, ["亲,可以退,运费我们出,退款预计后天到账。"])
    assert lines[1] == "运费你们出那就行。后天能到就好。行,那我等后天。"


def test_lines_follow_what_the_reply_did(tmp_path, judge):
    scenario = make(tmp_path)
    _, lines, _ = play(scenario, judge, ["非常抱歉,不能退,你自己看着办吧"])
    assert lines[1] == "道歉有什么用!"  # only after an apology
    _, lines, _ = play(scenario, judge, ["不能退,你自己看着办吧"])
    assert lines[1] == "你这什么态度?"  # no apology was given: no 道歉有屁用


def test_warm_and_cold_replies_never_move_patience_the_same(tmp_path, judge):
    scenario = make(tmp_path)
    warm = play(scenario, judge, ["您好亲,感谢您的信任,不着急,您主要担心哪方面呢?"])[2][0]
    cold = play(scenario, judge, ["能退"])[2][0]
    assert warm.edge == cold.edge and warm.patience_delta > cold.patience_delta
    assert dict(warm.reaction)["warmth"] > 0 and dict(cold.reaction)["cold"] < 0
    # a touchy buyer feels it more
    touchy = play(make(tmp_path, sensitivity=2), judge, ["能退"])[2][0]
    assert touchy.patience_delta < cold.patience_delta


def test_blame_costs_more_than_a_plain_refusal(tmp_path, judge):
    scenario = make(tmp_path)
    blame = play(scenario, judge, ["亲,您拍之前应该看一下尺码表的"])[2][0]
    assert dict(blame.reaction).get("blame", 0) < 0


def test_the_student_has_the_last_word_and_it_is_scored(tmp_path, judge):
    scenario = make(tmp_path)
    replies = ["亲,可以退的,运费我们承担。", "退款3个工作日内到账,请您放心。"]
    session = Session.new(scenario, 0, judge)
    for text in replies:
        session.reply(text)
    assert session.last_word and not session.finished
    assert session.buyer_line == "行,那我等3个工作日内。"
    session.reply("感谢您的耐心,祝您生活愉快,有问题随时找我!")
    assert session.finished and session.data["outcome"]["id"] == "done"
    closed = session.score()
    skipped = Session.new(scenario, 0, judge)
    for text in replies:
        skipped.reply(text)
    skipped.reply("")  # an empty last word: none was given
    assert skipped.finished and skipped.data["outcome"]["closing"] == "行,那我等3个工作日内。"
    assert all("reply" in t for t in skipped.data["turns"])
    assert closed["dimensions"]["politeness"] > skipped.score()["dimensions"]["politeness"]
    # a rude last word still counts as forbidden wording
    rude = Session.new(scenario, 0, judge)
    for text in replies + ["爱买不买"]:
        rude.reply(text)
    assert rude.score()["dimensions"]["forbidden"] < 100
    # and the score is the same from the file alone
    assert regrade_transcript(session.data, scenario, judge).score == closed


def test_needs_and_conditional_lines_are_checked_on_load(tmp_path):
    bad = SCENARIO.replace("goto: ask_eta}\n    edges", "goto: nowhere}\n    edges", 1)
    with pytest.raises(DataError) as info:
        make(tmp_path, text=bad)
    assert any(p.field == "nodes.ask_shipping.met.goto" for p in info.value.problems)
    only_fact = SCENARIO.replace('      - "行,那我等{eta}。"\n      - 行,那我等着。\n',
                                 '      - "行,那我等{eta}。"\n')
    with pytest.raises(DataError) as info:
        make(tmp_path, text=only_fact)
    assert any(p.field == "outcomes.done.say" and "without" in p.message
               for p in info.value.problems)
    v1 = SCENARIO.replace("schema_version: 2", "schema_version: 1").replace(
        "intents: [cover_shipping]", "phrases: [运费]").replace("intents: [give_eta], ", "")
    with pytest.raises(DataError) as info:
        make(tmp_path, text=v1)
    assert any(p.field == "nodes.ask_shipping.needs" and "schema_version 2" in p.message
               for p in info.value.problems)


def test_lint_warns_about_a_node_that_may_re_ask_a_need(tmp_path):
    no_met = SCENARIO.replace("    met: {say: [运费你们出那就行], goto: ask_eta}\n", "")
    problems = lint(make(tmp_path, text=no_met))
    assert [p.field for p in problems if "again" in p.message] == ["nodes.ask_shipping"]
    assert not [p for p in lint(make(tmp_path)) if "again" in p.message]
