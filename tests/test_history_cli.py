"""``kefu history`` and drills being recorded in the gradebook."""

from __future__ import annotations

import json
import uuid

from typer.testing import CliRunner

from simulator.cli import get_app
from simulator.history import summarize, trend
from simulator.storage import Gradebook, NewAttempt, Student

RUDE = "您好亲,欢迎光临!\n我们的商品都不讲价的,爱买不买\n不能便宜\n"
GOOD = "您好亲,这款是纯棉的,品质很好,可以送您一个赠品,现在拍下马上发货\n谢谢亲\n"


def run(*args, env=None):
    return CliRunner().invoke(get_app(), list(args), env={"COLUMNS": "200", **(env or {})})


def drill(tmp_path, replies: str, seed: int, env=None):
    path = tmp_path / f"replies-{uuid.uuid4().hex}.txt"
    path.write_text(replies, encoding="utf-8")
    result = run("drill", "-s", "bargain_others_discount", "--seed", str(seed), "--replies",
                 str(path), "--json", env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_drills_are_recorded_and_summarised(db_url, tmp_path):
    scores = [drill(tmp_path, RUDE, 1)["score"]["total"], drill(tmp_path, RUDE, 2)["score"]["total"],
              drill(tmp_path, GOOD, 3)["score"]["total"]]
    result = run("history", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["student"]["id"] == "local"
    assert data["count"] == 3 and data["drills"] == 3 and data["exams"] == 0
    assert [a["total"] for a in data["attempts"]] == scores
    from scenarios.loader import find

    assert data["attempts"][0]["scenario_title"] == find("bargain_others_discount").title
    assert data["best"] == max(scores)
    assert data["average"] == round(sum(scores) / 3, 1)
    phrases = {f["phrase"]: f for f in data["frequent_forbidden"]}
    assert phrases["不讲价"]["count"] == 2 and phrases["不讲价"]["severity"] == "major"
    assert "赠品" in phrases["不讲价"]["suggestion"]  # the lexicon's better phrasing
    assert data["frequent_forbidden"][0]["count"] >= data["frequent_forbidden"][-1]["count"]
    averages = [d["average"] for d in data["weakest_dimensions"]]
    assert averages == sorted(averages)
    # the same transcript twice is still one attempt (resume/finish again is idempotent)
    with Gradebook.open(db_url) as book:
        attempt = book.attempts(student_id="local", with_transcripts=True)[0]
        assert book.record_drill(attempt.transcript) == "unchanged"

    text = run("history")
    assert text.exit_code == 0
    assert "不讲价" in text.stdout and "×2" in text.stdout
    assert any(ch in text.stdout for ch in "▁▂▃▄▅▆▇█")


def test_history_of_a_named_student_includes_exams(db_url):
    with Gradebook.open(db_url) as book:
        book.save_exam("e1", "期中", "h", "id: e1\n", ["s1"])
        for n, total in enumerate([30, 50, 90]):
            book.add_attempt(NewAttempt(
                uid=uuid.uuid4().hex, student_id="s01", scenario_id="s1", scenario_hash="h",
                seed=1, transcript={"turns": []}, total=total,
                dimensions={"politeness": total, "forbidden": 100 - total},
                finished_at=f"2026-03-0{n + 1}T10:00:00.000Z", exam_id="e1", sitting=n + 1,
                mistakes=[{"rule": "refusal.dont_know", "phrase": "不 知 道", "severity": "major"}]),
                Student("s01", "王<b>小明</b>", "电商1班"))
    data = json.loads(run("history", "--student", "s01", "--json").stdout)
    assert data["student"]["name"] == "王<b>小明</b>"
    assert data["exams"] == 3 and [a["total"] for a in data["attempts"]] == [30, 50, 90]
    assert data["weakest_dimensions"][0] == {"dimension": "forbidden", "average": 43.3,
                                             "attempts": 3}
    assert data["frequent_forbidden"][0]["phrase"] == "不知道"  # spaces inside do not split it
    assert data["frequent_forbidden"][0]["count"] == 3
    text = run("history", "--student", "s01").stdout
    assert "王<b>小明</b>" in text and "e1 / s1" in text  # no title recorded: the id


def test_unknown_student_and_empty_history(db_url):
    missing = run("history", "--student", "nobody")
    assert missing.exit_code == 3 and "nobody" in missing.output
    empty = run("history")
    assert empty.exit_code == 0 and "kefu drill" in empty.stdout


def test_a_drill_survives_a_broken_gradebook(tmp_path, kefu_home):
    result = run("drill", "-s", "bargain_others_discount", "--seed", "1", "--replies", "-",
                 "--json", env={"KEFU_DB": "mysql://nowhere/db"})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outcome"] is not None
    assert "⚠" in result.stderr and "mysql" in result.stderr
    assert len(list((kefu_home / "drills").glob("*.json"))) == 1


def test_trend_compares_the_last_five_with_the_five_before():
    assert trend([50] * 9) is None
    assert trend([40] * 5 + [60] * 5) == 20.0
    assert trend([99] + [80] * 5 + [70] * 5) == -10.0


def test_summary_without_attempts():
    data = summarize({"id": "x"}, [])
    assert data["count"] == 0 and data["best"] is None and data["frequent_forbidden"] == []


def test_kefu_student_names_whose_drills_these_are(db_url, tmp_path):
    with Gradebook.open(db_url) as book:
        book.upsert_student(Student("s07", "王小明", "电商1班", "红队"))
    env = {"KEFU_STUDENT": "s07"}
    drill(tmp_path, RUDE, 1, env=env)
    data = json.loads(run("history", "--json", env=env).stdout)
    assert data["student"] == {"id": "s07", "name": "王小明", "class_name": "电商1班",
                               "team": "红队"}  # the gradebook's record is kept
    assert data["drills"] == 1
    assert json.loads(run("history", "--json").stdout)["count"] == 0  # not the local user's
    bad = {"KEFU_STUDENT": "../x"}
    result = run("drill", "-s", "bargain_others_discount", "--seed", "1", "--replies", "-",
                 "--json", env=bad)
    assert result.exit_code == 0 and "KEFU_STUDENT" in result.stderr  # saved, not recorded
    assert run("history", env=bad).exit_code == 2
