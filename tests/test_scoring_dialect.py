"""Cantonese written forms are read as Mandarin before matching; offsets stay in the original."""

import pytest

from scoring import Judge


@pytest.fixture(scope="module")
def judge():
    return Judge()


@pytest.mark.parametrize(("text", "rule", "phrase"), [
    ("唔講價㗎，全部都係實價", "refusal.no_bargain", "唔講價"),
    ("冇辦法啦，已經出咗貨", "refusal.no_way", "冇辦法"),
    ("你睇清楚先啦", "blame.read_yourself", "你睇清楚"),
])
def test_cantonese_forbidden_wording_is_caught_at_its_own_characters(judge, text, rule, phrase):
    hits = judge.check(text).to_json()["forbidden"]
    hit = next(h for h in hits if h["rule"] == rule)
    assert hit["phrase"] == phrase == text[hit["start"]:hit["end"]]


def test_cantonese_politeness_counts(judge):
    result = judge.check("唔好意思，唔該晒你嘅耐心")
    assert {"apology", "thanks"} <= result.categories()
    assert not result.forbidden


def test_cantonese_refusing_a_violation_is_not_a_violation(judge):
    assert not judge.check("唔好意思，我哋唔可以私下交易㗎").major()


def test_mandarin_look_alikes_stay_clean(judge):
    assert not judge.check("亲，不知不觉都到年底了").major()
    assert not judge.check("系统显示已经发货了").major()


def test_traditional_guanxi_is_not_read_as_cantonese_shi(judge):
    # 係 alone is Cantonese 是, but in 關係 it is the Traditional 系: 跟我們沒關係 is blame
    hits = judge.check("這個是快遞摔壞的，跟我們沒關係").to_json()["forbidden"]
    assert [h["phrase"] for h in hits if h["rule"] == "blame.not_our_fault"] == ["跟我們沒關係"]
    assert not judge.check("沒關係的，我們幫您補發").major()
