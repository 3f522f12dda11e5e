"""After a lesser ending, the report card, the JSON score and the HTML report say what the best
ending needed that the student did not do; the README's full example is the scenario."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scenarios.loader import load_scenario
from scoring.judge import Judge
from simulator.report_html import ReportData, ReportItem, render_report
from simulator.session import Session

README = Path(__file__).parent.parent / "scenarios" / "README.md"


@pytest.fixture()
def example(tmp_path) -> Path:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## A full example\n\n```yaml\n(.*?)```", text, re.S).group(1)
    path = tmp_path / "gift_wrap_friday.yaml"
    path.write_text(block, encoding="utf-8")
    return path


def play(path: Path, replies: list[str]) -> Session:
    session = Session.new(load_scenario(path), 0, Judge())
    for text in replies:
        if session.finished:
            break
        session.reply(text)
    session.give_up()
    return session


def advice(session: Session) -> list[str]:
    return [m["message"] for m in session.data["score"]["marks"]
            if m["rule"] == "outcome.best_needed"]


def test_a_lesser_ending_names_what_the_best_one_needed(example):
    # the date was given, but curtly: the buyer buys, flatly ("deal_plain")
    plain = play(example, ["可以礼盒包装。", "周四到"])
    assert plain.data["outcome"]["id"] == "deal_plain"
    [message] = advice(plain)
    assert "顾客放心下单" in message and "礼貌用语" in message
    # the date never came: the buyer leaves, and the advice names the missing answer
    gone = play(example, ["亲,您好,可以免费礼盒包装哦~", "好的呢亲", "好的呢亲", "好的呢亲"])
    assert not gone.data["outcome"]["good"]
    assert any("给出明确的送达时间" in m for m in advice(gone))


def test_the_best_ending_needs_no_advice(example):
    best = play(example, ["亲,您好!可以免费礼盒包装,还能写贺卡~",
                          "请放心,顺丰预计周四送到,感谢您的支持!", "祝阿姨生日快乐!"])
    assert best.data["outcome"]["id"] == "deal" and advice(best) == []


def test_report_card_and_html_show_the_advice(example, kefu, tmp_path):
    replies = tmp_path / "r.txt"
    replies.write_text("可以礼盒包装。\n周四到\n", encoding="utf-8")
    shown = kefu("drill", "--scenarios", example.parent, "-s", "gift_wrap_friday",
                 "--replies", replies)
    assert shown.returncode == 0, shown.stderr
    assert "最好的结局「顾客放心下单」还需要" in shown.stdout
    out = kefu("drill", "--scenarios", example.parent, "-s", "gift_wrap_friday",
               "--replies", replies, "--json")
    marks = json.loads(out.stdout)["score"]["marks"]
    assert any(m["rule"] == "outcome.best_needed" for m in marks)
    session = play(example, ["可以礼盒包装。", "周四到"])
    html = render_report(ReportData({"id": "s1", "name": "王同学"},
                                    [ReportItem(session.data, session.data["score"])]))
    assert 'class="best-needed"' in html and "顾客放心下单" in html
