"""The judge as a library: negation-aware slots, prices, the rubric and explainable marks."""

from __future__ import annotations

import pytest

from scoring import Judge, OutcomeInfo, Slot, Task

TASK = Task(
    slots=(Slot("offer_refund", "退款", ("退款", "退钱")), Slot("offer_gift", "送赠品", ("赠品",))),
    requirements=(("offer_refund",), ("offer_gift",)),
    price=199.0, floor_price=169.0,
)


@pytest.fixture(scope="module")
def judge():
    return Judge()


@pytest.mark.parametrize(("reply", "covered"), [
    ("可以给您退款", True),
    ("不好意思,马上给您退款", True),  # a polite 不 negates nothing
    ("不能退款", False),
    ("没法给您退款", False),
    ("退款不了", False),
    ("無法退款", False),  # Traditional
])
def test_slots_are_negation_aware(judge, reply, covered):
    obs = judge.observe(reply, TASK)
    assert ("offer_refund" in obs.covered()) is covered
    assert any(h.slot == "offer_refund" for h in obs.slots)


@pytest.mark.parametrize(("reply", "value", "phrase"), [
    ("给您150", 150, "给您150"),
    ("¥139", 139, "¥139"),
    ("１３９元", 139, "１３９元"),  # full-width digits
    ("九折给您", 179.1, "九折"),
    ("便宜20块", 179, "便宜20块"),
    ("给您168包邮", 168, "给您168"),
])
def test_prices_are_read_as_numbers(judge, reply, value, phrase):
    [price] = judge.observe(reply, TASK).prices
    assert (price.value, price.phrase) == (value, phrase)
    assert reply[price.start:price.end] == phrase


def test_no_price_in_counts_and_dates(judge):
    assert judge.observe("两件包邮,预计3天到", TASK).prices == ()


def marks(score, dimension):
    return [m for m in score.marks if m.dimension == dimension]


def test_soft_negatives_cost_less_than_forbidden_wording(judge):
    soft = judge.score([("这款不能机洗", None)], TASK, None)
    major = judge.score([("不讲价", None)], TASK, None)
    assert 0 < 100 - soft.dimensions["forbidden"] < 100 - major.dimensions["forbidden"]


def test_every_point_traces_to_a_rule_and_a_span(judge):
    replies = [("亲,不讲价", 5.0), ("给您150", 5.0), ("抱歉,可以退款,再送您赠品", 120.0)]
    score = judge.score(replies, TASK, OutcomeInfo("deal", "成交", True))
    for mark in score.marks:
        assert mark.rule and mark.message
        if mark.turn is not None and mark.start is not None:
            assert replies[mark.turn][0][mark.start:mark.end] == mark.phrase
    rules = {m.rule for m in score.marks}
    assert {"refusal.no_bargain", "price.below_floor", "slot.offer_refund", "slot.offer_gift",
            "latency.slow", "outcome.deal"} <= rules
    [below] = [m for m in score.marks if m.rule == "price.below_floor"]
    assert below.phrase == "给您150" and below.points < 0
    assert 0 <= score.total <= 100


def test_without_timings_responsiveness_is_left_out_and_weights_rescale(judge):
    replies = [("亲,可以给您退款,再送您赠品", None)]
    score = judge.score(replies, TASK, OutcomeInfo("deal", "成交", True))
    assert "responsiveness" not in score.dimensions
    assert "responsiveness" in score.omitted and "responsiveness" not in score.weights
    expected = sum(score.dimensions[d] * w for d, w in score.weights.items()) / sum(
        score.weights.values())
    assert score.total == round(expected)
    timed = judge.score([(replies[0][0], 3.0)], TASK, OutcomeInfo("deal", "成交", True))
    assert timed.dimensions["responsiveness"] == 100 and not timed.omitted


def test_weight_overrides_change_the_total():
    replies = [("不讲价", None)]
    plain = Judge().score(replies, TASK, None)
    heavy = Judge(weights={"resolution": 1000}).score(replies, TASK, None)
    assert plain.dimensions == heavy.dimensions == {
        "politeness": 0, "forbidden": 70, "resolution": 0}
    assert (plain.total, heavy.total) == (round(70 * 25 / 75), round(70 * 25 / 1050))


def test_judge_messages_follow_the_language():
    replies = [("好的", 200.0)]
    zh = Judge().score(replies, TASK, None)
    en = Judge(lang="en").score(replies, TASK, None)
    zh_messages = {m.rule: m.message for m in zh.marks}
    en_messages = {m.rule: m.message for m in en.marks}
    assert zh_messages["politeness.none"] == "这条回复没有礼貌用语。"
    assert en_messages["politeness.none"] == "This reply has no polite wording."
    assert en_messages["latency.slow"] == "The reply took 200 s (points are lost after 20 s)"
    assert en_messages["slot.offer_refund"] == "Not done: 退款"
    assert [m.points for m in zh.marks] == [m.points for m in en.marks]


def test_rubric_messages_exist_in_both_languages(judge):
    from scoring.rubric import MESSAGE_KEYS

    for key in MESSAGE_KEYS:
        assert set(judge.rubric.messages[key]) == {"zh", "en"}, key


GIFT_TASK = Task(
    slots=(Slot("gift", "送枕套", ("枕套",)), Slot("shipping", "包邮", ("包邮",)),
           Slot("coupon", "优惠券", ("优惠券",), ("offer_coupon",))),
    requirements=(("gift",), ("shipping",), ("coupon",)))


def test_a_salad_of_slot_phrases_covers_no_slot(judge):
    salad = judge.observe("枕套 包邮 优惠券", GIFT_TASK)
    assert salad.covered() == set()
    assert {h.polarity for h in salad.slots} == {"mention"}
    offer = judge.observe("送您一对枕套,全国包邮,再给您一张优惠券", GIFT_TASK)
    assert offer.covered() == {"gift", "shipping", "coupon"}
    score = judge.score([("枕套 包邮 优惠券", None)], GIFT_TASK, None)
    assert score.dimensions["resolution"] == 0


def test_a_sentence_made_of_slot_phrases_still_covers_them(judge):
    task = Task(slots=(Slot("eta", "到账时间", ("到账",), ("give_eta",)),
                       Slot("mail", "发到邮箱", ("电子发票", "开好后", "发到您的邮箱"))))
    assert judge.observe("退款预计后天到账", task).covered() == {"eta"}
    assert judge.observe("电子发票开好后发到您的邮箱。", task).covered() == {"mail"}
    assert judge.observe("到账 邮箱 电子发票", task).covered() == set()


@pytest.mark.parametrize(("reply", "severity"), [
    ("可以给您包邮哦,价格就不能再少了", "soft"),  # the alternative offered first
    ("亲,我帮您申请一张5元券,价格就不能再便宜了", "soft"),
    ("这个需要您提供一下开箱视频哈,没有视频的话我们这边没法判断是发货前还是运输中少的", "soft"),
    ("可以理解您的心情,但是这个退不了", "major"),  # sympathy is no alternative
    ("因为您已经超过售后期限了,所以这边就不能给您处理了", "major"),  # 因为您 offers nothing
    ("这是优惠券的钱,不退", "major"),  # a coupon named, not offered
    ("我已经帮您查过了,不能退", "major"),  # something done, not an alternative
    ("退不了,因为您已经拆封使用过了", "major"),  # a reason after it offers nothing either
    ("不能退,这个您可以理解吧", "major"),
])
def test_a_refusal_is_softened_by_an_alternative_before_or_after_it(judge, reply, severity):
    refusals = [h for h in judge.check(reply).forbidden if h.rule.kind == "refusal"]
    assert refusals and {h.rule.severity for h in refusals} == {severity}, reply


@pytest.mark.parametrize(("reply", "flagged"), [
    ("好评返现?这个我们不做的亲,违规的哦", False),  # the buyer's words asked back, then refused
    ("加微信?违规的", False),
    ("好评返现?", True),  # asked back and left open
    ("好评返现5元?不支持修改地址", True),  # an offer, and an unrelated refusal after it
    ("您说要刷单帮我们提升销量?这个我们是不做的哦,刷单违反平台规定", False),  # reported
])
def test_a_violation_asked_back_and_refused_is_compliance(judge, reply, flagged):
    assert bool(judge.check(reply).major()) is flagged, reply


@pytest.mark.parametrize(("reply", "flagged"), [
    ("我们不支持退款", True),  # 不支持 refuses here; it cites no rule
    ("亲,定制的商品是不支持7天无理由退货的,这个下单页面也有提示", False),  # the rule's exception
    ("亲,您要是觉得“爱买不买”是我们的态度,那真的是误会了", False),  # words reported, not said
    ("您转述的那句“穷就别买”实在太过分了,我替同事向您道歉", False),
    ("晒单返现这个我们是不能做的哦", False),  # the topic named, then refused
])
def test_what_a_clause_does_decides_the_flag(judge, reply, flagged):
    assert bool(judge.check(reply).major()) is flagged, reply
