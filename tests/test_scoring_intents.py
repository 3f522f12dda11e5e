"""The shared intent library: what a reply does, read in its clause (done, refused, question,
condition, quoted), with every intent's examples and look-alikes enforced."""

from __future__ import annotations

import json

import pytest

from scoring import DataError, Judge
from scoring.intents import library, load_intents
from scoring.judge import verify_intent_examples

VOCAB = {
    "greet", "apologise", "thank", "empathise", "ask_details", "ask_photo", "ask_order_info",
    "check_logistics", "contact_courier", "give_eta", "offer_refund", "offer_exchange",
    "offer_resend", "offer_partial_refund", "offer_compensation", "offer_coupon", "offer_gift",
    "offer_free_shipping", "cover_shipping", "explain_material", "explain_value", "explain_size",
    "recommend", "urgency", "two_option_close", "close_sale", "confirm_address", "cite_rule",
    "refuse_violation", "invite_review", "close_warmly",
}


@pytest.fixture(scope="module")
def judge():
    return Judge()


def done(judge, text):
    return judge.observe(text).done_intents()


def test_the_library_defines_exactly_the_shared_vocabulary():
    assert set(library().by_id) == VOCAB


def test_every_intent_catches_its_examples_and_none_of_its_look_alikes():
    assert verify_intent_examples() == []


@pytest.mark.parametrize(("reply", "intent"), [
    ("非常感谢您抽空给我们反馈", "thank"),
    ("今天下午4点前拍下当天就能发出", "urgency"),
    ("今天下午4点前拍下当天就能发出", "give_eta"),
    ("拍好后我帮您核对一下收货地址和电话", "confirm_address"),
    ("请问拉链是怎么坏的呢", "ask_details"),
    ("运费是我们出的", "cover_shipping"),
    ("您说得对,错在我们", "empathise"),
    ("换成我也会很生气", "empathise"),
    ("10元运费已经帮您去掉,现在订单实付589元包邮", "offer_free_shipping"),
    ("给您申请一张10元店铺券,到手189元", "offer_coupon"),
    ("再给您两个选择的赠品", "offer_gift"),
    ("要不就赶紧拍吧", "close_sale"),
    ("不用您找,快递那边由我们来联系", "contact_courier"),
    ("我们店铺不参与刷单、刷好评,这违反淘宝平台规则", "refuse_violation"),
    ("平台规则明确不允许用钱换评价", "cite_rule"),
    ("如果周五到不了,我给您全额退款", "offer_refund"),  # the refund is the main clause
    ("给您退款可以吗?", "offer_refund"),  # an offer made as a question
    ("您是想退款还是换货呢?", "offer_exchange"),
    ("这款不是纯羊毛的,是羊毛混纺", "explain_material"),  # an explanation, though negated
    ("这款可以机洗", "explain_material"),
    ("建议您加一副29元的冰袖", "recommend"),
    ("这40元我给您退回去", "offer_partial_refund"),
    ("降价的40元给您返还", "offer_partial_refund"),
    ("杯套今天给您发出", "offer_resend"),
    ("马上给您把杯套寄过去", "offer_resend"),
    ("微信就不加了哈", "refuse_violation"),
    ("好久不见,这次给您包邮", "offer_free_shipping"),  # 好久不见 negates nothing
])
def test_done_in_other_words(judge, reply, intent):
    assert intent in done(judge, reply)


@pytest.mark.parametrize(("reply", "intent"), [
    ("您确定下单时选的是白色M码吗?", "offer_resend"),
    ("您确定下单时选的是白色M码吗?", "close_sale"),
    ("仅退款我们这边没办法的哦", "offer_refund"),
    ("图片和实物多少会有点色差的", "ask_photo"),
    ("图片和实物多少会有点色差的", "explain_value"),
    ("图片和实物多少会有点色差的", "explain_material"),
    ("这款保温杯现在有货", "explain_value"),  # 保温 inside the product's name
    ("您要退款吗?", "offer_refund"),  # only asked about
    ("物流查到了吗?", "check_logistics"),
    ("您可以自己查一下物流", "check_logistics"),  # the buyer does it
    ("你自己联系快递吧", "contact_courier"),
    ("换成我也会很生气", "offer_exchange"),
    ("\u201c不退不换\u201d绝不是我们的态度", "offer_exchange"),  # quoted
    ("如果需要退款的话,请先联系我们", "offer_refund"),  # inside the condition
    ("好评返现5元", "invite_review"),  # a paid review is no invitation
    ("刚看过您给我们的评价", "invite_review"),
    ("您穿还是很合适的", "two_option_close"),
    # an offer inside its own condition clause is conditional, not yet made (a consequence after a
    # comma, 如果周五到不了,我给您全额退款, is the main clause and counts)
    ("如果是质量问题给您换一件新的", "offer_exchange"),
    ("运费险不归我们管,你找保险公司", "cover_shipping"),  # somebody else pays, not the shop
    ("一般退款完成后72小时内到账", "give_eta"),  # a refund time is no ship or delivery time
    ("这40元我给您退回去", "offer_refund"),  # a named sum back is a partial refund
])
def test_not_done(judge, reply, intent):
    assert intent not in done(judge, reply)


@pytest.mark.parametrize(("reply", "intent"), [
    ("仅退款我们这边没办法的哦", "offer_refund"),
    ("这个不能退款", "offer_refund"),
    ("过了七天了,退不了", "offer_refund"),
    ("换货?不换。", "offer_exchange"),
    ("不好意思,我们不包邮的", "offer_free_shipping"),
    ("我们不能给您补发", "offer_resend"),
])
def test_a_refused_intent_is_visible_as_refused(judge, reply, intent):
    obs = judge.observe(reply)
    assert intent in obs.refused_intents()
    assert intent not in obs.done_intents()
    assert intent in obs.to_json()["refused_intents"]


def test_a_refusal_with_an_alternative_keeps_the_alternative(judge):
    obs = judge.observe("我们这边无法给您退款,不过可以给您换货")
    assert "offer_refund" in obs.refused_intents()
    assert "offer_exchange" in obs.done_intents()


def test_hits_point_at_the_reply(judge):
    reply = "亲,非常抱歉!我们马上为您补发,预计明天送达,祝您生活愉快~"
    obs = judge.observe(reply)
    for hit in obs.intents:
        assert reply[hit.start:hit.end] == hit.phrase
    assert {"apologise", "offer_resend", "give_eta", "close_warmly"} <= obs.done_intents()


def test_traditional_and_full_width_replies(judge):
    assert "offer_refund" in done(judge, "可以給您退款")
    assert "give_eta" in done(judge, "我們４８小時內發貨")


def test_a_broken_intent_file_names_file_line_and_field(tmp_path):
    path = tmp_path / "intents.yaml"
    path.write_text("schema_version: 1\nintents:\n  - id: offer_refund\n    label: 退款\n"
                    "    question: maybe\n    phrases: [(退款|]\n    examples: [给您退款]\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_intents(path)
    text = str(err.value)
    assert f"{path}:5: intents[0].question: must be one of done, offer, no" in text
    assert f"{path}:6: intents[0].phrases[0]: bad phrase template" in text


def test_kefu_check_json_shows_what_each_reply_does(kefu):
    result = kefu("check", "--json", "-", input="给您退款可以吗?\n仅退款我们这边没办法的哦\n")
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert [(i["intent"], i["polarity"], i["phrase"]) for i in first["intents"]] == [
        ("offer_refund", "done", "给您退款")]
    assert ("offer_refund", "refused") in {(i["intent"], i["polarity"]) for i in second["intents"]}


def test_kefu_check_names_what_a_reply_does(kefu):
    result = kefu("check", "亲,非常抱歉!我们马上为您补发")
    assert result.returncode == 0, result.stderr
    assert "做到了" in result.stdout and "补发或重新寄出" in result.stdout


# ---- keyword salad and bare keywords: only mentioned, not done ------------------------------
@pytest.mark.parametrize(("reply", "intents"), [
    ("退款 换货 运费 补发 优惠券 发货 明天", {"offer_exchange", "offer_resend", "offer_coupon"}),
    ("退款、换货、补发", {"offer_exchange", "offer_resend"}),
    ("退款,换货,补发", {"offer_exchange", "offer_resend"}),
    ("换货补发", {"offer_exchange", "offer_resend"}),
    ("优惠券 赠品 包邮", {"offer_coupon", "offer_gift", "offer_free_shipping"}),
    ("补发", {"offer_resend"}),
    ("补发哦亲", {"offer_resend"}),
    ("您好,补发", {"offer_resend"}),  # a greeting says nothing about the keyword
    ("运费险", {"cover_shipping"}),
    # a spaced list of short pieces: a number or a long keyword does not make it a sentence
    ("您好 二次销售 七天无理由 质检 换新 谢谢", {"offer_exchange", "cite_rule"}),
    ("久等了 下午4点 发货 备注", {"give_eta"}),
])
def test_a_keyword_salad_or_a_bare_keyword_is_only_a_mention(judge, reply, intents):
    obs = judge.observe(reply)
    assert not obs.done_intents() & intents
    assert {h.intent for h in obs.intents if h.polarity == "mention"} >= intents


@pytest.mark.parametrize(("reply", "intent"), [
    ("可以退款", "offer_refund"),
    ("给您补发", "offer_resend"),
    ("亲,补发给您哦", "offer_resend"),
    ("换货的话运费我们出", "cover_shipping"),
    ("好的,补发。", "offer_resend"),  # an assent makes the keyword an answer
    ("已补发", "offer_resend"),
    ("换货吧", "offer_exchange"),
    ("明天发货", "give_eta"),  # a time and a verb: a promise
    ("可以退款、换货", "offer_exchange"),  # a list under one predicate
    ("这款有运费险,优惠券", "offer_coupon"),  # a bare keyword beside a statement
    ("亲,肯定能退的,放心拍", "close_sale"),
    ("您好", "greet"),  # polite words are no keyword salad
    ("亲 下午4点前给您发货 放心", "give_eta"),  # spaced, but a piece says something
    ("下午4点 发货", "give_eta"),  # two pieces are no list
])
def test_terse_answers_with_a_predicate_still_count(judge, reply, intent):
    assert intent in done(judge, reply)


def test_kefu_check_says_a_salad_only_mentions(kefu):
    result = kefu("check", "退款 换货 运费 补发 优惠券 发货 明天")
    assert result.returncode == 0, result.stderr
    assert "只是提到" in result.stdout and "做到了" not in result.stdout
    assert "补发或重新寄出" in result.stdout
    data = json.loads(kefu("check", "--json", "换货补发").stdout)
    assert {i["polarity"] for i in data["intents"]} == {"mention"}
