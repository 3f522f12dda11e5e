"""Service metrics (首次响应时间, 平均响应时间, 响应达标率, 答问比, 询单转化率, 客单价) on
transcripts whose figures are computed by hand in the comments."""

from __future__ import annotations

import json

import pytest

from simulator.metrics import conversation, deal_table, format_value, summarize

# A sales conversation: the first reply is silence after 12 s, then three replies; it ends in
# the order "deal" (worth 360 in the scenario's data).
SALE = {
    "turns": [
        {"buyer": "在吗", "reply": "", "latency": 12.0},
        {"buyer": "有优惠吗", "reply": "您好,5件包邮", "latency": 8.0},
        {"buyer": "尺码呢", "reply": "您说一下身高体重", "latency": 70.0},
        {"buyer": "好", "reply": "好的,帮您备注", "latency": 20.0},
    ],
    "outcome": {"id": "deal"},
}
# A complaint (not a sales conversation), answered at once, then a slow reply.
COMPLAINT = {
    "turns": [
        {"buyer": "怎么还没到", "reply": "抱歉,马上查", "latency": 5.0},
        {"buyer": "快点", "reply": "查到了,明天到", "latency": 100.0},
        {"buyer": "行吧"},  # the conversation was cut off here: asked, never answered
    ],
    "outcome": None,
}
# A second sales conversation that ended without an order, untimed (--replies).
LOST = {"turns": [{"buyer": "能便宜吗", "reply": "不讲价"}], "outcome": {"id": "left"}}
DEALS = {"deal": 360.0, "partial": 158.0}


def test_one_conversation_by_hand():
    c = conversation(SALE, limit=60, deals=DEALS)
    assert c.first_response == 20.0  # 12 s of silence + 8 s to the first real reply
    assert c.latencies == (12.0, 8.0, 70.0, 20.0)
    assert c.within == 2  # 8 s and 20 s; the silence and the 70 s reply are not in time
    assert (c.buyer_messages, c.agent_messages) == (4, 3)
    assert c.sales and c.deal == 360.0


def test_summary_over_conversations_by_hand():
    items = [conversation(SALE, 60, DEALS), conversation(COMPLAINT, 60, None),
             conversation(LOST, 60, DEALS)]
    m = summarize(items)
    assert m["conversations"] == 3
    assert m["first_response"] == 12.5  # (20 + 5) / 2; the untimed one has none
    assert m["avg_response"] == 35.8  # (12+8+70+20+5+100) / 6 = 35.83
    assert m["within_limit"] == 0.5  # (2 + 1) in time over 6 timed turns
    assert m["answer_ratio"] == 0.75  # (3 + 2 + 1) replies / (4 + 3 + 1) buyer lines
    assert (m["sales"], m["orders"]) == (2, 1)
    assert m["conversion"] == 0.5 and m["order_value"] == 360.0


def test_default_limit_is_three_minutes_and_untimed_has_no_times():
    c = conversation(COMPLAINT)
    assert c.within == 2  # 5 s and 100 s are both within 180 s
    m = summarize([conversation(LOST, deals=DEALS)])
    assert m["first_response"] is None and m["avg_response"] is None
    assert m["within_limit"] is None and m["conversion"] == 0 and m["order_value"] is None
    assert summarize([])["answer_ratio"] is None


def test_outcome_id_override_wins_over_the_file():
    # a gradebook attempt's recomputed ending beats what the file claims
    assert conversation(SALE, deals=DEALS, outcome_id="partial").deal == 158.0


def test_format_value():
    assert format_value("within_limit", 0.5) == "50%"
    assert format_value("order_value", 360) == "¥360.00"
    assert format_value("first_response", None) == "—"


def test_builtin_deal_values_are_data():
    from scenarios.loader import load_all

    table = deal_table({s.id: s for s in load_all([])[0]})
    assert table["bargain_bulk"] == {"deal": 360.0, "deal_partial": 158.0}
    assert "complain_late_delivery" not in table  # not a sales conversation
    for deals in table.values():
        assert all(value > 0 for value in deals.values())


def test_deal_must_be_a_number(tmp_path):
    from pathlib import Path

    from exam_helpers import SCENARIO

    from scenarios.loader import find, load_scenario
    from scoring.datafile import DataError

    text = Path(find(SCENARIO).path).read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("    deal: 199\n", "    deal: 很多\n", 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_scenario(bad)
    assert any("deal" in p.field for p in err.value.problems)


def test_grade_sheet_carries_metrics(tmp_path, db_url):
    from exam_helpers import run, scenario_script, take, write_exam

    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    assert take(exam, "s01", scenario_script("good"), out).exit_code == 0
    assert run("exam", "collect", exam, out, "--json").exit_code == 0
    result = run("grades", "mid1", "--json")
    data = json.loads(result.stdout)
    m = data["students"][0]["metrics"]
    # --replies is untimed; the model answer closes the sale in bargain_others_discount
    assert m["first_response"] is None and m["answer_ratio"] == 1.0
    assert (m["sales"], m["orders"], m["order_value"]) == (1, 1, 199.0)
    assert data["class_metrics"]["1班"] == data["metrics"] == m
    assert data["metrics_limit"] == 60  # the exam's per_reply
    shown = run("grades", "mid1")
    assert "询单转化率" in shown.output and "100%" in shown.output and "¥199.00" in shown.output
    csv_file = tmp_path / "g.csv"
    assert run("grades", "mid1", "--export", csv_file).exit_code == 0
    head = csv_file.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert head[-6:] == ["首次响应时间(秒)", "平均响应时间(秒)", "响应达标率(%)", "答问比",
                         "询单转化率(%)", "客单价(元)"]
    assert csv_file.read_text(encoding="utf-8-sig").splitlines()[1].endswith(
        ",,,,,1.0,100.0,199.0")
    page = tmp_path / "s01.html"
    assert run("report", "mid1", "s01", "--html", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "服务指标" in html and "¥199.00" in html and "60 秒内" in html
    history = json.loads(run("history", "--student", "s01", "--json").stdout)
    assert history["metrics"]["orders"] == 1 and history["metrics"]["conversion"] == 1.0
