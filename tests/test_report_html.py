"""The HTML feedback page: escaping of untrusted text, highlights, chart, outcome, adjustments."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from scenarios.loader import find
from scoring.judge import Judge
from simulator.report_html import ReportData, ReportItem, highlight, render_report
from simulator.session import Session

HOSTILE = "<script>alert(1)</script>\x1b[31m"


def drill(replies: list[str], seed: int = 1) -> dict:
    session = Session.new(find("bargain_others_discount"), seed, Judge())
    for text in replies:
        if session.finished:
            break
        session.reply(text)
    session.give_up()
    return session.data


@pytest.fixture
def page() -> str:
    rude = drill(["您好亲,欢迎光临!", "我们的商品都不讲价的,爱买不买",
                  "不能便宜 <img src=x onerror=alert(1)>\x07"])
    rude["scenario"]["title"] = "标题<b>粗</b>"
    report = ReportData(
        student={"id": "s1/../x", "name": "张三" + HOSTILE, "class": "电商<1>班"},
        items=[ReportItem(rude, rude["score"])],
        exam={"id": "mid", "title": "期中考试"},
        adjustments=[{"points": 5, "reason": "认真 <i>加分</i>", "at": "2026-11-23T10:00"}],
        total=32.0,
    )
    return render_report(report)


class TagBalance(HTMLParser):
    VOID = {"meta", "br", "rect", "img", "input", "link"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def test_untrusted_text_is_escaped_never_markup(page):
    parser = TagBalance()
    parser.feed(page)
    assert parser.stack == []
    assert "script" not in parser.tags and "img" not in parser.tags
    assert "b" not in parser.tags and "i" not in parser.tags
    assert "张三&lt;script&gt;alert(1)&lt;/script&gt;[31m" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "标题&lt;b&gt;粗&lt;/b&gt;" in page
    assert "电商&lt;1&gt;班" in page
    assert "认真 &lt;i&gt;加分&lt;/i&gt;" in page
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", page)


def test_page_is_self_contained(page):
    assert "<script" not in page.lower()
    assert not re.search(r"\s(src|href)=[\"']", page)
    assert "Content-Security-Policy" in page


def test_flagged_spans_are_highlighted_with_suggestions(page):
    assert '<mark class="polite">您好</mark>' in page  # greeting + honorific 您 (one mark per category)
    assert '<mark class="major">不讲价</mark>' in page
    assert '<mark class="major">爱买不买</mark>' in page
    assert '<mark class="major">不能便宜</mark>' in page  # a flat refusal (issue 11), no longer soft
    # the better phrasing from the lexicon is shown next to the mistake
    assert "包邮" in page and "refusal.no_bargain" in page


def test_chart_outcome_total_and_adjustments(page):
    assert page.count("<svg") == 1  # one scenario: the summary chart only
    assert "顾客被激怒离开" in page  # the outcome label
    assert 'class="badge bad"' in page
    assert "32.0" in page
    assert "+5" in page and "老师调整" in page


def test_chart_bar_lengths_follow_the_scores():
    data = drill(["您好亲,欢迎光临!"])
    score = dict(data["score"], dimensions={"politeness": 100.0, "forbidden": 50.0})
    page = render_report(ReportData(student={"id": "s1"}, items=[ReportItem(data, score)] * 2))
    assert page.count("<svg") == 3  # the summary chart and one per scenario
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)" '
                                           r'height="\d+" fill="#(?:2e7d32|f9a825|c62828)"', page)]
    # summary chart (560 wide: bars 370) then the scenario chart (480 wide: bars 290)
    assert widths == [370.0, 185.0, 290.0, 145.0, 290.0, 145.0]


def test_highlight_keeps_offsets_when_control_characters_are_dropped():
    text = "\x07您好,\x1b不讲价"
    out = highlight(text, [(1, 3, "polite"), (5, 8, "major"), (1, 2, "soft")])
    assert out == '<mark class="soft">您</mark><mark class="polite">好</mark>,' \
                  '<mark class="major">不讲价</mark>'


def test_english_page(monkeypatch):
    from simulator import i18n

    i18n.set_language("en")
    data = drill(["您好"])
    page = render_report(ReportData(student={"id": "s1", "name": "Li"}, items=[
        ReportItem(data, data["score"])]))
    assert '<html lang="en">' in page and "Feedback for Li" in page
