"""Politeness is judged over the conversation (rubric.yaml `politeness`): a greeting in the
first reply, courtesy in every reply, warmth anywhere, a closing in the last reply, and a cost
for plain 你 by share of replies — not a per-reply average."""

import pytest

from scoring.judge import Judge
from scoring.resolution import Task


@pytest.fixture(scope="module")
def judge():
    return Judge()


def politeness(judge, replies):
    score = judge.score([(r, None) for r in replies], Task(), None)
    marks = [m for m in score.marks if m.dimension == "politeness"]
    return score.dimensions["politeness"], marks


def rules(marks):
    return {m.rule: m for m in marks}


ONE = ["您好,让您久等了,感谢您的耐心,祝您生活愉快~"]
FOUR = ["您好,请问有什么可以帮您?", "亲,这款有货的", "不好意思让您久等了,已经给您发货了",
        "感谢您的支持,祝您生活愉快~"]


def test_a_courteous_short_chat_and_a_courteous_long_chat_score_the_same(judge):
    one, _ = politeness(judge, ONE)
    four, _ = politeness(judge, FOUR)
    assert one == four == 100


def test_marks_add_up_to_the_dimension(judge):
    value, marks = politeness(judge, ["您好", "你看看这款", "嗯", "谢谢"])
    assert sum(m.points for m in marks) == pytest.approx(value)


def test_a_chat_without_greeting_loses_exactly_the_greeting_points(judge):
    rubric = judge.rubric.politeness
    greeted, _ = politeness(judge, FOUR)
    plain, marks = politeness(judge, ["亲,这款有货的"] + FOUR[1:])  # 亲 in reply 1 greets
    assert plain == greeted
    value, marks = politeness(judge, ["这款有货的哦,您放心"] + FOUR[1:])
    assert value == greeted - rubric.greeting.points
    missing = rules(marks)["politeness.no_greeting"]
    assert missing.points == 0 and missing.turn == 0
    assert "问候" in missing.message and missing.suggestion == "开头先问候:您好,很高兴为您服务"
    assert "politeness.greeting" not in rules(marks)


def test_a_greeting_later_in_the_chat_is_not_an_opening_greeting(judge):
    _, marks = politeness(judge, ["这款有货的哦,您放心", "您好,还在吗?"])
    assert "politeness.no_greeting" in rules(marks)


def test_the_greeting_mark_points_at_the_greeting(judge):
    replies = ["亲,您好!这款有货", "感谢您,祝您生活愉快"]
    _, marks = politeness(judge, replies)
    mark = rules(marks)["politeness.greeting"]
    assert mark.turn == 0 and mark.points == judge.rubric.politeness.greeting.points
    assert replies[0][mark.start:mark.end] == mark.phrase and mark.phrase in ("亲", "您好")


def test_closing_only_counts_in_the_last_reply(judge):
    closing = judge.rubric.politeness.closing.points
    at_end, marks = politeness(judge, ["您好,请问有什么可以帮您?", "您稍等,这款有货的",
                                       "感谢您的支持,祝您生活愉快~"])
    mark = rules(marks)["politeness.closing"]
    assert mark.turn == 2 and mark.phrase in "感谢您的支持,祝您生活愉快~"
    early, marks = politeness(judge, ["您好,请问有什么可以帮您?", "感谢您的支持,祝您生活愉快~",
                                      "您稍等,这款有货的"])
    assert early == at_end - closing
    missing = rules(marks)["politeness.no_closing"]
    assert missing.turn == 2 and missing.points == 0
    assert missing.suggestion.startswith("结束时道谢并祝福")


def test_plain_address_costs_by_share_of_replies_not_by_count(judge):
    cost = judge.rubric.politeness.plain_address
    base = ["您好,请问有什么可以帮您?", "亲,这款有货的", "好的亲,让您久等了", "感谢您,祝您生活愉快"]
    clean, _ = politeness(judge, base)
    once, _ = politeness(judge, base[:1] + ["亲,你看这款有货的"] + base[2:])
    many, _ = politeness(judge, base[:1] + ["亲,你看你要的这款有货的,你放心"] + base[2:])
    assert once == many == pytest.approx(clean - cost / 4)
    every, _ = politeness(judge, [r.replace("您", "你") + "你看" for r in base])
    assert every < once


def test_warmth_counts_distinct_kinds_anywhere(judge):
    warmth = judge.rubric.politeness.warmth
    none, marks = politeness(judge, ["您好", "亲,有货", "祝您生活愉快"])
    assert rules(marks)["politeness.no_warmth"].suggestion
    one, _ = politeness(judge, ["您好", "亲,有货", "感谢您,祝您生活愉快"])
    two, marks = politeness(judge, ["您好", "抱歉亲,有货", "感谢您,祝您生活愉快"])
    assert one - none == pytest.approx(warmth.points / warmth.full_at)
    assert two - none == pytest.approx(warmth.points)
    assert "politeness.no_warmth" not in rules(marks)
    again, _ = politeness(judge, ["您好", "感谢亲,有货", "感谢您,祝您生活愉快"])
    assert again == one  # the same kind twice is one kind


def test_silence_and_bare_replies_count_as_replies_without_courtesy(judge):
    courtesy = judge.rubric.politeness.courtesy.points
    full, _ = politeness(judge, FOUR)
    quiet, marks = politeness(judge, FOUR[:2] + [""] + FOUR[3:])
    assert quiet < full
    bare, _ = politeness(judge, FOUR[:2] + ["有货"] + FOUR[3:])
    assert bare == quiet
    honorific, _ = politeness(judge, FOUR[:2] + ["您放心"] + FOUR[3:])  # a bare 您 is courtesy
    assert honorific - bare == pytest.approx(courtesy / 4)
    assert [m.turn for m in marks if m.rule == "politeness.none"] == [2]


def test_politeness_marks_speak_english_too():
    _, marks = politeness(Judge(lang="en"), ["这款有货"])
    missing = rules(marks)
    assert missing["politeness.no_greeting"].message == "The first reply does not greet the buyer."
    assert "thanks" in missing["politeness.no_closing"].suggestion


def test_the_score_stays_within_0_and_100(judge):
    value, _ = politeness(judge, ["你你你", "你看", "你自己看"])
    assert value == 0


def test_coach_feedback_on_one_reply_asks_for_a_greeting_only_on_the_first_reply(tmp_path):
    from scenarios.loader import find
    from simulator.chat import reply_marks
    from simulator.session import Session

    session = Session.new(find("bargain_others_discount"), 3, Judge(), tmp_path / "d.json")
    session.reply("这款是活动价", latency=5.0)
    first = {m["rule"] for m in reply_marks(session, "这款是活动价")}
    assert "politeness.no_greeting" in first and "politeness.no_closing" not in first
    assert not session.finished
    session.reply("好的", latency=5.0)
    later = {m["rule"] for m in reply_marks(session, "好的")}
    assert "politeness.none" in later
    assert not later & {"politeness.no_greeting", "politeness.no_closing", "politeness.no_warmth"}
