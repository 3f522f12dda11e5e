"""Property tests: any text checks and scores without error and every span points into it."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Judge, OutcomeInfo, Slot, Task

JUDGE = Judge()
JUDGE_EN = Judge(lang="en")
TASK = Task(
    slots=(Slot("offer_gift", "送赠品", ("送您", "赠品")), Slot("offer_refund", "退款", ("退款",))),
    requirements=(("offer_gift",), ("offer_refund",)),
    price=199.0, floor_price=169.0,
)
# Text that exercises normalisation: lexicon words, Traditional, full-width, emoji, combining
# marks, characters whose case folding or NFKC changes length, controls and separators.
PIECES = st.sampled_from([
    "不", "讲", "价", "不讲价", "不好意思", "您好", "亲", "请", "好评返现", "加微信", "滚", "不知道",
    "您", "這個我也沒辦法", "謝謝", "ＡＢＣ", "１５０", "！", "？", "，", "😊", "👍🏽", "e\u0301", "\u0301",
    "ß", "ﬁ", "ﬀ", "İ", "Σ", "ǅ", "㎏", "½", "\x00", "\x1b[31m", "\t", "\n", "\u200b", "\u2028", "\ufeff",
    " ", "-", "…", "给您150", "九折", "便宜20块", "[rich]", "\ud7ff", "𠀀",
])
TEXTS = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=15).map("".join),
)


def assert_spans(text: str, hits: list[dict]) -> None:
    for hit in hits:
        assert 0 <= hit["start"] < hit["end"] <= len(text), (text, hit)
        assert hit["phrase"] == text[hit["start"]:hit["end"]], (text, hit)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_check_any_text(text):
    result = JUDGE.check(text)
    data = result.to_json()
    assert result.to_json_line() == json.dumps(data, ensure_ascii=False)
    english = JUDGE_EN.check(text)
    assert english.to_json_line() == json.dumps(english.to_json(), ensure_ascii=False)
    assert data["text"] == text
    assert_spans(text, data["politeness"])
    assert_spans(text, data["forbidden"])
    for hit in data["forbidden"]:
        assert hit["severity"] in ("major", "soft")


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_observe_any_text(text):
    obs = JUDGE.observe(text, TASK)
    assert_spans(text, [{"start": h.start, "end": h.end, "phrase": h.phrase} for h in obs.slots])
    assert_spans(text, [{"start": p.start, "end": p.end, "phrase": p.phrase} for p in obs.prices])
    json.dumps(obs.to_json(), ensure_ascii=False)


REPLIES = st.lists(
    st.tuples(TEXTS, st.one_of(st.none(), st.floats(0, 10_000, allow_nan=False))), max_size=6)
OUTCOMES = st.one_of(st.none(), st.builds(OutcomeInfo, st.just("x"), st.just("x"), st.booleans()))


@settings(max_examples=200, deadline=None)
@given(REPLIES, OUTCOMES)
def test_score_any_transcript(replies, outcome):
    score = JUDGE.score(replies, TASK, outcome)
    assert 0 <= score.total <= 100
    for dim, value in score.dimensions.items():
        assert 0 <= value <= 100, (dim, value)
    for mark in score.marks:
        if mark.turn is not None and mark.start is not None:
            text = replies[mark.turn][0]
            assert 0 <= mark.start <= mark.end <= len(text)
            assert mark.phrase == text[mark.start:mark.end]
    again = JUDGE.score(replies, TASK, outcome)
    assert json.dumps(score.to_json(), ensure_ascii=False) == \
        json.dumps(again.to_json(), ensure_ascii=False)
