"""Scenario slots name shared intents (schema_version 2) and may add their own words; version 1
files with plain slot phrases keep loading and scoring as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenarios.loader import BUILTIN_DIR, load_all, load_scenario
from scenarios.skeleton import skeleton
from scoring import Judge
from scoring.intents import library

README = (BUILTIN_DIR.parent / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def judge():
    return Judge()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_builtin_scenario_names_shared_intents():
    scenarios, problems = load_all()
    assert problems == [] and len(scenarios) >= 30
    for scenario in scenarios:
        assert scenario.path and "schema_version: 2" in Path(scenario.path).read_text(
            encoding="utf-8"), scenario.id
        assert any(slot.intents for slot in scenario.slots), scenario.id
        for slot in scenario.slots:
            assert set(slot.intents) <= set(library().by_id), (scenario.id, slot.name)


def test_a_slot_is_done_by_its_intent_in_other_words_and_refused_when_refused(tmp_path, judge):
    text = skeleton("negative_reviewer")  # offer_fix: [offer_exchange, offer_resend, offer_refund]
    scenario = load_scenario(write(tmp_path / "s.yaml", text))
    task = scenario.task()
    assert "offer_fix" in judge.observe("给您退款可以吗?", task).covered()  # an offer as a question
    assert "offer_fix" in judge.observe("马上给您重新寄一个新的", task).covered()
    refused = judge.observe("仅退款我们这边没办法的哦", task)
    assert "offer_fix" not in refused.covered() and "offer_fix" in refused.refused_slots()
    assert "offer_fix" not in judge.observe("您要退款吗?", task).covered()  # only asked


def test_a_missed_intent_slot_suggests_an_example(tmp_path, judge):
    text = re.sub(r"    phrases: \[物流信息\].*\n", "", skeleton("complainer"), count=1)
    scenario = load_scenario(write(tmp_path / "s.yaml", text))
    [slot] = [s for s in scenario.slots if s.name == "check_logistics"]
    assert slot.phrases == () and slot.hint == library().by_id["check_logistics"].examples[0]
    score = judge.score([("好的", None)], scenario.task(), None)
    [missed] = [m for m in score.marks if m.rule == "slot.check_logistics"]
    assert slot.hint in missed.suggestion


def test_version_1_files_with_plain_phrases_keep_loading(tmp_path, judge):
    text = skeleton("bargainer").replace("schema_version: 2", "schema_version: 1", 1)
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("intents:"))
    scenario = load_scenario(write(tmp_path / "old.yaml", text))
    assert all(not slot.intents for slot in scenario.slots)
    assert "offer_value" in judge.observe("亲,送您一个杯套", scenario.task()).covered()


def test_the_readme_lists_every_intent():
    for intent in library().intents:
        assert f"| `{intent.id}` |" in README, intent.id


@pytest.mark.parametrize(("scenario", "reply", "slot"), [
    ("review_neutral_service", "非常感谢您抽空给我们反馈", "thank_feedback"),
    ("presale_scarcity_close", "今天下午4点前拍下当天就能发出", "urgency"),
    ("bargain_change_price", "拍好后我帮您核对一下收货地址和电话", "confirm_address"),
    ("review_bad_already_left", "请问拉链是怎么坏的呢", "ask_details"),
    ("complain_quality", "运费是我们出的", "cover_cost"),
    ("review_unfair", "您说得对,错在我们", "understand"),
    ("review_unfair", "换成我也会很生气", "understand"),
])
def test_the_builtin_bank_credits_the_issues_other_words(judge, scenario, reply, slot):
    from scenarios.loader import find

    assert slot in judge.observe(reply, find(scenario).task()).covered()


@pytest.mark.parametrize(("scenario", "reply", "slot"), [
    ("complain_wrong_item", "您确定下单时选的是白色M码吗?", "resend"),
    ("review_threat", "仅退款我们这边没办法的哦", "fair_offer"),
    ("complain_color", "图片和实物多少会有点色差的", "ask_photo"),
    ("complain_color", "图片和实物多少会有点色差的", "explain"),
    ("bargain_ask_gift", "这款保温杯现在有货哦", "explain_value"),
])
def test_the_builtin_bank_no_longer_credits_look_alikes(judge, scenario, reply, slot):
    from scenarios.loader import find

    assert slot not in judge.observe(reply, find(scenario).task()).covered()
