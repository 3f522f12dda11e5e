"""错题本: items drawn from the student's own history, rewrites scored on the spot, and the
spaced schedule across days (the clock is injected)."""

from __future__ import annotations

import json
from datetime import date

from exam_helpers import SCENARIO, run

BAD = ["不打折", "嗯"]


def drill(replies, tmp_path, name="r.txt"):
    f = tmp_path / name
    f.write_text("\n".join(replies) + "\n", encoding="utf-8")
    result = run("drill", "-s", SCENARIO, "--seed", "1", "--replies", f, "--json")
    assert result.exit_code == 0, result.output


def book_items(student="local"):
    from simulator.storage import Gradebook

    with Gradebook.open() as book:
        return book.practice_items(student, include_done=True)


def test_draw_orders_by_points_lost_and_schedule_needs_two_days(tmp_path, monkeypatch):
    from scenarios.loader import load_all
    from scoring.judge import Judge
    from simulator.practice import draw, due, judge_rewrite, record
    from simulator.storage import Gradebook

    monkeypatch.setenv("KEFU_STUDENT", "s01")
    drill(BAD, tmp_path)
    bank = {s.id: s for s in load_all([])[0]}
    judge = Judge()
    with Gradebook.open() as book:
        items = draw(book.attempts(student_id="s01", with_transcripts=True), bank, judge, "s01")
    assert [it.reply for it in items] == ["不打折"]  # the only reply with points taken off
    item = items[0]
    assert item.lost == 30 and item.buyer.startswith("这个纯棉四件套")
    assert item.wrong[0]["rule"] == "refusal.no_discount" and item.wrong[0]["suggestion"]
    good, problems = judge_rewrite(item, "不打折", judge)
    assert not good and "refusal.no_discount" in problems
    good, problems = judge_rewrite(item, "您好亲,这款已经是活动价了,我给您申请个小赠品好吗?", judge)
    assert good and problems == []
    assert not judge_rewrite(item, "这款已经是活动价了", judge)[0]  # no politeness
    day1, day2 = date(2026, 12, 1), date(2026, 12, 2)
    record(item, True, day1, "t1")
    assert item.passes == ["2026-12-01"] and item.done_at is None
    assert due([item], day1) == []  # good today: not asked again today
    record(item, True, day1, "t1b")  # a second good rewrite the same day does not count
    assert item.passes == ["2026-12-01"] and due([item], day2) == [item]
    record(item, False, day2, "t2")
    assert item.done_at is None
    record(item, True, day2, "t3")
    assert item.done_at == "t3" and due([item], date(2026, 12, 9)) == []


def test_practice_command_scores_rewrites_and_keeps_the_book(tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_STUDENT", "s01")
    drill(BAD, tmp_path)
    good = tmp_path / "good.txt"
    good.write_text("您好亲,这款已经是活动价了,我给您申请个小赠品好吗?\n", encoding="utf-8")
    result = run("practice", "--replies", good, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["added"] == 1 and len(data["results"]) == 1
    r = data["results"][0]
    assert r["old"] == "不打折" and r["good"] and len(r["passes"]) == 1 and not r["done"]
    again = json.loads(run("practice", "--replies", good, "--json").stdout)
    assert again["added"] == 0 and again["results"] == []  # done for today, nothing re-added
    assert again["left"] == 1
    stored = book_items("s01")
    assert len(stored) == 1 and stored[0].passes == [date.today().isoformat()]
    shown = run("practice", "--replies", good)
    assert shown.exit_code == 0 and "错题本" in shown.output


def test_a_bad_rewrite_keeps_the_item(tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_STUDENT", "s01")
    drill(BAD, tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_text("不打折的\n", encoding="utf-8")
    data = json.loads(run("practice", "--replies", bad, "--json").stdout)
    assert not data["results"][0]["good"] and data["results"][0]["passes"] == []
    assert "refusal.no_discount" in data["results"][0]["problems"]


def test_report_page_lists_the_exams_mistake_book_items(tmp_path, db_url):
    from exam_helpers import take, write_exam

    exam = write_exam(tmp_path)
    assert take(exam, "s01", BAD, tmp_path / "out").exit_code == 0
    assert run("exam", "collect", exam, tmp_path / "out").exit_code == 0
    page = tmp_path / "s01.html"
    assert run("report", "mid1", "s01", "--html", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "错题本" in html and "还没练" in html and "-30" in html
    assert "@page{size:A4" in html  # prints on A4
    items = book_items("s01")
    assert [(it.reply, it.exam_id) for it in items] == [("不打折", "mid1")]


def test_the_schedule_runs_on_the_commands_wall_clock(tmp_path, monkeypatch):
    """Two good rewrites on two days retire an item: the days are the Env's, not the process's."""
    from dataclasses import replace
    from datetime import datetime

    from typer.testing import CliRunner

    from simulator.cli import get_app
    from simulator.env import Env

    monkeypatch.setenv("KEFU_STUDENT", "s01")
    drill(BAD, tmp_path)
    good = tmp_path / "good.txt"
    good.write_text("您好亲,这款已经是活动价了,我给您申请个小赠品好吗?\n", encoding="utf-8")

    def practise(moment: datetime) -> dict:
        env = replace(Env.from_process(), wall=moment.timestamp)
        result = CliRunner().invoke(get_app(), ["practice", "--replies", str(good), "--json"],
                                    obj=env)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    first = practise(datetime(2031, 5, 6, 9, 30))
    assert first["results"][0]["passes"] == ["2031-05-06"] and not first["results"][0]["done"]
    assert practise(datetime(2031, 5, 6, 21, 0))["results"] == []  # the same day: not asked
    second = practise(datetime(2031, 5, 7, 8, 0))
    assert second["results"][0]["passes"] == ["2031-05-06", "2031-05-07"]
    assert second["results"][0]["done"] and second["left"] == 0
    assert book_items("s01")[0].done_at.startswith("2031-05-07")
