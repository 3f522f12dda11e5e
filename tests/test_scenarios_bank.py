"""The built-in scenario bank: every scenario tests itself, lints clean, and the bank covers what
a term of practice needs (issue: "A scenario bank worth a semester")."""

from __future__ import annotations

from collections import Counter

import pytest

from scenarios.lint import lint
from scenarios.loader import load_all
from scenarios.model import STAGES
from scoring.judge import Judge
from simulator.scenario_tests import play, reachable_endings, run_scenario_tests

BANK, PROBLEMS = load_all()
BY_ID = {s.id: s for s in BANK}
IDS = sorted(BY_ID)
COVERAGE = {"bargainer": 6, "complainer": 8, "negative_reviewer": 6, "presale": 5,
            "aftersale": 3, "hostile": 2}


@pytest.fixture(scope="module")
def judge():
    return Judge()


def test_the_bank_loads_without_problems():
    assert PROBLEMS == []
    assert len(BANK) >= 30




@pytest.mark.parametrize("scenario_id", IDS)
def test_scenario_passes_its_own_scripts_and_the_bank_rules(scenario_id, judge):
    report = run_scenario_tests(BY_ID[scenario_id], judge)
    failures = [(s.name, s.outcome, s.score, s.failures) for s in report.scripts if not s.passed]
    rules = [r.to_json() for r in report.rules]
    assert failures == [] and rules == [], (failures, rules)


@pytest.mark.parametrize("scenario_id", IDS)
def test_scenario_lints_clean_and_is_complete(scenario_id):
    scenario = BY_ID[scenario_id]
    assert lint(scenario) == []
    assert scenario.stage in STAGES and 1 <= scenario.difficulty <= 3
    assert scenario.brief.strip() and scenario.persona.style.strip()
    good, bad = reachable_endings(scenario)
    assert len(good) >= 2 and len(bad) >= 2


def test_coverage_per_persona_type_matches_the_issue():
    counts = Counter(s.persona.type for s in BANK)
    for persona_type, minimum in COVERAGE.items():
        assert counts[persona_type] >= minimum, (persona_type, counts[persona_type])


def test_every_stage_is_practised_and_difficulties_vary():
    assert {s.stage for s in BANK} == set(STAGES)
    assert {s.difficulty for s in BANK} == {1, 2, 3}


def test_temperaments_differ_across_the_bank():
    temperaments = {(s.persona.temperament.patience, s.persona.temperament.decay) for s in BANK}
    assert len(temperaments) >= 8
    patience = [s.persona.temperament.patience for s in BANK]
    assert min(patience) <= 35 and max(patience) >= 75


@pytest.mark.parametrize("scenario_id", IDS)
def test_different_seeds_give_different_conversations(scenario_id, judge):
    scenario = BY_ID[scenario_id]
    model = next(t for t in scenario.tests if t.min_score is not None)
    conversations = set()
    for seed in range(8):
        session, _ = play(scenario, model.replies, seed, judge)
        conversations.add(tuple(turn["buyer"] for turn in session.data["turns"]))
    assert len(conversations) >= 2


def _ending(scenario_id, replies, judge):
    session, _ = play(BY_ID[scenario_id], replies, 0, judge)
    return session.data["outcome"]


def test_a_patient_buyer_forgives_one_slip(judge):
    # complain_size: patience 70, drops 3 a turn — one blaming reply, then an apology and help
    outcome = _ending("complain_size", [
        "你自己的问题",
        "实在抱歉,是我说话不妥。这款偏小,建议您换大一码,给您换成43码。",
        "请放心,申请换货后快递上门取件,有运费险,感谢您的耐心!",
    ], judge)
    assert outcome["good"], outcome


def test_an_impatient_buyer_leaves_after_one_slip(judge):
    # complain_quality: patience 35, drops 8 a turn — the same kind of slip ends it at once
    outcome = _ending("complain_quality", [
        "你自己的问题",
        "实在抱歉,是我说话不妥,请拍张照片给我看看。",
        "给您退货退款,运费我们承担,感谢您的理解!",
    ], judge)
    assert not outcome["good"], outcome


@pytest.mark.parametrize(("scenario_id", "violation"), [
    ("review_money_for_delete", "行,删差评给红包"),
    ("review_neutral_service", "给个五星好评返现5元"),
    ("hostile_fake_orders", "可以合作,加我微信详细说说"),
    ("review_pro_claimant", "别举报,加我微信私下转账给你"),
])
def test_platform_violations_end_badly(scenario_id, violation, judge):
    assert not _ending(scenario_id, [violation], judge)["good"]


def test_out_of_stock_needs_the_counter_question_not_a_bare_no(judge):
    bare = _ending("presale_out_of_stock", ["没有"], judge)
    counter = _ending("presale_out_of_stock", [
        "亲,金色卖完啦,我们有黑色、紫色、蓝色,您比较喜欢哪种呢?",
        "紫色很好看哦,请放心。", "现在拍下今天就给您发货,谢谢亲!"], judge)
    assert not bare["good"] and counter["good"]
