"""Numbers read from the clause they stand in: the item's price only where the clause says so."""

from __future__ import annotations

import pytest

from scenarios.loader import find
from scoring import Judge
from scoring.normalize import normalize
from scoring.resolution import find_prices
from simulator.scenario_tests import play


def prices(text: str, list_price: float = 199.0) -> list[tuple[float, str]]:
    return [(p.value, p.phrase) for p in find_prices(normalize(text), list_price)]


@pytest.mark.parametrize(("reply", "expected"), [
    ("10元运费已经帮您去掉,现在订单实付589元包邮", [(589, "实付589元")]),
    ("给您申请一张10元店铺券,到手189元", [(189, "到手189元")]),
    ("这款现价199元,用券后到手169元哦", [(199, "现价199元"), (169, "到手169元")]),
    ("给您打八折", [(159.2, "八折")]),
    ("给您一百五十元", [(150, "给您一百五十元")]),
    ("最低给您159元,您看可以吗?", [(159, "给您159元")]),  # an offer made as a question
    ("两件只要299元", [(299, "只要299元")]),
])
def test_a_price_is_read_where_the_clause_says_so(reply, expected):
    assert prices(reply) == expected


@pytest.mark.parametrize("reply", [
    "再给您两个选择的赠品",  # a count
    "一是面料好,二是做工细",  # ordinals
    "价格没有跟着打八折哦",  # a negated discount
    "我们的价格一直很实在的",  # 价格一直 is no 1 元
    "不能给您150",  # a refused price
    "运费10元我们出",  # a shipping fee
    "差价20元退给您",  # a refund
    "给您补偿5元红包",  # compensation
    "满两件再减10元",  # a threshold
    "第二件半价",
    "今天下午4点前拍下当天就能发出",  # a time
    "7天无理由退换",
])
def test_coupons_fees_counts_and_ordinals_are_no_price(reply):
    assert prices(reply) == []


@pytest.mark.parametrize(("scenario", "reply"), [
    ("bargain_others_discount", "亲,价格没有跟着打八折哦,不过给您送同款枕套一对,还包邮~"),
    ("bargain_others_discount", "亲,我们的价格一直很实在的,给您送同款枕套一对哦"),
    ("bargain_change_price", "请稍等,10元运费已经帮您去掉,现在订单实付589元包邮"),
    ("bargain_ask_gift", "亲,再给您两个选择的赠品,您看喜欢哪个?"),
])
def test_bargaining_without_a_lower_price_does_not_end_too_cheap(scenario, reply):
    session, _ = play(find(scenario), [reply], 0, Judge())
    assert session.data["outcome"]["id"] != "too_cheap"
    named = session.data["turns"][0]["observed"]["prices"]
    assert all(value >= find(scenario).context["floor_price"] for value in named)


def test_yaobu_is_a_suggestion_not_a_negation():
    from scoring import Slot, Task

    task = Task(slots=(Slot("close_sale", "引导下单", ("拍",)),), requirements=(("close_sale",),))
    judge = Judge()
    assert "close_sale" in judge.observe("要不就赶紧拍吧", task).covered()
    assert "close_sale" not in judge.observe("先别拍", task).covered()
