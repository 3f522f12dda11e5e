"""Clause analysis (scoring/clauses.py): clause cuts, negation scope, questions, conditions and
quotations, on the replies issue 11 names."""

from __future__ import annotations

import pytest

from scoring import Judge
from scoring.clauses import analyse


def scopes(text: str) -> list[tuple[str, str]]:
    a = analyse(text)
    return [(text[s.cue[0]:s.cue[1]], text[s.span[0]:s.span[1]])
            for c in a.clauses for s in c.negations]


def polarity(text: str, phrase: str) -> str:
    start = text.index(phrase)
    return analyse(text).polarity(start, start + len(phrase))


@pytest.mark.parametrize("text, expected", [
    ("我们店铺不参与刷单、刷好评,这违反淘宝平台规则", [("不参与", "刷单、刷好评")]),
    ("平台规则明确不允许用钱换评价", [("不允许", "用钱换评价")]),
    ("我们不刷单也不返现", [("不", "刷单"), ("不", "返现")]),
    ("不是纯羊毛,而是羊毛和棉混纺", [("不是", "纯羊毛")]),
    ("不是纯羊毛而是羊毛和棉混纺", [("不是", "纯羊毛")]),
    ("发票不给开", [("不给", "开")]),
    ("过了七天了,退不了", [("不了", "退")]),
    ("包裹没有丢", [("没有", "丢")]),
    ("不能给您退款", [("不能", "给您退款")]),
    ("不用担心我们马上给您补发", [("不用", "担心")]),  # a new agent subject ends the scope
])
def test_negation_scope(text, expected):
    assert scopes(text) == expected


@pytest.mark.parametrize("text", [
    "不好意思让您久等了", "要不就赶紧拍吧", "有没有其他问题呢", "能不能麻烦您提供订单号", "不过我们可以给您换",
    "对不起", "是不是您填错地址了呢", "好久不见", "好久不见亲", "不知道您是否方便拍个视频",
])
def test_not_negations(text):
    assert scopes(text) == []


@pytest.mark.parametrize("text, phrase, expected", [
    ("我们店铺不参与刷单、刷好评,这违反淘宝平台规则", "刷好评", "negated"),
    ("我们店铺不参与刷单、刷好评,这违反淘宝平台规则", "淘宝", "affirmed"),
    ("如果周五到不了,我给您全额退款", "到不了", "condition"),
    ("如果周五到不了,我给您全额退款", "全额退款", "affirmed"),
    ("不合适的话给您换", "给您换", "affirmed"),
    ("不合适的话给您换", "不合适", "condition"),
    ("您说的'爱买不买'绝不是我们的态度", "爱买不买", "quoted"),
    ("您说的“爱买不买”绝不是我们的态度", "爱买不买", "quoted"),
    ("请点击“确认收货”", "确认收货", "affirmed"),  # emphasis, not someone else's words
    # a quotation named as words right after it, and a reported request without quotation marks
    ('"绝对不掉色"这种保证我们给不了', "绝对", "quoted"),
    ("绝对不掉色这种保证我们给不了", "绝对", "affirmed"),  # no quotation marks: the agent's words
    ("亲,您说让我们加个微信私下退款,这个我们不能做哦", "加个微信", "quoted"),
    ("亲,您说让我们加个微信私下退款,这个我们不能做哦", "做", "negated"),
    ("给您退款可以吗?", "退款", "question"),
    ("您平时穿多大码呢", "码", "question"),
    ("在的呢", "在的", "affirmed"),
    ("亲亲 我们家一口价 不讲价哦", "一口价", "affirmed"),
    ("換貨？不換。", "換", "question"),
    ("換貨？不換。", "換。", "negated"),
])
def test_polarity(text, phrase, expected):
    assert polarity(text, phrase) == expected


def test_offsets_are_in_the_original_text():
    text = "ＨＩ…我們不參與刷單、刷好評"  # NFKC changes lengths (… → ...), Traditional script
    a = analyse(text)
    (scope,) = [s for c in a.clauses for s in c.negations]
    assert text[scope.cue[0]:scope.cue[1]] == "不參與"
    assert text[scope.span[0]:scope.span[1]] == "刷單、刷好評"
    assert a.clauses[-1].end == len(text)


def test_spaces_cut_clauses_but_not_spaced_out_words():
    assert [c["text"] for c in analyse("亲亲 我们家一口价 不讲价哦").to_json()] == [
        "亲亲", "我们家一口价", "不讲价哦"]
    assert [c["text"] for c in analyse("不 讲 价").to_json()] == ["不 讲 价"]


def test_a_retort_about_the_buyer_is_a_clause_of_its_own():
    # its question does not make the refusal before it a question
    assert [c["text"] for c in analyse("我说了不能退你没听见吗").to_json()] == ["我说了不能退", "你没听见吗"]
    assert polarity("我说了不能退你没听见吗", "退") == "negated"
    assert polarity("这个不退您是不是拍错了", "拍错") == "question"
    # the buyer as the object of the agent's action is no new clause
    assert [c["text"] for c in analyse("我帮您退款您看可以吗").to_json()] == ["我帮您退款您看可以吗"]
    assert [c["text"] for c in analyse("我给你还原一下").to_json()] == ["我给你还原一下"]
    # nor the buyer as the subject of a condition: the policy stays conditional, no flat refusal
    assert [c["text"] for c in analyse("如果您自己不要了,定金是不退的").to_json()] == [
        "如果您自己不要了", "定金是不退的"]
    assert not Judge().check("亲,如果您自己不要了,定金是不退的哦").major()


def test_json_names_cue_and_scope():
    (first, second) = analyse("我们不参与刷单、刷好评,这违反平台规则").to_json()
    assert first["negations"][0]["cue"] == "不参与"
    assert first["negations"][0]["scope"] == "刷单、刷好评"
    assert second["mood"] == "statement" and second["negations"] == []


def test_empty_and_huge_replies():
    assert analyse("").clauses == ()
    assert analyse("").polarity(0, 0) == "affirmed"
    big = analyse("不行," * 20000)
    assert len(big.clauses) == 20000


def test_a_clause_read_once_reads_as_in_its_own_reply():
    """Each distinct clause is read once and its reading reused wherever it stands (clauses.py):
    in every rule example, and in those examples joined into one reply, each clause reads as
    when read where it stands."""
    from scoring.clausecut import cues, read_clause
    from scoring.verify import load_checked_lexicon

    texts = [t for r in load_checked_lexicon().rules for t in (*r.examples, *r.counterexamples)]
    texts.append(",".join(texts))
    for text in texts:
        a = analyse(text)
        if a.tquotes:
            continue
        fresh = tuple(read_clause(a.norm.text, *b, cues(), ()) for b in a._bounds)
        assert tuple(a.t_clause(k) for k in range(len(a._bounds))) == fresh, text
